"""A reader opens a story with an inline photo and a YouTube embed: the browser asks nothing of any
host but ours until the reader presses the embed's button; then the privacy-enhanced frame comes,
allowed by the page's policy."""

import pytest
from playwright.sync_api import expect

from articles import workflow
from articles.models import Status
from tests import factories
from tests.e2e.conftest import csp_violations
from tests.e2e.test_reader import run_axe

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("fresh_cache"),
]

YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
FRAME = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"


@pytest.fixture
def story(editor):
    photo = factories.make_photo(
        caption="Ministers arrive", credit_line="EPA-EFE/KOCA", alt_text="Two ministers"
    )
    article = factories.make_article(status=Status.EDIT, headline="Summit opens")
    article.body = (
        f'<p>First paragraph.</p><figure data-photo="{photo.pk}"></figure>'
        '<blockquote class="pull-quote"><p>We stand ready.</p></blockquote>'
        f'<figure data-embed="youtube" data-embed-id="dQw4w9WgXcQ" data-embed-url="{YOUTUBE}">'
        "</figure><p>Last paragraph.</p>"
    )
    factories.save_revision(article, editor)
    workflow.perform(article, "publish", editor)
    article.refresh_from_db()
    return article


def test_an_embed_loads_nothing_from_a_third_party_until_the_reader_asks(site_page, story):
    page = site_page
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    # Offline here: the provider's answer is a stub, so the frame has something to show.
    page.route(
        "https://www.youtube-nocookie.com/**",
        lambda route: route.fulfill(
            status=200, content_type="text/html", body="<!doctype html><title>Player</title>"
        ),
    )
    page.goto(page.base + story.get_absolute_url())
    page.wait_for_load_state("networkidle")

    expect(page.get_by_role("img", name="Two ministers")).to_be_visible()
    expect(page.locator(".photo-inline figcaption")).to_contain_text("© EPA-EFE/KOCA")
    button = page.get_by_role("button", name="Load content from YouTube")
    expect(button).to_be_visible()
    expect(page.get_by_role("link", name="View it on YouTube")).to_have_attribute("href", YOUTUBE)
    assert page.locator("iframe").count() == 0
    assert [url for url in requested if not url.startswith(page.base)] == []
    assert run_axe(page) == []

    # The frame loads lazily: its request may come after the network first falls idle.
    with page.expect_request(FRAME):
        button.click()
    frame = page.locator("figure.embed iframe")
    expect(frame).to_have_attribute("src", FRAME)
    expect(frame).to_have_attribute("title", "Content from YouTube")
    expect(frame).to_have_attribute("loading", "lazy")
    expect(frame).to_have_attribute("referrerpolicy", "strict-origin-when-cross-origin")
    assert "allow-scripts" in frame.get_attribute("sandbox")
    assert "allow-top-navigation" not in frame.get_attribute("sandbox")
    expect(button).to_have_count(0)
    page.wait_for_load_state("networkidle")
    off_site = {url.split("/")[2] for url in requested if not url.startswith(page.base)}
    assert off_site == {"www.youtube-nocookie.com"}
    assert csp_violations(page) == []


def test_a_wide_table_and_the_embed_box_fit_a_phone(site_page, story, editor):
    page = site_page
    story.body += (
        "<table><thead><tr>"
        + "".join(f'<th scope="col">Column heading {n}</th>' for n in range(8))
        + "</tr></thead><tbody><tr>"
        + "".join(f"<td>{n * 1000}</td>" for n in range(8))
        + "</tr></tbody></table>"
    )
    factories.save_revision(story, editor)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.base + story.get_absolute_url())
    overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
    assert overflow <= 0  # the page itself never scrolls sideways
    region = page.get_by_role("region", name="Table")
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")  # the table scrolls inside it
    box = page.locator("figure.embed").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
