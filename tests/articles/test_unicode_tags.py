"""Tags named in any script, or in symbols alone, have an address; every page showing them works.

taggit slugs keep letters of every script ("Zürich" → "zürich"); a name with no letter or digit at
all ("🎉") gets "tag-<code points>". Every page that links to a tag is asked for, on each database.
"""

from urllib.parse import quote

import feedparser
import pytest
from django.utils import timezone

from articles.models import ShareLink, Status
from tests import factories
from tests.articles.site_fixtures import publish
from tests.articles.test_one_log_migration import back_to_the_latest, migrate  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

NAMES = ["Zürich", "Москва", "東京都", "🎉", "!!!", "Ελλάδα", "São Paulo"]


@pytest.fixture
def tagged(settings):
    settings.SITE_URL = "https://news.example"
    return publish(factories.make_article(headline="Around the world", tags=NAMES))


def tags_of(article):
    return {tag.name: tag for tag in article.tags.all()}


def test_every_tag_has_a_slug_made_of_letters_digits_and_hyphens(tagged):
    slugs = {name: tag.slug for name, tag in tags_of(tagged).items()}
    assert slugs["Zürich"] == "zürich"
    assert slugs["Москва"] == "москва"
    assert slugs["東京都"] == "東京都"
    assert slugs["São Paulo"] == "são-paulo"
    assert slugs["🎉"] == "tag-1f389"
    assert slugs["!!!"] == "tag-21-21-21"
    assert all(slugs.values())


def test_the_article_page_links_every_tag(client, tagged):
    response = client.get(tagged.get_absolute_url())
    assert response.status_code == 200
    for tag in tags_of(tagged).values():
        assert f'href="/tag/{quote(tag.slug)}/"' in response.text, tag.name


@pytest.mark.parametrize("name", NAMES)
def test_the_tag_page_and_its_feeds_answer(client, tagged, name):
    tag = tags_of(tagged)[name]
    page = f"/tag/{quote(tag.slug)}/"
    response = client.get(page)
    assert response.status_code == 200 and "Around the world" in response.text
    for kind in ("rss", "atom"):
        feed = client.get(f"{page}{kind}/")
        assert feed.status_code == 200
        parsed = feedparser.parse(feed.content)
        assert not parsed.bozo and parsed.entries[0].title == "Around the world"


def test_the_share_preview_of_a_tagged_draft(client):
    draft = factories.make_article(status=Status.EDIT, tags=NAMES, headline="Not out yet")
    link = ShareLink.objects.create(
        article=draft, expires_at=timezone.now() + timezone.timedelta(1)
    )
    response = client.get(link.get_absolute_url())
    assert response.status_code == 200 and "Not out yet" in response.text


def test_the_ninjs_list_and_item_name_every_tag(client, tagged):
    listed = client.get("/api/ninjs/")
    assert listed.status_code == 200
    item = client.get(f"/api/ninjs/{tagged.pk}/")
    assert item.status_code == 200
    uris = {subject["name"]: subject["uri"] for subject in item.json()["subjects"]}
    for name, tag in tags_of(tagged).items():
        assert uris[name] == f"https://news.example/tag/{quote(tag.slug)}/"


def test_the_tag_sitemap_lists_every_tag(client, tagged):
    response = client.get("/sitemap-tags.xml")
    assert response.status_code == 200
    for tag in tags_of(tagged).values():
        assert f"https://news.example/tag/{quote(tag.slug)}/" in response.text


def test_lists_and_search_show_the_tagged_article(client, tagged):
    for url in ("/", f"/section/{tagged.section.slug}/", "/search/?q=world", "/sitemap.xml"):
        assert client.get(url).status_code == 200, url


def test_a_tag_address_without_its_letters_is_not_found(client, tagged):
    assert client.get("/tag/z%C3%BCrich%20x/").status_code == 404


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("back_to_the_latest")
def test_the_migration_gives_an_empty_slug_an_address_and_rewrites_teasers():
    apps = migrate([("articles", "0010_revoke_links_of_pulled_articles")])
    Tag = apps.get_model("taggit", "Tag")
    TaggedItem = apps.get_model("taggit", "TaggedItem")
    Article = apps.get_model("articles", "Article")
    Teaser = apps.get_model("articles", "Teaser")
    ContentType = apps.get_model("contenttypes", "ContentType")
    article_type, _ = ContentType.objects.get_or_create(app_label="articles", model="article")
    now = timezone.now()
    article = Article.objects.create(headline="Party", slug="party")
    topics = [["🎉", ""], ["Zürich", "zürich"]]
    Teaser.objects.create(
        article=article, published_at=now, updated_at=now, data={"topics": topics}
    )
    for name, slug in topics:
        tag = Tag.objects.create(name=name, slug=slug)
        TaggedItem.objects.create(tag=tag, content_type=article_type, object_id=article.pk)

    apps = migrate([("articles", "0011_tags_without_letters_get_an_address")])

    Tag = apps.get_model("taggit", "Tag")
    assert dict(Tag.objects.values_list("name", "slug")) == {"🎉": "tag-1f389", "Zürich": "zürich"}
    teaser = apps.get_model("articles", "Teaser").objects.get(pk=article.pk)
    assert teaser.data["topics"] == [["🎉", "tag-1f389"], ["Zürich", "zürich"]]
