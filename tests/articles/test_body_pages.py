"""Inline photos and embeds from the editor's save to readers, feeds, partners and search engines:
kept in the teaser row, checked before publishing, framed only on a click and only from their
provider, and costing the article page no query of their own."""

import json
import re

import feedparser
import pytest
from django.db import connection
from django.db.models import ProtectedError
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import teasers, workflow
from articles.models import Article, BodyPhoto, Status
from tests import factories
from tests.articles.test_body import Resources, off_site

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
EMBED = (
    f'<figure data-embed="youtube" data-embed-id="dQw4w9WgXcQ" data-embed-url="{YOUTUBE}"></figure>'
)


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://news.example"


def photo(**fields):
    fields.setdefault("caption", "Ministers arrive")
    fields.setdefault("credit_line", "EPA-EFE/KOCA")
    fields.setdefault("alt_text", "Two ministers at a door")
    return factories.make_photo(**fields)


def figure(pk):
    return f'<figure data-photo="{pk}"></figure>'


def write(article, body, user):
    """The editor's save: the one save path, which keeps the body's photo links."""
    article.body = body
    factories.save_revision(article, user)
    article.refresh_from_db()
    return article


def published(editor, body):
    article = factories.make_article(status=Status.EDIT, headline="Summit opens")
    write(article, body, editor)
    workflow.perform(article, "publish", editor)
    article.refresh_from_db()
    return article


@pytest.fixture
def story(editor):
    inline = photo()
    article = published(editor, f"<p>First.</p>{figure(inline.pk)}<p>Second.</p>{EMBED}")
    return article, inline


# --- the page -----------------------------------------------------------------------------


def test_the_page_shows_the_inline_photo_with_credit_and_the_embed_as_a_button(client, story):
    article, inline = story
    html = client.get(article.get_absolute_url()).content.decode()
    body = html.split('<div class="story-body">', 1)[1].split("</div>\n", 1)[0]
    assert '<figure class="photo photo-inline">' in body
    assert 'alt="Two ministers at a door"' in body and "© EPA-EFE/KOCA" in body
    assert "Load content from YouTube" in body
    assert "<iframe" not in html
    assert 'src="/static/site/embeds.js" defer' in html or "site/embeds" in html


def test_nothing_on_the_page_loads_from_a_third_party_before_a_click(client, story):
    article, _ = story
    html = client.get(article.get_absolute_url()).content.decode()
    # The page's own assets are on this site; the only way off it is a link a reader follows.
    assert [(tag, name) for tag, name, _ in off_site(html)] == [("a", "href")]
    assert [value for tag, _, value in off_site(html)] == [YOUTUBE]
    loaders = [found for found in Resources(html).found if found[1] in ("src", "srcset")]
    assert loaders and all(value.startswith("/") for _, _, value in loaders)


def test_the_policy_frames_only_the_embedded_provider(client, story, editor):
    article, _ = story
    policy = client.get(article.get_absolute_url())["Content-Security-Policy"]
    assert "frame-src https://www.youtube-nocookie.com" in policy
    frame_src = re.search(r"frame-src ([^;]*)", policy)[1]
    assert frame_src.split() == ["https://www.youtube-nocookie.com"]
    assert "script-src 'self'" in policy  # the rest of the policy is the site's

    plain = published(editor, "<p>No embeds.</p>")
    assert "frame-src" not in client.get(plain.get_absolute_url())["Content-Security-Policy"]


def test_a_page_from_the_page_cache_keeps_its_frame_policy(client, story, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    article, _ = story
    client.get(article.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        policy = client.get(article.get_absolute_url())["Content-Security-Policy"]
    assert len(queries) == 0  # served from the page cache
    assert "frame-src https://www.youtube-nocookie.com" in policy


def test_a_share_link_preview_shows_inline_photos_and_frames_its_embed(client, editor):
    from datetime import timedelta

    from django.utils import timezone

    from articles.models import ShareLink

    inline = photo()
    draft = write(factories.make_article(), f"{figure(inline.pk)}{EMBED}", editor)
    link = ShareLink.objects.create(article=draft, expires_at=timezone.now() + timedelta(days=1))
    response = client.get(link.get_absolute_url())
    html = response.content.decode()
    assert '<figure class="photo photo-inline">' in html and "© EPA-EFE/KOCA" in html
    assert "frame-src https://www.youtube-nocookie.com" in response["Content-Security-Policy"]


@pytest.mark.usefixtures("no_page_cache")
def test_ten_inline_photos_cost_the_page_no_more_queries_than_one(client, editor):
    def queries_for(count):
        photos = [photo() for _ in range(count)]
        article = published(
            editor, "".join(f"<p>{n}</p>{figure(p.pk)}" for n, p in enumerate(photos))
        )
        url = article.get_absolute_url()
        assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as queries:
            html = client.get(url).content.decode()
        assert html.count('<figure class="photo photo-inline">') == count
        return len(queries)

    assert queries_for(1) == queries_for(10) == 3  # the budget of test_pages_queries


# --- the rows ------------------------------------------------------------------------------


def test_the_save_keeps_the_bodys_photo_links(editor):
    first, second = photo(), photo()
    article = write(factories.make_article(), figure(first.pk) + figure(second.pk), editor)
    assert set(BodyPhoto.objects.filter(article=article).values_list("photo_id", flat=True)) == {
        first.pk,
        second.pk,
    }
    write(article, figure(second.pk) + figure(987654), editor)
    assert list(BodyPhoto.objects.filter(article=article).values_list("photo_id", flat=True)) == [
        second.pk
    ]


def test_a_credit_change_rewrites_the_rows_of_articles_showing_the_photo_inline(client, story):
    article, inline = story
    inline.credit_line = "Reuters/NEW NAME"
    inline.save()
    assert article.pk in teasers.refresh_for_photo(inline)
    row = Article.objects.get(pk=article.pk).teaser
    assert row.data["body_photos"][str(inline.pk)]["credit"] == "© Reuters/NEW NAME"
    assert "© Reuters/NEW NAME" in client.get(article.get_absolute_url()).content.decode()


def test_the_photo_desks_new_credit_reaches_cached_pages_showing_the_photo_inline(
    client, story, photodesk, settings, django_capture_on_commit_callbacks
):
    from tests.media_assets.test_admin import EMPTY_FORM

    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    article, inline = story
    assert "© EPA-EFE/KOCA" in client.get(article.get_absolute_url()).text  # now in the cache
    url = reverse("admin:media_assets_photo_change", args=[inline.pk])
    form = {**EMPTY_FORM, "focal_x": "0.5", "focal_y": "0.5", "credit_line": "AP/DESK"}
    form.update(caption=inline.caption, alt_text=inline.alt_text)
    client.force_login(photodesk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, form)
    client.logout()
    assert response.status_code == 302
    page = client.get(article.get_absolute_url()).text
    assert "© AP/DESK" in page and "EPA-EFE/KOCA" not in page


def test_a_photo_a_body_shows_cannot_be_deleted(story):
    _, inline = story
    with pytest.raises(ProtectedError):
        inline.delete()


# --- publishing ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "lacks"),
    [
        ({"credit_line": "", "creator": "", "source": ""}, "lacks a credit"),
        ({"alt_text": ""}, "lacks alt text"),
        ({"alt_text": "", "credit_line": "", "creator": "", "source": ""}, "a credit and alt text"),
    ],
)
def test_an_inline_photo_without_credit_or_alt_text_blocks_publishing(editor, fields, lacks):
    inline = photo(caption="Harbour at dawn", **fields)
    article = write(factories.make_article(status=Status.EDIT), figure(inline.pk), editor)
    with pytest.raises(workflow.TransitionBlocked) as blocked:
        workflow.perform(article, "publish", editor)
    [message] = blocked.value.messages
    assert f"“Harbour at dawn” (#{inline.pk}) in the body" in message and lacks in message
    assert Article.objects.get(pk=article.pk).status == Status.EDIT


def test_an_inline_photo_with_an_expired_licence_blocks_publishing(editor):
    from datetime import date

    inline = photo(licence_expires=date(2020, 1, 1))
    article = write(factories.make_article(status=Status.EDIT), figure(inline.pk), editor)
    with pytest.raises(workflow.TransitionBlocked, match="licence expired on 01 January 2020"):
        workflow.perform(article, "publish", editor)


def test_a_body_showing_a_photo_that_is_not_in_the_library_blocks_publishing(editor):
    article = write(factories.make_article(status=Status.EDIT), figure(987654), editor)
    with pytest.raises(workflow.TransitionBlocked, match="photo #987654, which is not in the"):
        workflow.perform(article, "publish", editor)


def test_credited_inline_photos_with_alt_text_publish(editor, story):
    article, _ = story
    assert article.status == Status.PUBLISHED


# --- feeds, ninjs, JSON-LD -------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_feeds_carry_the_body_with_absolute_photos_credits_and_embeds_as_links(client, story, kind):
    article, inline = story
    parsed = feedparser.parse(client.get(f"/feeds/{kind}/").content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    [entry] = parsed.entries
    html = entry.content[0].value
    assert "<iframe" not in html and "<script" not in html and "<button" not in html
    [src] = [value for tag, name, value in Resources(html).found if tag == "img"]
    assert src.startswith("https://news.example/media/")
    assert "© EPA-EFE/KOCA" in html and 'alt="Two ministers at a door"' in html
    assert f'<a href="{YOUTUBE}" rel="noopener noreferrer">YouTube: {YOUTUBE}</a>' in html
    assert "<p>First.</p>" in html
    assert entry.summary == article.standfirst  # the summary stays the standfirst


def test_ninjs_carries_inline_photos_as_credited_associations_and_embeds_as_links(client, story):
    from jsonschema import Draft202012Validator, FormatChecker
    from referencing import Registry, Resource

    from tests.wire.test_export import SCHEMA

    article, inline = story
    document = client.get(reverse("wire:ninjs-detail", args=[article.pk])).json()
    geojson = Resource.from_contents(
        {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object"}
    )
    registry = Registry().with_resource("https://geojson.org/schema/GeoJSON.json", geojson)
    validator = Draft202012Validator(SCHEMA, registry=registry, format_checker=FormatChecker())
    assert [e.message for e in validator.iter_errors(document)] == []
    [picture] = document["associations"]
    assert picture["name"] == f"photo-{inline.pk}" and picture["type"] == "picture"
    assert picture["by"] == "EPA-EFE/KOCA"
    assert picture["uri"] == f"urn:newsroom:photo:{inline.sha256}"
    assert picture["descriptions"][0]["value"] == "Ministers arrive"
    assert picture["renditions"][0]["href"].startswith("https://news.example/media/")
    html = document["bodies"][0]["value"]
    assert "<iframe" not in html and "data-photo" not in html and "data-embed" not in html
    assert '<img src="https://news.example/media/' in html and "© EPA-EFE/KOCA" in html
    assert f'<a href="{YOUTUBE}"' in html


def test_json_ld_lists_inline_photos_with_credits_and_cites_the_embed(client, story):
    article, inline = story
    html = client.get(article.get_absolute_url()).content.decode()
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(block)
    [image] = data["associatedMedia"]
    assert image["@type"] == "ImageObject"
    assert image["creditText"] == "© EPA-EFE/KOCA"
    assert image["copyrightNotice"] == "© EPA-EFE/KOCA"
    assert image["caption"] == "Ministers arrive"
    assert image["contentUrl"].startswith("https://news.example/media/")
    assert data["citation"] == [{"@type": "CreativeWork", "url": YOUTUBE, "provider": "YouTube"}]


def test_a_row_built_on_the_spot_reads_the_photos_from_the_body_as_it_stands(editor):
    """A share link's or a preview's row: the body may name photos no save has linked yet."""
    inline = photo(caption="Unsaved choice")
    article = factories.make_article()
    article.body = figure(inline.pk) + figure(987654)
    row = teasers.build(article, [], [])
    assert list(row.data["body_photos"]) == [str(inline.pk)]
    assert row.data["body_photos"][str(inline.pk)]["caption"] == "Unsaved choice"


def test_the_photo_desk_sees_which_articles_show_a_photo_in_their_body(client, story, photodesk):
    article, inline = story
    unused = photo()
    client.force_login(photodesk)
    page = client.get(reverse("admin:media_assets_photo_change", args=[inline.pk])).text
    link = reverse("admin:articles_article_change", args=[article.pk])
    assert f'<a href="{link}">Summit opens (Published)</a>, in the body' in page
    listed = client.get(reverse("admin:media_assets_photo_changelist"), {"used": "body"})
    assert [p.pk for p in listed.context["cl"].result_list] == [inline.pk]
    listed = client.get(reverse("admin:media_assets_photo_changelist"), {"used": "no"})
    assert [p.pk for p in listed.context["cl"].result_list] == [unused.pk]
