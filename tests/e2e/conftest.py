"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Run alone with `pytest -m e2e`. A failing test leaves a screenshot in test-results/.

Once Playwright has started, an asyncio loop counts as running in this thread for the rest of the
session, and Django's context-local connection handler hands out new connection objects. So the
browser tests run last, with DJANGO_ALLOW_ASYNC_UNSAFE set from the first of them to the end of
the session (not earlier: `check --deploy` in another test must not see it), and they put the
database back as they found it.
"""

import contextlib
import mimetypes
import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError

from tests.factories import PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
RESULTS = Path(settings.BASE_DIR) / "test-results"
QUIET_CHECKS = 6  # 50 ms apart: 300 ms with no request in flight before the database is reset


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run `make test-deps` (apt-get install chromium).")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Browser tests last, after every other test and whatever order other plugins chose."""
    items.sort(key=lambda item: item.get_closest_marker("e2e") is not None)


@pytest.fixture(scope="session", autouse=True)
def async_unsafe_orm():
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture(scope="session")
def database_snapshot(django_db_setup, django_db_blocker):
    """The migrated test database (groups, permissions) as pytest-django serialized it at setup,
    read before Playwright starts, while this thread still sees the connection that holds it."""
    connection = connections[DEFAULT_DB_ALIAS]
    snapshot = getattr(connection, "_test_serialized_contents", None)
    if snapshot is None:
        with django_db_blocker.unblock():
            snapshot = connection.creation.serialize_db_to_string()
    return snapshot


@pytest.fixture(scope="session")
def live_server(database_snapshot, playwright, django_db_blocker, live_server):
    """pytest-django's live server, started once Playwright runs. The connection the browser
    tests use gets the snapshot, so `serialized_rollback` restores the database before each
    browser test even when an earlier transactional test emptied it."""
    connections[DEFAULT_DB_ALIAS]._test_serialized_contents = database_snapshot
    with django_db_blocker.unblock():
        reset_database(database_snapshot)
    yield live_server
    with django_db_blocker.unblock():
        connections.close_all()


@pytest.fixture(scope="module", autouse=True)
def restore_database(database_snapshot, django_db_blocker):
    """Leave the database as migrations made it for whatever runs after this module."""
    yield
    with django_db_blocker.unblock():
        reset_database(database_snapshot)


def reset_database(snapshot: str) -> None:
    """Empty the database and load the snapshot: what serialized_rollback does, but safe after a
    transactional test that flushed without it (and so recreated content types with new ids)."""
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    connections[DEFAULT_DB_ALIAS].creation.deserialize_db_from_string(snapshot)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def site_page(page, live_server, request):
    """A browser tab on the live server: media served from MEDIA_ROOT, console errors recorded,
    and a full-page screenshot in test-results/ when the test fails."""
    page.console_errors = []
    page.on(
        "console",
        lambda message: (
            message.type in ("error", "warning") and page.console_errors.append(message.text)
        ),
    )
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    page.route(re.compile(r".*/media/.*"), _serve_media)
    page.base = live_server.url
    # Every tab of the test's browser context (a test may open more, or close one mid-test).
    in_flight: set = set()
    page.context.on("request", lambda sent: in_flight.add(sent))
    page.context.on("requestfinished", lambda done: in_flight.discard(done))
    page.context.on("requestfailed", lambda failed: in_flight.discard(failed))
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        RESULTS.mkdir(exist_ok=True)
        page.screenshot(path=RESULTS / f"{request.node.name}.png", full_page=True)
    settle(page, in_flight)


def settle(page, in_flight: set) -> None:
    """Leave the page and let its last requests (the edit lock's release on pagehide, a preview
    or an autosave) finish before the database is flushed: one that wrote after the flush would
    leave its rows to the next test, or fail on rows the flush removed. Quiet means no request
    in flight for QUIET_CHECKS checks in a row, since a beacon sent on pagehide is reported a
    moment after the navigation that sent it."""
    with contextlib.suppress(PlaywrightError):
        page.goto("about:blank")
        quiet = 0
        for _ in range(200):
            quiet = 0 if in_flight else quiet + 1
            if quiet >= QUIET_CHECKS:
                return
            page.wait_for_timeout(50)


def _serve_media(route):
    """The live server serves static files but not uploads: read them from MEDIA_ROOT."""
    relative = route.request.url.split(settings.MEDIA_URL, 1)[1].split("?")[0]
    path = Path(settings.MEDIA_ROOT) / relative
    if not path.is_file():
        route.fulfill(status=404, body="not found")
        return
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    route.fulfill(status=200, body=path.read_bytes(), headers={"Content-Type": content_type})


def log_in(page, username: str) -> None:
    """Sign in to the admin as `username` (a user from tests/factories.py) in this tab, as
    whoever was signed in before signs out."""
    page.context.clear_cookies()
    page.goto(page.base + reverse("admin:login"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")


def csp_violations(page) -> list[str]:
    return [text for text in page.console_errors if "Content Security Policy" in text]
