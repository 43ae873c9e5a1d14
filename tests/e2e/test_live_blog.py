"""A reader on a live blog: new entries appear without reloading, announced politely; the page
and its fragment pass axe-core."""

import re

import pytest
from playwright.sync_api import expect

from articles import live, live_views
from articles.models import LiveEntry
from tests import factories
from tests.e2e.conftest import csp_violations
from tests.e2e.test_reader import run_axe

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("fresh_cache"),
]


@pytest.fixture
def fast_polling(monkeypatch):
    """Readers' pages ask every half second here (15 s on the site)."""
    monkeypatch.setattr(live_views, "POLL_SECONDS", 0.5)


@pytest.fixture
def blog(editor):
    blog = factories.make_live_blog(headline="Summit live", body="<p>What we know.</p>")
    factories.post_entry(blog, editor, "How to follow our coverage.", pinned=True)
    factories.post_entry(blog, editor, "Ministers arrive.")
    return blog


def test_a_reader_sees_a_new_entry_appear_without_reloading(site_page, blog, editor, fast_polling):
    page = site_page
    page.goto(page.base + blog.get_absolute_url())
    entries = page.locator("[data-live-entries] [data-live-entry]")
    expect(entries).to_have_count(2)
    page.evaluate("window.notReloaded = true")
    factories.post_entry(blog, editor, "Deal agreed.", key_event=True)
    expect(entries).to_have_count(3, timeout=10_000)
    # Under the pinned entry, above the older ones; announced to screen readers.
    expect(entries.nth(1)).to_contain_text("Deal agreed.")
    expect(page.locator("[data-live-announcer]")).to_have_text("1 new entry")
    assert page.evaluate("window.notReloaded") is True
    assert page.console_errors == []


def test_closing_the_blog_stops_the_readers_page_asking(site_page, blog, editor, fast_polling):
    page = site_page
    asked: list[str] = []
    page.on("request", lambda request: "/since/" in request.url and asked.append(request.url))
    page.goto(page.base + blog.get_absolute_url())
    live.close(blog, editor)
    expect(page.locator("[data-live-announcer]")).to_have_text(
        "Live coverage has ended.", timeout=10_000
    )
    count = len(asked)
    page.wait_for_timeout(1500)
    assert len(asked) == count


def test_the_live_blog_and_its_fragment_have_no_accessibility_violations(
    site_page, blog, editor, fast_polling
):
    page = site_page
    page.goto(page.base + blog.get_absolute_url())
    assert run_axe(page) == []
    # The fragment as readers get it: inserted into the page, and alone in the smallest document.
    factories.post_entry(blog, editor, "Deal agreed.", key_event=True)
    expect(page.locator("[data-live-entry]")).to_have_count(3, timeout=10_000)
    assert run_axe(page) == []
    # (Under the blog's heading, as on the page: its key events' heading is one level down.)
    fragment = page.request.get(page.base + f"/live/{blog.pk}/since/0/").text()
    assert "Key events" in fragment
    page.set_content(
        '<!doctype html><html lang="en"><head><title>Fragment</title></head>'
        f"<body><main><h1>Fragment</h1><h2>Live updates</h2>{fragment}</main></body></html>"
    )
    assert run_axe(page) == []


def test_an_edited_and_a_deleted_entry_change_on_the_open_page(
    site_page, blog, editor, fast_polling
):
    page = site_page
    page.goto(page.base + blog.get_absolute_url())
    entries = page.locator("[data-live-entries] [data-live-entry]")
    expect(entries).to_have_count(2)
    page.evaluate("window.notReloaded = true")
    older, pinned = LiveEntry.objects.filter(article=blog).order_by("-pk")
    live.edit(older, editor, live.Entry(body="<p>Ministers arrived late.</p>"))
    expect(page.locator("[data-live-entries]")).to_contain_text("arrived late", timeout=10_000)
    live.delete(pinned, editor)  # a legal takedown
    expect(entries).to_have_count(1, timeout=10_000)
    expect(page.locator("[data-live-entries]")).not_to_contain_text("How to follow")
    assert page.evaluate("window.notReloaded") is True
    assert page.console_errors == []


def test_an_embed_arriving_in_a_new_entry_loads_on_a_click(site_page, blog, editor, fast_polling):
    page = site_page
    page.route(
        "https://www.openstreetmap.org/**",
        lambda route: route.fulfill(
            status=200, content_type="text/html", body="<!doctype html><title>Map</title>"
        ),
    )
    page.goto(page.base + blog.get_absolute_url())
    expect(page.locator("[data-live-entries] [data-live-entry]")).to_have_count(2)
    map_url = "https://www.openstreetmap.org/#map=15/51.50000/-0.12000"
    live.post(blog, editor, live.Entry(body="<p>Where they meet.</p>", embed_url=map_url))
    button = page.get_by_role("button", name="Load content from OpenStreetMap")
    expect(button).to_be_visible(timeout=10_000)
    button.click()
    frame = page.locator("figure.embed iframe")
    expect(frame).to_have_attribute("src", re.compile(r"^https://www\.openstreetmap\.org/"))
    page.wait_for_load_state("networkidle")
    assert csp_violations(page) == []


def test_the_key_events_follow_edits_and_a_far_behind_page_gets_the_latest(
    site_page, blog, editor, fast_polling, monkeypatch
):
    monkeypatch.setattr(live_views, "PAGE_SIZE", 3)
    page = site_page
    page.goto(page.base + blog.get_absolute_url())
    events = page.locator("[data-live-key-events] li")
    expect(events).to_have_count(0)
    ministers = LiveEntry.objects.filter(article=blog, pinned=False).get()
    live.edit(ministers, editor, live.Entry(body="<p>Ministers arrive.</p>", key_event=True))
    expect(events).to_have_count(1, timeout=10_000)  # after the refetch
    expect(events.first.locator("a")).to_have_attribute("href", f"#entry-{ministers.pk}")
    page.evaluate("window.notReloaded = true")
    # While the tab is hidden nothing is asked; meanwhile more than a page is posted.
    page.evaluate(
        "Object.defineProperty(document, 'hidden', {value: true, configurable: true});"
        "document.dispatchEvent(new Event('visibilitychange'))"
    )
    for n in range(5):
        factories.post_entry(blog, editor, f"Update {n}.", key_event=n == 4)
    page.evaluate(
        "Object.defineProperty(document, 'hidden', {value: false, configurable: true});"
        "document.dispatchEvent(new Event('visibilitychange'))"
    )
    entries = page.locator("[data-live-entries] [data-live-entry]")
    expect(entries.nth(1)).to_contain_text("Update 4.", timeout=10_000)
    expect(entries).to_have_count(4)  # the pinned one and the latest three, not eight
    expect(events).to_have_count(2)
    expect(page.get_by_role("link", name="Older entries")).to_be_visible()
    assert page.evaluate("window.notReloaded") is True
    assert page.console_errors == []
