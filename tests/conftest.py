"""Fixtures shared by the whole suite: a temporary MEDIA_ROOT, a fresh page cache and the
newsroom's cast of users. A package's own fixtures are in its conftest.py; test modules never
import fixtures."""

from contextlib import contextmanager
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command

from newsroom.roles import sync_roles
from tests import factories


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """SQLite's test database in a file of this run's temporary folder, not in memory. In memory,
    the live server's request threads share the test's one connection (or reach the database
    through SQLite's shared cache), and a table lock there fails at once, busy timeout or not: a
    browser test posting a live entry while the page polled failed "database table is locked".
    In a file, each thread has its own connection and waits its turn, as workers do in
    production; this is also how the suite runs on PostgreSQL."""
    database = django_settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        name = tmp_path_factory.getbasetemp() / "test-newsroom.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(name)


@pytest.fixture(autouse=True)
def roles_after_flush(request):
    """A test that flushes the database (a live-server browser test) empties the groups the
    roles migration made; the same sync makes them again."""
    if flushes(request.node):
        request.getfixturevalue("transactional_db")
        if not Group.objects.exists():
            sync_roles()


@pytest.fixture(autouse=True)
def made_every_time(settings):
    """Pages rank their related stories and read their live entries on every request, as with
    no cache, so query budgets count them; tests/articles/test_related_remembered.py and
    test_live_remembered.py turn remembering on."""
    settings.RELATED_REMEMBERED_SECONDS = 0
    settings.LIVE_REMEMBERED_SECONDS = 0


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Real hashing is slow on purpose; the cast is made hundreds of times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def no_login_throttling(settings):
    """The suite signs in thousands of times (and `client.login` has no request, which axes
    needs); the throttling tests (tests/accounts) turn it back on."""
    settings.AXES_ENABLED = False


@pytest.fixture(autouse=True)
def second_factor_optional(settings):
    """Production requires a second factor of publishers; the suite's editors sign in with a
    password alone unless a test (tests/accounts) requires it."""
    settings.TWO_FACTOR_REQUIRED_FOR_PUBLISHERS = False


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def fresh_cache():
    """The page cache outlives a test's database; start every test without yesterday's pages."""
    cache.clear()
    yield
    cache.clear()


def _member(username, group_name):
    user = factories.make_user(username)
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def reporter(db):
    return _member("reporter", "Reporter")


@pytest.fixture
def other_reporter(db):
    return _member("other_reporter", "Reporter")


@pytest.fixture
def editor(db):
    return _member("editor", "Editor")


@pytest.fixture
def photodesk(db):
    return _member("photodesk", "Photo desk")


@pytest.fixture
def reader(db):
    """Has an account but no role: the public, logged in."""
    return _member("reader", None)


@pytest.fixture
def cast(reporter, editor, photodesk, reader):
    return {"reporter": reporter, "editor": editor, "photodesk": photodesk, "reader": reader}


def flushes(item) -> bool:
    marker = item.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction"))
    return transactional or "transactional_db" in item.fixturenames


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run tests that flush the database after all the others, and browser tests last of all.

    Django's runner does the same: a flush removes the groups the roles migration made. pytest's
    grouping by session-scoped parameters (the browser) can otherwise pull a browser test into the
    middle of the run, and once Playwright's event loop runs, the ORM refuses plain sync calls.
    """

    items.sort(key=lambda item: (item.get_closest_marker("e2e") is not None, flushes(item)))


@pytest.fixture(autouse=True)
def tasks_run_at_once(settings):
    """Tasks run where they are enqueued, so a test sees their effect without a worker; tests of
    the queue itself take `task_queue`."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def task_queue(settings):
    """The database queue production uses: enqueued tasks wait for a worker (db_worker)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def run_worker(task_queue):
    """`run_worker()` does what `manage.py db_worker` does in production, until the queue is
    empty, inside the test's transaction: its reconnect between tasks (close_old_connections)
    would close that transaction on PostgreSQL, so that alone is left out."""
    from django_tasks_db.management.commands import db_worker

    def run() -> None:
        with mock.patch(f"{db_worker.__name__}.close_old_connections"):
            call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    return run


@pytest.fixture(autouse=True)
def no_edge_caches(settings):
    """No test purges a real edge cache by accident (a developer's .env may name one); the
    edge tests configure their own."""
    settings.EDGE_PURGE_VARNISH = []
    settings.FASTLY_SERVICE_ID = settings.FASTLY_API_TOKEN = ""


@pytest.fixture
def purged(monkeypatch):
    """The surrogate keys each purge sent to the edge caches, one set per purge, in order."""
    from newsroom import edge

    sent: list[set[str]] = []
    real = edge.purge

    def record(keys):
        sent.append(set(keys))
        real(keys)

    monkeypatch.setattr(edge, "purge", record)
    return sent


class PillowCalled(AssertionError):
    """Raised by `no_pillow` when code under test opens or renders an image."""


@pytest.fixture
def no_pillow():
    """`with no_pillow(): ...` fails the test if anything inside opens or renders an image with
    Pillow. Readers' requests are made inside it; the worker and the desk's screens are not."""

    def forbidden(*args, **kwargs):
        raise PillowCalled("Pillow was called")

    @contextmanager
    def forbid():
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("PIL.Image.open", forbidden)
            patch.setattr("media_assets.imaging.render", forbidden)
            patch.setattr("media_assets.rendition_store.render", forbidden)
            yield

    return forbid
