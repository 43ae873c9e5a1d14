"""sitemap.xml lists every public page; the Google News sitemap only the last two days'."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from articles.models import Status
from tests import factories
from tests.articles.site_fixtures import newsroom, publish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://news.example"


def locations(client, url):
    response = client.get(url)
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    return root, [loc.text for loc in root.findall("s:url/s:loc", NS)]


def parts(client):
    """The sitemaps that /sitemap.xml lists, as paths on this site."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    listed = [loc.text for loc in root.findall("s:sitemap/s:loc", NS)]
    assert all(url.startswith("https://news.example/sitemap-") for url in listed)
    return [url.removeprefix("https://news.example") for url in listed]


def every_location(client):
    return [url for part in parts(client) for url in locations(client, part)[1]]


def test_the_sitemap_lists_articles_sections_tags_and_authors(client):
    article = newsroom(1)[0]
    draft = factories.make_article(status=Status.EDIT, tags=["Hidden"])
    assert parts(client) == [
        "/sitemap-articles.xml",
        "/sitemap-sections.xml",
        "/sitemap-tags.xml",
        "/sitemap-authors.xml",
    ]
    urls = every_location(client)
    author = article.bylines.first().author
    base = "https://news.example"
    assert base + article.get_absolute_url() in urls
    assert base + article.section.get_absolute_url() in urls
    assert base + "/tag/nato/" in urls
    assert base + author.get_absolute_url() in urls
    assert base + draft.get_absolute_url() not in urls
    assert base + "/tag/hidden/" not in urls


def test_the_news_sitemap_lists_only_the_last_two_days(client):
    fresh = publish(factories.make_article(headline="Today’s news"))
    old = publish(factories.make_article(), when=timezone.now() - timedelta(days=2, minutes=1))
    root, urls = locations(client, "/news-sitemap.xml")
    assert urls == ["https://news.example" + fresh.get_absolute_url()]
    assert "https://news.example" + old.get_absolute_url() not in urls
    news = root.find("s:url/news:news", NS)
    assert news.findtext("news:publication/news:name", namespaces=NS) == "Newsroom"
    assert news.findtext("news:publication/news:language", namespaces=NS) == "en"
    assert news.findtext("news:title", namespaces=NS) == "Today’s news"
    published = news.findtext("news:publication_date", namespaces=NS)
    assert published == timezone.localtime(fresh.published_at).replace(microsecond=0).isoformat()


def test_the_news_sitemap_holds_at_most_a_thousand_entries(client, monkeypatch):
    from articles import sitemaps

    monkeypatch.setattr(sitemaps, "NEWS_LIMIT", 3)
    newsroom(5, photo=False)
    _, urls = locations(client, "/news-sitemap.xml")
    assert len(urls) == 3
    assert sitemaps.NewsSitemap.limit == 1000


def test_the_articles_sitemap_comes_in_pages(client, monkeypatch):
    from articles import sitemaps

    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 2)
    articles = newsroom(3, photo=False)
    assert "/sitemap-articles.xml?p=2" in parts(client)
    urls = every_location(client)
    for article in articles:
        assert urls.count("https://news.example" + article.get_absolute_url()) == 1
    assert sitemaps.ARTICLES_PER_SITEMAP <= 50_000  # the protocol's limit per file


def test_an_unknown_sitemap_is_not_found(client):
    assert client.get("/sitemap-nothing.xml").status_code == 404
