"""What machines read on an article page: title, description, canonical, cards and JSON-LD."""

import json
import re
from datetime import date, datetime

import pytest

from media_assets.uploads import import_photo
from tests import factories
from tests.articles.site_fixtures import publish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

SHAPES = {(1200, 1200), (1200, 900), (1200, 675)}


@pytest.fixture
def article(settings):
    settings.SITE_URL = "https://news.example"
    # Big enough for 1200-pixel crops, which are never enlarged.
    photo, _ = import_photo(
        factories.image_bytes(size=(1600, 1200)),
        filename="big.jpg",
        fields={
            "caption": "Jens Stoltenberg in Brussels",
            "alt_text": "A man at a lectern",
            "credit_line": "EPA-EFE/KOCA SULEJMANOVIC",
            "creator": "Koca Sulejmanovic",
            "copyright_notice": "© 2018 EPA-EFE",
        },
    )
    authors = [factories.make_author("Ann Lee"), factories.make_author("TASS", kind="agency")]
    return publish(
        factories.make_article(
            headline="NATO ready <for> dialogue",
            standfirst="Every required measure & more",
            section=factories.make_section("World"),
            bylines=authors,
            tags=["NATO", "Russia"],
            lead_photo=photo,
            dateline_place="Brussels",
            dateline_date=date(2018, 10, 31),
            dateline_source="TASS",
        )
    )


def page(client, article):
    return client.get(article.get_absolute_url()).content.decode()


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_the_head_names_title_description_and_canonical_url(client, article):
    html = page(client, article)
    url = "https://news.example" + article.get_absolute_url()
    assert "<title>NATO ready &lt;for&gt; dialogue | Newsroom</title>" in html
    assert '<meta name="description" content="Every required measure &amp; more">' in html
    assert f'<link rel="canonical" href="{url}">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:site_name" content="Newsroom">' in html
    assert '<meta property="og:title" content="NATO ready &lt;for&gt; dialogue">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert re.search(r'<meta property="og:image" content="https://news\.example/media/', html)
    assert '<meta property="og:image:alt" content="A man at a lectern">' in html
    assert '<meta property="article:tag" content="Russia">' in html


def test_list_pages_name_the_site_and_their_own_canonical_page(client, article, settings):
    settings.SITE_NAME = "The Ledger"
    section = article.section.get_absolute_url()
    html = client.get(section).content.decode()
    assert "<title>World | The Ledger</title>" in html
    assert f'<link rel="canonical" href="https://news.example{section}">' in html
    assert '<meta property="og:site_name" content="The Ledger">' in html
    assert '<meta property="og:title" content="World">' in html
    assert '<meta property="og:type" content="website">' in html
    home = client.get("/").content.decode()
    assert '<meta property="og:title" content="The Ledger">' in home
    assert '<meta name="description" content="The latest news from The Ledger">' in home


def test_json_ld_describes_a_news_article_completely(client, article):
    data = json_ld(page(client, article))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "NATO ready <for> dialogue"
    assert data["description"] == "Every required measure & more"
    for key in ("datePublished", "dateModified"):
        assert datetime.fromisoformat(data[key]).tzinfo is not None
    assert data["author"] == [
        {"@type": "Person", "name": "Ann Lee", "url": "https://news.example/author/ann-lee/"},
        {"@type": "Organization", "name": "TASS", "url": "https://news.example/author/tass/"},
    ]
    assert data["publisher"]["name"] == "Newsroom"
    assert data["publisher"]["logo"]["url"].startswith("https://news.example/static/site/logo")
    assert data["articleSection"] == "World"
    assert data["keywords"] == ["NATO", "Russia"]
    assert data["dateline"] == "BRUSSELS, October 31. /TASS/."


def test_json_ld_images_come_in_three_shapes_with_their_credit(client, article):
    images = json_ld(page(client, article))["image"]
    assert {(image["width"], image["height"]) for image in images} == SHAPES
    for image in images:
        assert image["@type"] == "ImageObject"
        assert image["contentUrl"].startswith("https://news.example/media/renditions/")
        assert image["caption"] == "Jens Stoltenberg in Brussels"
        assert image["creditText"] == "© EPA-EFE/KOCA SULEJMANOVIC"
        assert image["copyrightNotice"] == "© 2018 EPA-EFE"
        assert image["creator"] == {"@type": "Person", "name": "Koca Sulejmanovic"}


def test_json_ld_cannot_be_broken_out_of_by_a_headline(client, article):
    article.headline = "</script><script>alert(1)</script>"
    article.save()
    html = page(client, article)
    assert "<script>alert(1)" not in html
    assert json_ld(html)["headline"] == "</script><script>alert(1)</script>"
