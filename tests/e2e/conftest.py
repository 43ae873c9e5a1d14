"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Run alone with `pytest -m e2e`. A failing test leaves a screenshot in test-results/.
"""

import os

# Playwright's sync API runs an event loop in this thread; Django's ORM must still be usable.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import gc  # noqa: E402
import mimetypes  # noqa: E402
import re  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from django.conf import settings  # noqa: E402

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


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run `make test-deps` (apt-get install chromium).")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


UNCLOSED_SQLITE = "unclosed database"


@pytest.fixture(autouse=True)
def finalize_server_connections():
    """The live server's request threads drop SQLite connections for the garbage collector; collect
    them here, where that is expected, not in whichever later test the collector happens to run."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", UNCLOSED_SQLITE, ResourceWarning)
        yield
        gc.collect()


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
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        RESULTS.mkdir(exist_ok=True)
        page.screenshot(path=RESULTS / f"{request.node.name}.png", full_page=True)


def _serve_media(route):
    """The live server serves static files but not uploads: read them from MEDIA_ROOT."""
    relative = route.request.url.split(settings.MEDIA_URL, 1)[1].split("?")[0]
    path = Path(settings.MEDIA_ROOT) / relative
    if not path.is_file():
        route.fulfill(status=404, body="not found")
        return
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    route.fulfill(status=200, body=path.read_bytes(), headers={"Content-Type": content_type})


def csp_violations(page) -> list[str]:
    return [text for text in page.console_errors if "Content Security Policy" in text]
