"""`/healthz` for load balancers, and the 503 page readers get while the database is away.

The database is made unreachable for real: the request's connection is one to a PostgreSQL port
nothing listens on, or to an SQLite file in a folder that does not exist, and the driver's own
error travels through the whole middleware stack. The recovery of kept connections through a
cut TCP link, with gunicorn, is in test_database_outage.py.
"""

import json
import re
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command
from django.db import InterfaceError, OperationalError, ProgrammingError, connections
from django.tasks import task
from django.test import Client, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from newsroom.errors import database_unavailable, server_error
from tests.articles.site_fixtures import publish
from tests.factories import make_article, make_section
from tests.processes import free_port

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]


@contextmanager
def database_away(tmp_path):
    """While inside, this thread's requests reach a database that is not there."""
    real = connections["default"]
    if real.vendor == "postgresql":
        unreachable = {**real.settings_dict, "HOST": "127.0.0.1", "PORT": str(free_port())}
    else:
        unreachable = {**real.settings_dict, "NAME": str(tmp_path / "gone" / "newsroom.sqlite3")}
    broken = type(real)(unreachable, "default")
    connections["default"] = broken
    try:
        yield unreachable
    finally:
        broken.close()
        connections["default"] = real


@pytest.fixture
def database_down(tmp_path):
    with database_away(tmp_path) as unreachable:
        yield unreachable


@pytest.fixture
def visitor():
    """A client that gets what a visitor would: the error page, not the exception."""
    return Client(raise_request_exception=False)


@pytest.fixture
def story():
    return publish(make_article(headline="Storm reaches the coast", section=make_section("World")))


def body(response) -> dict:
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def test_healthz_answers_each_check_with_its_time(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    report = body(response)
    assert report["status"] == "ok"
    assert set(report["checks"]) == {"database", "cache", "storage", "queue"}
    for name, check in report["checks"].items():
        assert check["status"] == "ok", name
        assert isinstance(check["ms"], float), name
    assert report["checks"]["queue"] == {
        "status": "ok",
        "ready": 0,
        "oldest_ready_seconds": None,
        "failed_last_hour": 0,
        "ms": report["checks"]["queue"]["ms"],
    }


def test_healthz_is_never_cached_and_makes_no_session(client, editor):
    client.force_login(editor)
    response = client.get("/healthz")
    assert "no-store" in response["Cache-Control"]
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies
    assert client.get("/healthz").wsgi_request.session.accessed is False


def test_healthz_needs_no_login_and_answers_a_plain_http_probe(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/").status_code == 301  # readers are sent to HTTPS ...
    assert client.get("/healthz").status_code == 200  # ... the load balancer's probe is not


def test_healthz_leaves_the_cache_as_it_found_it(client):
    cache.set("kept", "value")
    client.get("/healthz")
    assert cache.get("kept") == "value"
    assert [key for key in cache._cache if "healthz" in key] == []


@task()
def noop() -> None:
    pass


@task()
def fails() -> None:
    raise RuntimeError("a rendition could not be made")


@pytest.mark.django_db(transaction=True)  # the worker closes its connection after each task
@pytest.mark.usefixtures("task_queue")
def test_healthz_reports_the_queue_waiting_and_recent_failures(client):
    fails.enqueue()
    old_failure = fails.enqueue()
    call_command("db_worker", batch=True, verbosity=0)  # runs (and fails) both
    DBTaskResult.objects.filter(pk=old_failure.id).update(
        finished_at=timezone.now() - timedelta(hours=2)
    )
    waiting = noop.enqueue()
    noop.enqueue()
    DBTaskResult.objects.filter(pk=waiting.id).update(
        enqueued_at=timezone.now() - timedelta(minutes=5)
    )

    # Deferred two days ago and due a minute ago: it has waited a minute, not two days.
    deferred = noop.using(run_after=timezone.now() + timedelta(hours=1)).enqueue()
    DBTaskResult.objects.filter(pk=deferred.id).update(
        enqueued_at=timezone.now() - timedelta(days=2),
        run_after=timezone.now() - timedelta(minutes=1),
    )
    noop.using(run_after=timezone.now() + timedelta(hours=1)).enqueue()  # not due: not counted

    queue = body(client.get("/healthz"))["checks"]["queue"]
    assert queue["status"] == "ok"
    assert queue["ready"] == 3
    assert 299 <= queue["oldest_ready_seconds"] <= 330
    assert queue["failed_last_hour"] == 1


def test_with_the_cache_down_healthz_says_degraded_and_pages_are_served(client, story):
    port = free_port()
    redis_away = {
        "default": {
            "BACKEND": "newsroom.redis_cache.RedisCache",
            "LOCATION": f"redis://:hunter2@127.0.0.1:{port}/1",
        }
    }
    with override_settings(CACHES=redis_away):
        response = client.get("/healthz")
        page = client.get(story.get_absolute_url())
    # 200 on purpose: pages are still served without the cache (below).
    assert response.status_code == 200
    report = body(response)
    assert report["status"] == "degraded"
    assert report["checks"]["database"]["status"] == "ok"
    assert report["checks"]["cache"] == {
        "status": "error",
        "reason": "ConnectionError raised",
        "ms": report["checks"]["cache"]["ms"],
    }
    assert str(port) not in response.text
    assert "hunter2" not in response.text
    assert page.status_code == 200


class UnreachableStorage(FileSystemStorage):
    """Object storage whose endpoint does not answer."""

    def exists(self, name):
        raise ConnectionError("Could not connect to https://key:secret@s3.example.org/bucket")


def test_with_storage_down_healthz_says_degraded_without_its_message(client, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{__name__}.UnreachableStorage"},
    }
    response = client.get("/healthz")
    assert response.status_code == 200
    assert body(response)["checks"]["storage"]["status"] == "error"
    assert body(response)["checks"]["storage"]["reason"] == "ConnectionError raised"
    assert "secret" not in response.text
    assert "s3.example.org" not in response.text


def test_the_edge_probe_asks_for_the_database_alone(client, monkeypatch):
    from newsroom import health

    def slow_bucket():
        raise AssertionError("the storage was checked")

    monkeypatch.setitem(health.CHECKS, "storage", slow_bucket)
    report = body(client.get("/healthz?checks=database"))
    assert (report["status"], list(report["checks"])) == ("ok", ["database"])
    assert body(client.get("/healthz"))["checks"]["storage"]["status"] == "error"


def test_with_the_database_down_healthz_answers_503(visitor, database_down):
    response = visitor.get("/healthz")
    assert response.status_code == 503
    report = body(response)
    assert report["status"] == "error"
    assert report["checks"]["database"]["status"] == "error"
    assert report["checks"]["database"]["reason"] == "OperationalError raised"
    assert report["checks"]["cache"]["status"] == "ok"
    # Neither the address nor the file of the database appears.
    for secret in (database_down.get("PORT"), database_down["NAME"]):
        if secret:
            assert str(secret) not in response.text


def assert_database_away_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert "Back in a moment" in response.text
    assert "Traceback" not in response.text


def test_readers_get_the_503_page_while_the_database_is_away(visitor, story, tmp_path, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # every page from the database, as on a cache miss
    home, article = "/", story.get_absolute_url()
    assert visitor.get(article).status_code == 200
    with database_away(tmp_path):
        for url in (home, article, "/search/?q=storm", "/feeds/rss/"):
            assert_database_away_page(visitor.get(url))
    # Back: the same client is served again.
    assert visitor.get(home).status_code == 200
    assert "Storm reaches the coast" in visitor.get(article).text


def test_a_page_in_the_page_cache_is_still_served_while_the_database_is_away(
    visitor, story, tmp_path
):
    seen, unseen = story.get_absolute_url(), "/"
    assert visitor.get(seen).status_code == 200
    with database_away(tmp_path):
        assert visitor.get(seen).status_code == 200
        assert_database_away_page(visitor.get(unseen))


def test_a_cached_page_is_served_while_the_database_is_away_even_after_a_purge(
    visitor, story, tmp_path
):
    """A purge forgets when the next article goes public; with the database away that cannot
    be looked up, so the page is served from the page cache and kept briefly at the edge."""
    from articles.cache import UNKNOWN_SCHEDULE_SECONDS, purge_now

    seen = story.get_absolute_url()
    assert visitor.get(seen).status_code == 200
    purge_now({"unrelated"})
    with database_away(tmp_path):
        response = visitor.get(seen)
    assert response.status_code == 200
    s_maxage = int(re.search(r"s-maxage=(\d+)", response["Cache-Control"]).group(1))
    assert UNKNOWN_SCHEDULE_SECONDS - 2 <= s_maxage <= UNKNOWN_SCHEDULE_SECONDS


def test_an_editor_gets_the_503_page_not_a_traceback(visitor, editor, tmp_path):
    visitor.force_login(editor)
    assert visitor.get("/admin/articles/article/").status_code == 200
    with database_away(tmp_path):
        # Loading the editor's session is the first thing that fails.
        assert_database_away_page(visitor.get("/admin/articles/article/"))
        assert_database_away_page(visitor.post("/admin/articles/article/add/", {}))
    assert visitor.get("/admin/articles/article/").status_code == 200


@pytest.mark.parametrize(
    ("error", "status"),
    [(OperationalError, 503), (InterfaceError, 503), (ProgrammingError, 500), (ValueError, 500)],
)
def test_only_an_unreachable_database_turns_an_error_into_the_503_page(rf, error, status):
    try:
        raise error("boom")
    except Exception:
        response = server_error(rf.get("/"))
    assert response.status_code == status


def test_the_503_page_renders_without_a_request_or_database():
    response = database_unavailable()
    assert '<html lang="en">' in response.text
    assert "Back in a moment" in response.text
