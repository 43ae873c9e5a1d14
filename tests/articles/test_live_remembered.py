"""A live blog page's rendered entries, key events and JSON-LD are remembered in the cache
until any change readers see purges the article's key (or LIVE_REMEMBERED_SECONDS pass)."""

from unittest import mock

import pytest
from django.core.cache import cache, caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import live
from articles.cache import public_content_changed
from articles.models import Article
from tests import factories
from tests.articles.site_fixtures import cache_calls

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def remembering(settings):
    """The live parts remembered, the page cache off: every request reaches the view."""
    settings.LIVE_REMEMBERED_SECONDS = 60
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def blog(editor, django_capture_on_commit_callbacks):
    blog = factories.make_live_blog(headline="Summit live")
    with django_capture_on_commit_callbacks(execute=True):
        factories.post_entry(blog, editor, "Ministers arrive.", key_event=True, summary="Arrivals")
    return blog


def page(client, blog, query=""):
    """The page's HTML, and how many queries read its entries."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(blog.get_absolute_url() + query)
    assert response.status_code == 200
    entries = sum("articles_liveentry" in q["sql"] for q in queries.captured_queries)
    return response.content.decode(), entries


def test_the_second_reader_gets_the_same_page_without_reading_the_entries(client, blog):
    first, read = page(client, blog)
    assert (read, "Ministers arrive." in first) == (1, True)
    again, read_again = page(client, blog)
    assert (again, read_again) == (first, 0)


def changes(blog, editor):
    """Each change a reader must see at once, with what the page then shows."""
    entry = blog.live_entries.get()
    return {
        "post": (lambda: factories.post_entry(blog, editor, "Deal agreed."), "Deal agreed."),
        "edit": (
            lambda: live.edit(entry, editor, live.Entry(body="<p>Ministers have arrived.</p>")),
            "Ministers have arrived.",
        ),
        "pin": (
            lambda: live.edit(entry, editor, live.Entry(body="<p>Pinned.</p>", pinned=True)),
            "live-pinned",
        ),
        "delete": (lambda: live.delete(entry, editor), "No entries yet."),
        "close": (lambda: live.close(Article.objects.get(pk=blog.pk), editor), "has ended"),
    }


@pytest.mark.parametrize("change", ["post", "edit", "pin", "delete", "close"])
def test_every_change_readers_see_shows_at_once(
    client, blog, editor, change, django_capture_on_commit_callbacks
):
    page(client, blog)  # remembered
    make, shown = changes(blog, editor)[change]
    assert shown not in page(client, blog)[0]
    with django_capture_on_commit_callbacks(execute=True):  # the purge, on commit
        make()
    html, read = page(client, blog)
    assert (shown in html, read) == (True, 1)


def test_a_change_that_never_committed_purges_nothing_and_is_not_shown(client, blog, editor):
    page(client, blog)
    factories.post_entry(blog, editor, "Not yet.")  # its purge waits for a commit
    html, read = page(client, blog)
    assert ("Not yet." in html, read) == (False, 0)


def test_refreshing_every_page_retires_it_too(client, blog):
    page(client, blog)
    public_content_changed()
    assert page(client, blog)[1] == 1


def test_an_older_page_is_remembered_apart_from_the_latest(client, blog, editor, settings):
    from articles import live_views

    with mock.patch.object(live_views, "PAGE_SIZE", 1):
        older = factories.post_entry(blog, editor, "Second.")
        factories.post_entry(blog, editor, "Third.")
        cache.clear()
        latest, _ = page(client, blog)
        earlier, read = page(client, blog, f"?from={older.pk}")
        assert (read, "Third." in latest, "Third." in earlier) == (1, True, False)
        assert "Second." in earlier
        assert page(client, blog, f"?from={older.pk}") == (earlier, 0)


def test_with_the_cache_down_the_page_reads_its_entries_as_before(client, blog):
    down = ConnectionError("cache down")
    backend = type(caches["default"])
    with (
        mock.patch.object(backend, "get_many", side_effect=down),
        mock.patch.object(backend, "get", side_effect=down),
        mock.patch.object(backend, "set", side_effect=down),
        mock.patch.object(backend, "add", side_effect=down),
    ):
        for _ in range(2):
            html, read = page(client, blog)
            assert ("Ministers arrive." in html, read) == (True, 1)


def test_a_remembered_page_costs_one_round_trip_to_the_cache(client, blog):
    page(client, blog)
    with cache_calls() as calls:
        page(client, blog)
    assert calls.count("get_many") == 1 and "set" not in calls and "add" not in calls
