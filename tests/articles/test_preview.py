"""The desk's preview: the form as it stands, rendered through the public templates, saving
nothing, never cached or indexed, and only for those who may see the draft."""

import re

import pytest
from django.urls import reverse
from taggit.models import Tag, TaggedItem

from articles import preview, teasers
from articles.models import Article, Author, Byline, Revision, Status, Teaser
from audit.models import AuditEntry
from tests.articles.test_admin import form_data
from tests.factories import make_article, make_author, make_photo, make_section, save_revision

pytestmark = pytest.mark.django_db

ADD_PREVIEW = reverse("admin:articles_article_add_preview")


def preview_url(article, view=None):
    url = reverse("admin:articles_article_preview", args=[article.pk])
    return f"{url}?view={view}" if view else url


def unsaved(article, **overrides):
    """The change form of `article` with new text, a new byline and new tags, as typed."""
    data = form_data(
        section=article.section,
        author=Author.objects.filter(slug="helen-marsh").first() or make_author("Helen Marsh"),
        headline="Storm closes the coast road",
        slug=article.slug,
        body="<p>The road was shut at <b>noon</b>.</p><script>alert(1)</script>",
        tags="weather, coast roads",
        base_version=str(article.version),
    )
    return {**data, **overrides}


def counts():
    models = [Article, Revision, Teaser, AuditEntry, Byline, Tag, TaggedItem]
    return {model.__name__: model.objects.count() for model in models}


@pytest.fixture
def draft(reporter):
    article = make_article(created_by=reporter, headline="Old headline", tags=["old"])
    save_revision(article, reporter)
    return Article.objects.get(pk=article.pk)


def test_the_preview_shows_the_unsaved_form_and_saves_nothing(client, reporter, draft):
    client.force_login(reporter)
    before, version = counts(), draft.version

    response = client.post(preview_url(draft), unsaved(draft))

    assert response.status_code == 200
    html = response.text
    assert "<h1>Storm closes the coast road</h1>" in html
    assert "<p>The road was shut at <b>noon</b>.</p>" in html  # the sanitised body
    assert "alert(1)" not in html
    assert ">Helen Marsh</a>" in html
    assert ">weather</a>" in html and ">coast roads</a>" in html
    assert "Old headline" not in html
    assert counts() == before
    stored = Article.objects.get(pk=draft.pk)
    assert (stored.headline, stored.version) == ("Old headline", version)
    assert list(stored.tags.names()) == ["old"]


def test_a_write_made_while_previewing_is_rolled_back(client, editor, draft, monkeypatch):
    real_build = teasers.build

    def build_and_write(*args, **kwargs):
        Tag.objects.create(name="written by the preview")
        return real_build(*args, **kwargs)

    monkeypatch.setattr(preview.teasers, "build", build_and_write)
    client.force_login(editor)

    response = client.post(preview_url(draft), unsaved(draft))

    assert response.status_code == 200
    assert not Tag.objects.filter(name="written by the preview").exists()


def test_the_preview_ignores_a_stale_base_version(client, editor, draft):
    save_revision(draft, editor)  # someone saved after this form was opened
    client.force_login(editor)

    response = client.post(preview_url(draft), unsaved(draft, base_version="1"))

    assert response.status_code == 200
    assert "<h1>Storm closes the coast road</h1>" in response.text
    assert "while you were editing" not in response.text


def test_the_add_page_previews_a_new_article_without_making_it(client, reporter):
    client.force_login(reporter)
    data = form_data(section=make_section("World"), author=make_author("Helen Marsh"))

    response = client.post(ADD_PREVIEW, data)

    assert response.status_code == 200
    assert "<h1>Storm closes the coast road</h1>" in response.text
    assert ">Helen Marsh</a>" in response.text
    assert not Article.objects.exists() and not Tag.objects.exists()


def test_a_half_written_new_article_still_previews(client, editor):
    client.force_login(editor)
    response = client.post(ADD_PREVIEW, {"headline": "", "body": "<p>Only a start</p>"})
    assert response.status_code == 200
    assert "<p>Only a start</p>" in response.text


def test_a_reporter_cannot_preview_someone_elses_article(client, reporter, other_reporter, draft):
    client.force_login(other_reporter)
    assert client.post(preview_url(draft), unsaved(draft)).status_code == 404
    assert client.get(preview_url(draft)).status_code == 404


def test_the_public_cannot_preview(client, reader, draft):
    response = client.post(preview_url(draft), unsaved(draft))
    assert response.status_code == 302 and "/login/" in response.headers["Location"]
    client.force_login(reader)
    assert client.post(preview_url(draft), unsaved(draft)).status_code in (403, 404)
    assert client.post(ADD_PREVIEW, unsaved(draft)).status_code == 403


def test_a_reporter_previews_their_own_article_after_submitting_it(client, reporter, draft):
    Article.objects.filter(pk=draft.pk).update(status=Status.EDIT)  # read-only to them now
    client.force_login(reporter)

    response = client.post(preview_url(draft), unsaved(draft))

    assert response.status_code == 200
    assert "<h1>Old headline</h1>" in response.text  # they may not change it: the stored text


@pytest.mark.parametrize("view", ["article", "teaser", "search", "card"])
def test_every_view_is_never_cached_nor_indexed_and_framed_only_by_the_site(
    client, editor, draft, view
):
    client.force_login(editor)

    response = client.post(preview_url(draft, view), unsaved(draft))

    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    assert "private" in response.headers["Cache-Control"]
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert re.search(r'<meta name="robots" content="noindex[^"]*">', response.text)
    assert "frame-ancestors 'self'" in response.headers["Content-Security-Policy"]


def test_other_admin_pages_still_refuse_to_be_framed(client, editor, draft):
    client.force_login(editor)
    response = client.get(reverse("admin:articles_article_change", args=[draft.pk]))
    assert response.headers["X-Frame-Options"] == "DENY"


def test_the_teaser_view_shows_the_list_and_lead_teasers(client, editor, draft):
    client.force_login(editor)
    response = client.post(preview_url(draft, "teaser"), unsaved(draft))
    link = f'<a href="{draft.get_absolute_url()}">Storm closes the coast road</a>'
    assert response.text.count(link) == 2  # at the top of the home page, and in a list
    assert 'class="teaser teaser-lead"' in response.text


def test_the_search_view_lists_the_article_as_a_result(client, editor, draft):
    client.force_login(editor)
    response = client.post(preview_url(draft, "search"), unsaved(draft))
    assert "Search results for “Storm closes the”" in response.text
    assert "1 article found." in response.text
    assert '<h2 class="teaser-headline"><a href="' in response.text
    assert ">Storm closes the coast road</a></h2>" in response.text


def test_the_card_view_shows_what_networks_read(client, editor, draft, settings):
    settings.SITE_URL = "https://news.example"
    photo = make_photo(alt_text="Waves over the road")
    client.force_login(editor)
    data = unsaved(
        draft,
        social_headline="The coast road is shut",
        meta_description="Drivers should take the motorway.",
        social_image=str(photo.pk),
    )

    response = client.post(preview_url(draft, "card"), data)

    html = response.text
    assert '<dd class="og-title">The coast road is shut</dd>' in html
    assert '<dd class="og-description">Drivers should take the motorway.</dd>' in html
    assert '<dd class="og-site-name">Newsroom</dd>' in html
    assert re.search(r'<dd class="og-image">https://news\.example/media/', html)
    assert 'alt="Waves over the road"' in html
    assert Article.objects.get(pk=draft.pk).social_image is None


def test_the_card_falls_back_to_headline_and_standfirst(client, editor, draft):
    client.force_login(editor)
    response = client.post(preview_url(draft, "card"), unsaved(draft))
    assert '<dd class="og-title">Storm closes the coast road</dd>' in response.text
    assert "Drivers are asked to use the motorway." in response.text
    assert '<dd class="og-image">(none)</dd>' in response.text


def test_an_unknown_view_is_not_found(client, editor, draft):
    client.force_login(editor)
    assert client.post(preview_url(draft, "print"), unsaved(draft)).status_code == 404


def test_a_get_previews_the_saved_article(client, reporter, draft):
    client.force_login(reporter)
    response = client.get(preview_url(draft))
    assert response.status_code == 200
    assert "<h1>Old headline</h1>" in response.text
    assert "DRAFT" in response.text and "The article as saved" in response.text
    assert "no-store" in response.headers["Cache-Control"]


def test_unpublished_work_has_a_preview_link_and_published_work_view_on_site(client, editor):
    draft, public = make_article(), make_article(status=Status.PUBLISHED)
    client.force_login(editor)

    draft_page = client.get(reverse("admin:articles_article_change", args=[draft.pk])).text
    public_page = client.get(reverse("admin:articles_article_change", args=[public.pk])).text

    assert f'href="{preview_url(draft)}" target="_blank"' in draft_page
    assert "View on site" not in draft_page
    assert "View on site" in public_page
    assert f'href="{preview_url(public)}" target="_blank"' not in public_page


def test_the_form_has_a_preview_panel_and_a_new_tab_button(client, reporter, draft):
    client.force_login(reporter)
    for url, target in [
        (reverse("admin:articles_article_change", args=[draft.pk]), preview_url(draft)),
        (reverse("admin:articles_article_add"), ADD_PREVIEW),
    ]:
        html = client.get(url).text
        assert f'data-url="{target}"' in html
        assert f'formaction="{target}" formtarget="_blank"' in html
        assert "articles/preview.js" in html
        # After Save, so Enter in a field saves rather than opening a preview.
        assert html.index('name="_save"') < html.index("formtarget")


def test_the_preview_answers_only_get_and_post(client, editor, draft):
    client.force_login(editor)
    assert client.put(preview_url(draft)).status_code == 405


def test_bylines_follow_the_form_s_order_and_removals(client, editor, draft):
    kept, first, removed = make_author("Ann Lee"), make_author("Bo Chan"), make_author("Cy Dee")
    client.force_login(editor)
    rows = {
        "bylines-TOTAL_FORMS": "3",
        "bylines-INITIAL_FORMS": "0",
    }
    for index, (author, position, role) in enumerate(
        [(kept, 2, "additional"), (first, 1, "writer"), (removed, 0, "writer")]
    ):
        rows |= {
            f"bylines-{index}-author": author.pk,
            f"bylines-{index}-position": str(position),
            f"bylines-{index}-role": role,
        }
    rows["bylines-2-DELETE"] = "on"

    response = client.post(preview_url(draft), {**unsaved(draft), **rows})

    byline = re.search(r'<p class="byline">(.*?)</p>', response.text).group(1)
    assert re.sub(r"<[^>]+>", "", byline) == "By Bo Chan; additional reporting by Ann Lee"


def test_the_preview_shows_the_structured_body_and_frames_only_its_embed(client, editor, draft):
    """Inline photos and embeds of the unsaved body render as on the published page, and the
    full-page preview's policy frames that embed's provider (a click loads it) and no other."""
    photo = make_photo(credit_line="Jane Doe/Agency", alt_text="A flooded road")
    body = (
        f'<p>Before.</p><figure data-photo="{photo.pk}"></figure>'
        '<figure data-embed-url="https://www.youtube.com/watch?v=dQw4w9WgXcQ"></figure>'
    )
    client.force_login(editor)

    response = client.post(preview_url(draft), unsaved(draft, body=body))

    html = response.text
    assert "A flooded road" in html and "Jane Doe/Agency" in html
    assert "Load content from YouTube" in html
    assert "<iframe" not in html
    policy = response.headers["Content-Security-Policy"]
    frames = re.search(r"frame-src ([^;]+)", policy)
    assert frames and frames.group(1).split() == ["https://www.youtube-nocookie.com"]
