"""deploy/varnish/newsroom.vcl for real: varnishd in front of the live test server.

A page is fetched once (MISS) and then served by Varnish (HIT); a save purges exactly the keys
it touched; with the application down or failing, readers get the stale page.
"""

import contextlib
import time

import pytest
from django.core.signals import request_finished

from articles import editing, workflow
from articles.models import Article, Revision, Status
from tests import factories
from tests.edge.servers import request

pytestmark = pytest.mark.django_db(transaction=True)


def miss_then_hit(varnish, path):
    first, second = varnish.get(path), varnish.get(path)
    assert (first.status, second.status) == (200, 200), path
    assert (first.headers["X-Cache"], second.headers["X-Cache"]) == ("MISS", "HIT"), path
    return second


def edit_headline(article, headline, user):
    article = Article.objects.get(pk=article.pk)
    article.headline = headline
    editing.save_content(
        article, user=user, source=Revision.Source.ADMIN, expected_version=article.version
    )


def test_pages_are_cached_and_an_edit_purges_exactly_its_keys(varnish, editor):
    world, sport = factories.make_section("World"), factories.make_section("Sport")
    story = factories.make_article(status=Status.PUBLISHED, section=world, headline="Old words")
    other = factories.make_article(status=Status.PUBLISHED, section=sport, headline="Match day")
    article_url, sport_url = story.get_absolute_url(), sport.get_absolute_url()
    for path in ["/", article_url, sport_url, other.get_absolute_url()]:
        miss_then_hit(varnish, path)

    edit_headline(story, "New words", editor)

    home, page = varnish.get("/"), varnish.get(article_url)
    assert home.headers["X-Cache"] == page.headers["X-Cache"] == "MISS"
    assert "New words" in home.text and "New words" in page.text
    assert "Old words" not in home.text
    assert varnish.get(sport_url).headers["X-Cache"] == "HIT"  # another section's list
    assert varnish.get(other.get_absolute_url()).headers["X-Cache"] == "HIT"
    assert "xkey" not in varnish.get("/").headers  # the keys are for caches only


def test_publishing_shows_the_article_at_once(varnish, editor):
    section = factories.make_section("World")
    factories.make_article(status=Status.PUBLISHED, section=section)
    draft = factories.make_article(status=Status.EDIT, section=section, headline="Breaking")
    miss_then_hit(varnish, "/")
    miss_then_hit(varnish, section.get_absolute_url())
    assert varnish.get(draft.get_absolute_url()).status == 404

    workflow.perform(draft, "publish", editor)

    assert "Breaking" in varnish.get("/").text
    assert "Breaking" in varnish.get(section.get_absolute_url()).text
    assert varnish.get(draft.get_absolute_url()).status == 200  # no 404 was kept


def test_cookies_do_not_split_the_cache_and_the_desk_is_passed(varnish, client, editor):
    article = factories.make_article(status=Status.PUBLISHED)
    miss_then_hit(varnish, article.get_absolute_url())
    cookie = {"Cookie": "sessionid=abc; csrftoken=def"}
    with_cookie = varnish.get(article.get_absolute_url(), cookie)
    assert with_cookie.headers["X-Cache"] == "HIT"
    assert "Set-Cookie" not in with_cookie.headers
    admin = varnish.get("/admin/login/")
    assert admin.headers["X-Cache"] == "PASS"
    assert "no-store" in admin.headers["Cache-Control"]
    assert varnish.get("/admin/login/").headers["X-Cache"] == "PASS"


def test_only_the_purgers_may_purge(varnish):
    article = factories.make_article(status=Status.PUBLISHED)
    miss_then_hit(varnish, article.get_absolute_url())
    keys = {"xkey-purge": f"a{article.pk}"}
    outsider = request("127.0.0.1", varnish.port, "PURGE", "/", keys, source="127.0.0.2")
    assert outsider.status == 403
    assert varnish.get(article.get_absolute_url()).headers["X-Cache"] == "HIT"
    # A reader through nginx: the proxy connects from 127.0.0.1 and names the reader.
    forwarded = {**keys, "X-Forwarded-For": "203.0.113.9"}
    assert request("127.0.0.1", varnish.port, "PURGE", "/", forwarded).status == 403
    purger = request("127.0.0.1", varnish.port, "PURGE", "/", keys)
    assert purger.status == 200
    assert varnish.get(article.get_absolute_url()).headers["X-Cache"] == "MISS"


@pytest.fixture
def expiring(edge_settings):
    edge_settings.EDGE_MAX_AGE = 1  # the page is stale a second after it was fetched


@contextlib.contextmanager
def counting_finished_requests():
    """The requests the application finished meanwhile (Django's request_finished signal)."""
    finished: list = []

    def count(sender, **kwargs):
        finished.append(sender)

    request_finished.connect(count)
    try:
        yield finished
    finally:
        request_finished.disconnect(count)


def wait_for(condition, *, seconds=10.0):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "waited in vain"
        time.sleep(0.02)


def wait_until_stale():
    time.sleep(1.5)


@pytest.mark.usefixtures("expiring")
def test_with_the_application_down_readers_get_the_stale_page(varnish, relay):
    article = factories.make_article(status=Status.PUBLISHED, headline="Still here")
    miss_then_hit(varnish, article.get_absolute_url())
    wait_until_stale()

    relay.cut()

    stale = varnish.get(article.get_absolute_url())
    assert stale.status == 200
    assert "Still here" in stale.text
    assert varnish.get(article.get_absolute_url()).status == 200
    assert varnish.get("/no-such-page/").status == 503  # nothing stale to give


@pytest.mark.usefixtures("expiring")
def test_when_the_application_fails_readers_get_the_stale_page(varnish, monkeypatch):
    article = factories.make_article(status=Status.PUBLISHED, headline="Still here")
    never_cached = factories.make_article(status=Status.PUBLISHED)
    miss_then_hit(varnish, article.get_absolute_url())
    wait_until_stale()

    def broken(*args, **kwargs):
        raise RuntimeError("the database is on fire")

    monkeypatch.setattr("articles.views.article_context", broken)

    with counting_finished_requests() as finished:
        stale = varnish.get(article.get_absolute_url())
        assert stale.status == 200
        assert "Still here" in stale.text
        # Varnish serves the stale copy and refreshes it in the background: the first fetch
        # and that one. Let it end first: on SQLite the live server's threads share one
        # connection, and a second request in parallel read nothing (a 404).
        wait_for(lambda: len(finished) >= 2)
    # Nothing stale to give: the application's own error page, not kept.
    assert varnish.get(never_cached.get_absolute_url()).status == 500
    monkeypatch.undo()
    assert varnish.get(never_cached.get_absolute_url()).status == 200
