"""The page cache never shows readers an out-of-date site, retires only the pages a change
touches (by their surrogate keys), and browsers revalidate cheaply."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.http import http_date

from articles import editing, workflow
from articles.cache import public_content_changed
from articles.models import Revision, Status, Teaser
from tests import factories
from tests.articles.site_fixtures import publish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600


def perform(article, name, user, capture, **kwargs):
    with capture(execute=True):
        workflow.perform(article, name, user, **kwargs)


def test_publishing_shows_on_cached_pages_at_once(
    client, editor, django_capture_on_commit_callbacks
):
    article = factories.make_article(status=Status.EDIT, headline="Fresh from the desk")
    section_url = article.section.get_absolute_url()
    assert "Fresh from the desk" not in client.get("/").content.decode()
    client.get(section_url)
    perform(article, "publish", editor, django_capture_on_commit_callbacks)
    assert "Fresh from the desk" in client.get("/").content.decode()
    assert "Fresh from the desk" in client.get(section_url).content.decode()


def test_unpublishing_removes_the_article_at_once(
    client, editor, django_capture_on_commit_callbacks
):
    article = publish(factories.make_article(headline="A mistake"))
    url = article.get_absolute_url()
    assert client.get(url).status_code == 200
    assert "A mistake" in client.get("/").content.decode()
    perform(article, "unpublish", editor, django_capture_on_commit_callbacks, note="Legal")
    assert client.get(url).status_code == 404
    assert "A mistake" not in client.get("/").content.decode()


def test_lifting_an_embargo_shows_the_article_on_cached_pages_at_once(
    client, editor, django_capture_on_commit_callbacks
):
    until = timezone.now() + timedelta(days=1)
    article = publish(factories.make_article(headline="Held for the morning", embargo_until=until))
    assert "Held for the morning" not in client.get("/").text  # the home page is now cached
    with django_capture_on_commit_callbacks(execute=True):
        workflow.lift_embargo(article, editor)
    assert "Held for the morning" in client.get("/").text


def test_a_scheduled_article_appears_on_cached_pages_when_its_time_comes(client, monkeypatch):
    publish(
        factories.make_article(headline="On the hour"), when=timezone.now() + timedelta(minutes=1)
    )
    assert "On the hour" not in client.get("/").content.decode()
    later, real_now = time.time() + 120, timezone.now() + timedelta(seconds=120)
    monkeypatch.setattr(time, "time", lambda: later)  # the cache's clock
    monkeypatch.setattr(timezone, "now", lambda: real_now)  # the database filter's clock
    assert "On the hour" in client.get("/").content.decode()


@pytest.mark.parametrize("cached", [True, False])
def test_pages_answer_conditional_gets_with_304(client, settings, cached):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600 if cached else 0
    article = publish(factories.make_article())
    for url in ["/", article.get_absolute_url(), article.section.get_absolute_url(), "/feeds/rss/"]:
        first = client.get(url)
        assert first.status_code == 200
        assert first["ETag"]
        assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304
        since = first["Last-Modified"]
        assert client.get(url, headers={"if-modified-since": since}).status_code == 304
        assert client.get(url, headers={"if-none-match": '"other"'}).status_code == 200


def test_last_modified_is_the_latest_change_among_the_articles_shown(client):
    older = publish(factories.make_article(), when=timezone.now() - timedelta(days=1))
    newer = publish(factories.make_article())
    latest = max(newer.updated_at, newer.published_at)
    assert client.get("/")["Last-Modified"] == http_date(latest.timestamp())
    own = max(older.updated_at, older.published_at)
    assert client.get(older.get_absolute_url())["Last-Modified"] == http_date(own.timestamp())


def test_a_new_article_changes_the_etag(client):
    publish(factories.make_article())
    etag = client.get("/")["ETag"]
    publish(factories.make_article(headline="Breaking"))
    public_content_changed()
    response = client.get("/", headers={"if-none-match": etag})
    assert response.status_code == 200
    assert "Breaking" in response.content.decode()


def test_an_edit_retires_only_the_cached_pages_that_show_the_article(
    client, editor, django_capture_on_commit_callbacks
):
    world, sport = factories.make_section("World"), factories.make_section("Sport")
    story = publish(factories.make_article(headline="Old words", section=world))
    other = publish(factories.make_article(headline="Match day", section=sport))
    urls = ["/", story.get_absolute_url(), world.get_absolute_url(), sport.get_absolute_url()]
    for url in urls:
        client.get(url)
    # Changed behind the caches' back: a page showing it only changes if it is rendered again.
    Teaser.objects.filter(article=other).update(data={**other.teaser.data, "headline": "Quiet"})

    story.headline = "New words"
    with django_capture_on_commit_callbacks(execute=True):
        editing.save_content(
            story, user=editor, source=Revision.Source.ADMIN, expected_version=story.version
        )

    home, page, own_list = (client.get(url).text for url in urls[:3])
    assert "New words" in home and "New words" in page and "New words" in own_list
    assert "Quiet" in home  # rendered again: it shows the edited article
    sport_page = client.get(sport.get_absolute_url()).text
    assert "Match day" in sport_page and "Quiet" not in sport_page  # still the cached copy


def test_a_page_rendered_while_a_purge_lands_is_not_kept(client, monkeypatch):
    """A page that began rendering before a purge of its keys may show the old state."""
    from articles import cache as page_cache

    story = publish(factories.make_article(headline="Racing"))
    real_render = page_cache._render

    def render_then_purge(*args):
        rendered = real_render(*args)
        page_cache.purge_now({f"a{story.pk}"})  # committed while the page was rendering
        return rendered

    monkeypatch.setattr(page_cache, "_render", render_then_purge)
    raced = client.get("/")
    assert "Racing" in raced.text
    # Nor kept by the edge: it may reach Varnish after the purge it raced.
    assert "max-age=0, s-maxage=0," in raced["Cache-Control"]
    monkeypatch.setattr(page_cache, "_render", real_render)
    Teaser.objects.filter(article=story).update(data={**story.teaser.data, "headline": "Won"})

    assert "Won" in client.get("/").text  # rendered again, not the copy that raced the purge
