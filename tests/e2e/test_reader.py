"""A reader opens the home page, follows the seed story and sees its photo, credit and dateline."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import expect

from articles.models import Article
from tests.e2e.conftest import csp_violations

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("fresh_cache"),
]


@pytest.fixture
def seed_story(db):
    """The demo newsroom, as `make run` shows it; its lead story is the seed TASS dispatch."""
    call_command("load_demo", stdout=io.StringIO())
    return Article.objects.published().get(headline__startswith="NATO stands ready")


def run_axe(page) -> list[dict]:
    # Evaluated through the DevTools protocol, which the page's CSP does not govern.
    page.evaluate(AXE.read_text())
    result = page.evaluate("axe.run(document).then(r => r.violations)")
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"]} for v in result]


def test_a_reader_follows_the_seed_story_to_its_photo_and_credit(site_page, seed_story):
    page = site_page
    page.goto(page.base + "/")
    page.get_by_role("link", name=seed_story.headline).first.click()
    expect(page).to_have_url(page.base + seed_story.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(seed_story.headline)
    figure = page.locator("article figure")
    expect(figure.locator("figcaption")).to_contain_text("© EPA-EFE/KOCA SULEJMANOVIC")
    expect(figure.locator("figcaption")).to_contain_text("NATO Secretary General Jens Stoltenberg")
    image = figure.get_by_role("img", name=seed_story.lead_photo.alt_text)
    expect(image).to_be_visible()
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    expect(page.locator(".dateline")).to_have_text("BRUSSELS, October 31. /TASS/.")
    assert csp_violations(page) == []


PAGES = ["/", "article", "/section/world/", "/tag/nato/", "/search/?q=nato", "/author/tass/"]


@pytest.mark.parametrize("path", PAGES)
def test_public_pages_have_no_accessibility_violations(site_page, seed_story, path):
    page = site_page
    page.goto(page.base + (seed_story.get_absolute_url() if path == "article" else path))
    assert run_axe(page) == []
    assert page.console_errors == []


def test_the_skip_link_appears_on_focus_and_jumps_to_the_content(site_page, seed_story):
    page = site_page
    page.goto(page.base + seed_story.get_absolute_url())
    skip = page.get_by_role("link", name="Skip to content")
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box["y"] >= 0 and box["height"] > 0  # on screen once focused
    outline = skip.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    expect(page).to_have_url(page.base + seed_story.get_absolute_url() + "#content")
