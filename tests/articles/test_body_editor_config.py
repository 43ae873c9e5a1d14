"""The body editor's configuration (articles/prose.py) against the allow-list nh3 keeps, its page
under the CSP, and the photo chooser it asks for the library's photos."""

import json
import re

import pytest
from django.urls import reverse

from articles.html import ALLOWED_ATTRIBUTES, ALLOWED_CLASSES, ALLOWED_TAGS, URL_SCHEMES
from articles.prose import EXTENSIONS, BodyEditorWidget, editor_allowlist
from media_assets.uploads import import_photo
from tests.factories import image_bytes, make_article, make_photo, make_user

PHOTOS = reverse("admin:articles_article_photos")

# What the allow-list keeps for wire copy and older bodies but the editor writes otherwise
# (<strong>, <em>).
NOT_WRITTEN_BY_THE_EDITOR = {"b", "i"}


def test_the_editor_writes_no_tag_attribute_class_or_link_scheme_outside_the_allow_list():
    allowlist = editor_allowlist()
    assert allowlist["tags"] <= ALLOWED_TAGS
    for tag, attributes in allowlist["attributes"].items():
        # nh3 sets rel on every link itself (link_rel), whatever the editor wrote.
        assert attributes - {"rel"} <= ALLOWED_ATTRIBUTES.get(tag, set()), tag
    for tag, classes in allowlist["allowed_classes"].items():
        assert classes <= ALLOWED_CLASSES.get(tag, set()), tag
    assert allowlist["url_schemes"] == URL_SCHEMES


def test_the_editor_writes_every_block_and_mark_the_allow_list_keeps_for_editors():
    allowlist = editor_allowlist()
    assert ALLOWED_TAGS - allowlist["tags"] == NOT_WRITTEN_BY_THE_EDITOR
    assert allowlist["allowed_classes"] == ALLOWED_CLASSES
    assert allowlist["attributes"]["figure"] == ALLOWED_ATTRIBUTES["figure"]


def test_the_textarea_carries_the_extensions_and_the_photo_chooser_address():
    html = BodyEditorWidget().render("body", "<p>Text</p>", attrs={"id": "id_body"})
    config = json.loads(
        re.search(r'data-django-prose-editor-articles="([^"]+)"', html)[1].replace("&quot;", '"')
    )
    extensions = config["extensions"]
    assert set(EXTENSIONS) - {"NoSpellCheck"} <= set(extensions)
    assert "NoSpellCheck" not in extensions  # the browser's spelling check stays on
    assert "HTML" not in extensions  # no raw HTML editing
    assert extensions["ArticleHeading"] == {"levels": [2, 3, 4]}
    assert extensions["LibraryPhoto"] == {"photosUrl": PHOTOS}


@pytest.mark.django_db
def test_the_change_page_gives_the_editors_import_map_and_modules_the_csp_nonce(client, reporter):
    article = make_article(created_by=reporter)
    client.force_login(reporter)
    response = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])[1]
    html = response.content.decode()
    importmap = re.search(r'<script type="importmap" nonce="([^"]+)">([^<]+)</script>', html)
    assert importmap[1] == nonce
    imports = json.loads(importmap[2])["imports"]
    assert imports["articles/prose-extensions"] == "/static/articles/prose-extensions.js"
    assert imports["django-prose-editor/editor"] == "/static/django_prose_editor/editor.js"
    module = f'<script src="/static/articles/prose-body.js" nonce="{nonce}" type="module">'
    assert module in html
    assert "body-editor.js" not in html
    assert 'data-django-prose-editor-articles="' in html


@pytest.mark.django_db
def test_the_photo_chooser_finds_photos_by_caption_or_credit_with_what_the_editor_shows(
    client, reporter
):
    danube = make_photo(caption="The Danube at dawn", credit_line="Reuters/Ann Lee", alt_text="")
    make_photo(caption="Flooded street", credit_line="EPA/Jane Roe")
    client.force_login(reporter)

    found = client.get(PHOTOS, {"term": "danube"}).json()["results"]
    assert [photo["id"] for photo in found] == [danube.pk]
    assert found[0]["label"] == "The Danube at dawn"
    assert found[0]["credit"] == "© Reuters/Ann Lee"
    assert found[0]["alt_text"] == ""
    assert found[0]["thumbnail"].startswith("/media/")

    by_credit = client.get(PHOTOS, {"term": "jane roe"}).json()["results"]
    assert [photo["label"] for photo in by_credit] == ["Flooded street"]
    by_id = client.get(PHOTOS, {"id": f"{danube.pk},x"}).json()["results"]
    assert [photo["id"] for photo in by_id] == [danube.pk]
    assert len(client.get(PHOTOS).json()["results"]) == 2


@pytest.mark.django_db
def test_the_photo_chooser_does_not_query_once_per_photo(
    client, reporter, django_assert_max_num_queries
):
    photos = 12
    for n in range(photos):
        import_photo(image_bytes(color=(20 * n, 90, 160)), filename="p.jpg", fields={})
    client.force_login(reporter)
    client.get(PHOTOS)  # makes the thumbnails the first time
    with django_assert_max_num_queries(8):
        assert len(client.get(PHOTOS).json()["results"]) == photos


@pytest.mark.django_db
def test_the_photo_chooser_is_only_for_those_who_may_write_articles(client):
    make_photo()
    client.force_login(make_user())  # staff, with no permission at all
    assert client.get(PHOTOS, {"term": "test"}).status_code == 403
    client.logout()
    assert client.get(PHOTOS).status_code == 302  # to the login page


EMBED = reverse("admin:articles_article_embed")


@pytest.mark.django_db
def test_the_embed_check_answers_with_the_server_s_own_reading_of_the_address(client, reporter):
    client.force_login(reporter)

    found = client.get(EMBED, {"url": "https://youtu.be/dQw4w9WgXcQ"})
    refused = client.get(EMBED, {"url": "https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ"})

    assert found.json() == {
        "provider": "youtube",
        "id": "dQw4w9WgXcQ",
        "url": "https://youtu.be/dQw4w9WgXcQ",
        "label": "YouTube",
    }
    assert refused.status_code == 400
    assert "is not an address we can embed" in refused.json()["error"]
    assert "YouTube" in refused.json()["error"] and "OpenStreetMap" in refused.json()["error"]


@pytest.mark.django_db
def test_the_embed_check_is_for_those_who_write_articles(client, reader):
    client.force_login(reader)
    assert client.get(EMBED, {"url": "https://youtu.be/dQw4w9WgXcQ"}).status_code in (302, 403)
