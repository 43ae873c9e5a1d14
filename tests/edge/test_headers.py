"""What public pages tell caches: Cache-Control for shared caches, surrogate keys naming what the
page shows, no cookie; and that nothing else may be kept by a shared cache."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import ShareLink, Status
from tests import factories
from tests.articles.site_fixtures import newsroom, publish
from tests.articles.test_editing import admin_edit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]


@pytest.fixture
def site(settings):
    settings.PUBLIC_MAX_AGE, settings.EDGE_MAX_AGE = 30, 3600
    settings.EDGE_STALE_WHILE_REVALIDATE, settings.EDGE_STALE_IF_ERROR = 60, 86400
    articles = newsroom(2)
    article = articles[0]
    article.corrections.create(kind="correction", text="A date was wrong.", created_by=None)
    return articles


def public_urls(article):
    author = article.bylines.first().author
    section = article.section
    tag = article.tags.get(name="NATO")
    return {
        "home": ("/", {"home", "nav"}),
        "article": (article.get_absolute_url(), {f"a{article.pk}", "nav"}),
        "section": (section.get_absolute_url(), {f"s{section.pk}", "nav"}),
        "tag": (f"/tag/{tag.slug}/", {f"t{tag.pk}", "nav"}),
        "author": (author.get_absolute_url(), {f"au{author.pk}", "nav"}),
        "search": ("/search/?q=headline", {"search", "nav"}),
        "corrections": ("/corrections/", {"corrections", "nav"}),
        "feed": ("/feeds/rss/", {"feeds"}),
        "section feed": (f"{section.get_absolute_url()}atom/", {"feeds", f"s{section.pk}"}),
        "tag feed": (f"/tag/{tag.slug}/rss/", {"feeds", f"t{tag.pk}"}),
        "author feed": (f"{author.get_absolute_url()}rss/", {"feeds", f"au{author.pk}"}),
        "corrections feed": ("/corrections/rss/", {"feeds", "corrections"}),
        "sitemap index": ("/sitemap.xml", {"sitemaps"}),
        "sitemap": ("/sitemap-articles.xml", {"sitemaps"}),
        "news sitemap": ("/news-sitemap.xml", {"sitemaps"}),
        "robots": ("/robots.txt", set()),
        "ninjs list": ("/api/ninjs/", {"ninjs"}),
        "ninjs item": (f"/api/ninjs/{article.pk}/", set()),
    }


CACHE_CONTROL = {
    "public",
    "max-age=30",
    "s-maxage=3600",
    "stale-while-revalidate=60",
    "stale-if-error=86400",
}


def directives(response) -> set[str]:
    return {part.strip() for part in response["Cache-Control"].split(",")}


@pytest.mark.parametrize("logged_in", [False, True])
@pytest.mark.parametrize("cached", [True, False])
def test_every_public_page_may_be_kept_by_shared_caches_and_sets_no_cookie(
    client, site, editor, settings, logged_in, cached
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600 if cached else 0
    if logged_in:
        client.force_login(editor)
    for name, (url, _keys) in public_urls(site[0]).items():
        for attempt in range(2):  # rendered, then (page cache on) from the page cache
            response = client.get(url)
            assert response.status_code == 200, (name, attempt)
            assert directives(response) == CACHE_CONTROL, name
            assert not response.cookies, name
            assert "Cookie" not in response.get("Vary", ""), name
            assert response["Surrogate-Key"] == response["xkey"], name


def test_surrogate_keys_name_what_the_page_shows(client, site):
    shown = {f"a{article.pk}" for article in site}
    for name, (url, keys) in public_urls(site[0]).items():
        found = set(client.get(url)["Surrogate-Key"].split())
        assert keys | {"all"} <= found, name
        if name in {"home", "section", "tag", "author", "search", "feed", "ninjs list"}:
            assert shown <= found, name  # every teaser on a list
    article = site[0]
    page_keys = set(client.get(article.get_absolute_url())["Surrogate-Key"].split())
    # Not its section's list; the articles' keys are its own and its related stories'.
    assert f"a{article.pk}" in page_keys
    assert {key for key in page_keys if not re.fullmatch(r"a\d+", key)} == {"nav", "all"}


def test_no_shared_cache_keeps_the_page_past_the_next_scheduled_article(client, settings):
    settings.PUBLIC_MAX_AGE, settings.EDGE_MAX_AGE = 30, 3600
    publish(factories.make_article())
    publish(factories.make_article(), when=timezone.now() + timedelta(seconds=20))
    found = directives(client.get("/"))
    max_age = next(int(d.split("=")[1]) for d in found if d.startswith("max-age="))
    s_maxage = next(int(d.split("=")[1]) for d in found if d.startswith("s-maxage="))
    assert 15 <= max_age <= 20 and 15 <= s_maxage <= 20


def private(response) -> bool:
    found = directives(response)
    return (
        {"private", "no-store"} <= found
        and "public" not in found
        and "Surrogate-Key" not in response
    )


def test_the_desk_previews_and_errors_are_never_kept_by_a_shared_cache(client, editor):
    draft = factories.make_article(status=Status.EDIT)
    published = publish(factories.make_article())
    expires = timezone.now() + timedelta(days=1)
    link = ShareLink.objects.create(article=draft, created_by=editor, expires_at=expires)
    assert private(client.get(reverse("admin:login")))
    client.force_login(editor)
    assert private(client.get(reverse("admin:index")))
    assert private(client.get(reverse("admin:articles_article_changelist")))
    assert private(client.get(reverse("admin:articles_article_change", args=[draft.pk])))
    preview = client.get(link.get_absolute_url())
    assert preview.status_code == 200 and private(preview)
    assert private(client.get("/no-such-page/"))  # a 404 must not outlive a publication
    assert private(client.get(draft.get_absolute_url()))
    old = published.get_absolute_url().replace(published.slug, "an-old-slug")
    assert client.get(published.get_absolute_url()).status_code == 200
    assert private(client.get(old))


def test_conditional_gets_still_answer_304_with_the_headers(client, site):
    url = site[0].get_absolute_url()
    first = client.get(url)
    again = client.get(url, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    assert directives(again) == CACHE_CONTROL


def test_a_message_waiting_for_the_desk_is_left_alone_by_public_pages(client, editor):
    article = publish(factories.make_article(headline="Before"))
    client.force_login(editor)
    saved = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        admin_edit(article, headline="After", slug=article.slug),
    )
    assert saved.status_code == 302 and "messages" in client.cookies  # "changed successfully"

    for url in ["/", article.get_absolute_url(), "/feeds/rss/"]:
        response = client.get(url)
        assert not response.cookies, url  # the message is neither read nor rewritten
        assert "public" in directives(response), url
    assert "was changed successfully" in client.get(reverse("admin:index")).text
