"""RSS 2.0 and Atom feeds parse cleanly and carry authors, categories and the lead photo."""

import feedparser
import pytest

from articles.models import Status
from tests import factories
from tests.articles.site_fixtures import newsroom, publish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

FEEDS = [
    "/feeds/{kind}/",
    "/section/{section}/{kind}/",
    "/tag/nato/{kind}/",
    "/author/{author}/{kind}/",
]


@pytest.fixture
def articles(settings):
    settings.SITE_URL = "https://news.example"
    return newsroom(3)


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, (url, parsed.get("bozo_exception"))
    return response, parsed


@pytest.mark.parametrize("kind", ["rss", "atom"])
@pytest.mark.parametrize("pattern", FEEDS)
def test_every_feed_parses_cleanly_with_complete_entries(client, articles, pattern, kind):
    article = articles[-1]
    url = pattern.format(
        kind=kind, section=article.section.slug, author=article.bylines.first().author.slug
    )
    response, parsed = fetch(client, url)
    assert parsed.version == ("rss20" if kind == "rss" else "atom10")
    assert len(parsed.entries) == 3
    entry = parsed.entries[0]
    assert entry.title == article.headline
    assert entry.link == "https://news.example" + article.get_absolute_url()
    names = [b.author.name for b in article.bylines.all()]
    assert entry.author == " and ".join(names)
    terms = {tag.term for tag in entry.tags}
    assert {article.section.name, "Politics", "Europe", "NATO"} <= terms
    enclosures = [link for link in entry.links if link.rel == "enclosure"]
    assert len(enclosures) == 1
    assert enclosures[0].href.startswith("https://news.example/media/renditions/")
    assert enclosures[0].type in ("image/jpeg", "image/webp")
    assert int(enclosures[0].length) > 0
    assert "Last-Modified" in response and "ETag" in response


def test_the_feed_lists_only_public_articles(client, articles):
    draft = factories.make_article(status=Status.EDIT, headline="Not yet")
    _, parsed = fetch(client, "/feeds/rss/")
    assert "Not yet" not in [entry.title for entry in parsed.entries]
    publish(draft)
    from articles.cache import public_content_changed

    public_content_changed()
    _, parsed = fetch(client, "/feeds/rss/")
    assert parsed.entries[0].title == "Not yet"


def test_an_article_without_a_photo_has_no_enclosure(client, settings):
    publish(factories.make_article(headline="Words only"))
    _, parsed = fetch(client, "/feeds/atom/")
    assert [link for link in parsed.entries[0].links if link.rel == "enclosure"] == []


def test_a_feed_for_an_unknown_section_is_not_found(client, db):
    assert client.get("/section/nowhere/rss/").status_code == 404
