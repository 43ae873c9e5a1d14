"""In a browser: the photo desk clicks the picture to set its focal point, under the site's CSP.

Self-contained (not importing tests/e2e/conftest.py, which sets DJANGO_ALLOW_ASYNC_UNSAFE for the
whole process as soon as it is imported); run with `pytest -m e2e`.
"""

import mimetypes
import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from media_assets.uploads import import_photo
from tests.factories import PASSWORD
from tests.media_assets import images

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium.")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="module", autouse=True)
def async_unsafe_orm():
    """Playwright's sync API keeps an event loop in this thread; the ORM must still work here,
    test database teardown included. Only for this module, and put back afterwards."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture
def desk_page(live_server, photodesk, page):
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.route(re.compile(r".*/media/.*"), serve_media)
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", photodesk.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.base = live_server.url
    return page


def serve_media(route):
    """The live server serves static files but not uploads: answer from MEDIA_ROOT."""
    relative = route.request.url.split(settings.MEDIA_URL, 1)[1].split("?")[0]
    path = Path(settings.MEDIA_ROOT) / relative
    if not path.is_file():
        route.fulfill(status=404, body="not found")
        return
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    route.fulfill(status=200, body=path.read_bytes(), headers={"Content-Type": kind})


def test_clicking_the_picture_sets_the_focal_point_and_saving_keeps_it(desk_page):
    page = desk_page
    photo, _ = import_photo(
        images.encode(images.quadrants((1600, 800)), "JPEG"),
        filename="q.jpg",
        fields={"credit_line": "EPA", "alt_text": "Four coloured squares"},
    )
    page.goto(page.base + reverse("admin:media_assets_photo_change", args=[photo.pk]))

    picker = page.locator("[data-focal-picker] img")
    box = picker.bounding_box()
    picker.click(position={"x": box["width"] * 0.75, "y": box["height"] * 0.25})
    assert float(page.input_value("#id_focal_x")) == pytest.approx(0.75, abs=0.01)
    assert float(page.input_value("#id_focal_y")) == pytest.approx(0.25, abs=0.01)
    marker = page.locator(".focal-marker").bounding_box()
    assert marker["x"] + marker["width"] / 2 == pytest.approx(box["x"] + box["width"] * 0.75, abs=2)

    page.locator("[data-focal-picker]").press("ArrowDown")
    assert float(page.input_value("#id_focal_y")) == pytest.approx(0.27, abs=0.01)
    page.click("input[name=_continue]")
    photo.refresh_from_db()
    assert photo.focal == pytest.approx((0.75, 0.27), abs=0.01)
    assert [e for e in page.console_errors if "Content Security Policy" in e] == []
