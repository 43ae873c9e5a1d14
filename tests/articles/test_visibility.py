"""Scheduled and embargoed articles stay off every public surface until their time, then appear:
pages, feeds, sitemaps, search, the ninjs API and structured data alike."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from articles import teasers, workflow
from articles.models import Article, Status
from tests import factories
from tests.articles.site_fixtures import publish

HEADLINE = "Zeppelin returns to the harbour"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def surfaces(article) -> dict[str, str]:
    """Every public address that could show the article, by name."""
    author = article.bylines.get().author
    return {
        "home": "/",
        "article page": article.get_absolute_url(),
        "section page": article.section.get_absolute_url(),
        "tag page": reverse("articles:tag", args=["zeppelins"]),
        "author page": author.get_absolute_url(),
        "search": "/search/?q=zeppelin",
        "rss": reverse("articles:feed_rss"),
        "atom": reverse("articles:feed_atom"),
        "section rss": reverse("articles:section_rss", args=[article.section.slug]),
        "sitemap": reverse("articles:sitemap_part", args=["articles"]),
        "news sitemap": reverse("articles:news_sitemap"),
        "ninjs list": reverse("wire:ninjs-list"),
        "ninjs item": reverse("wire:ninjs-detail", args=[article.pk]),
    }


def shown_on(client, article) -> dict[str, bool]:
    """For each surface: whether the article (or its JSON-LD) is there for a reader."""
    found = {}
    for name, url in surfaces(article).items():
        response = client.get(url)
        text = response.content.decode() if response.status_code == 200 else ""
        found[name] = HEADLINE in text or article.get_absolute_url() in text
    return found


def at(monkeypatch, moment):
    """Move the clock: Django's (for queries) and the system's (for cache expiry) together."""
    monkeypatch.setattr(timezone, "now", lambda: moment)
    monkeypatch.setattr("time.time", lambda: moment.timestamp())


@pytest.fixture
def control(db):
    """An ordinary published article in the same section, so every surface has something."""
    return publish(factories.make_article(headline="Ferries sail again", tags=["zeppelins"]))


def test_a_scheduled_article_is_nowhere_one_second_early_and_everywhere_after(
    client, editor, control, monkeypatch
):
    article = factories.make_article(
        status=Status.EDIT, headline=HEADLINE, section=control.section, tags=["zeppelins"]
    )
    when = timezone.now() + timedelta(hours=1)
    workflow.perform(article, "publish", editor, publish_at=when)
    article.refresh_from_db()

    at(monkeypatch, when - timedelta(seconds=1))
    before = shown_on(client, article)
    at(monkeypatch, when + timedelta(seconds=1))
    after = shown_on(client, article)

    assert not any(before.values()), before
    assert all(after.values()), after


def test_an_embargoed_article_is_absent_everywhere_until_the_embargo_ends(
    client, control, monkeypatch
):
    until = timezone.now() + timedelta(hours=3)
    article = publish(
        factories.make_article(headline=HEADLINE, section=control.section, tags=["zeppelins"])
    )
    Article.objects.filter(pk=article.pk).update(embargo_until=until)
    article.refresh_from_db()
    teasers.refresh([article.pk])  # as saving it in the admin does

    during = shown_on(client, article)
    at(monkeypatch, until + timedelta(seconds=1))
    after = shown_on(client, article)

    assert not any(during.values()), during
    assert all(after.values()), after


def test_a_cached_home_page_gives_way_when_a_scheduled_article_comes_due(
    client, editor, control, monkeypatch
):
    article = factories.make_article(status=Status.EDIT, headline=HEADLINE, section=control.section)
    when = timezone.now() + timedelta(minutes=5)
    workflow.perform(article, "publish", editor, publish_at=when)
    assert HEADLINE not in client.get("/").content.decode()  # cached now

    at(monkeypatch, when + timedelta(seconds=1))

    assert HEADLINE in client.get("/").content.decode()
