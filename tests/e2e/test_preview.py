"""In a browser: an editor opens the preview beside the form, types, and sees the article as
readers will, at desktop and phone widths, as a teaser, search result and social card; the
counters count as they type. Nothing is saved, and the CSP holds."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Article
from tests.e2e.conftest import csp_violations, log_in
from tests.factories import make_article, save_revision

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BODY = ".ProseMirror, .body-editor"  # whichever editor the form has


def open_form(page, user, article):
    log_in(page, user.username)
    page.goto(page.base + reverse("admin:articles_article_change", args=[article.pk]))


def test_the_preview_follows_what_the_editor_types(site_page, editor):
    page = site_page
    page.set_viewport_size({"width": 1366, "height": 900})
    article = make_article(headline="Old headline", body="<p>Old text.</p>")
    save_revision(article, editor)
    open_form(page, editor, article)

    page.get_by_role("button", name="Show preview").click()
    frame = page.frame_locator(".preview-frame")
    expect(frame.locator("h1")).to_have_text("Old headline", timeout=10_000)
    panel, form = page.locator("#preview-panel").bounding_box(), page.locator("#article_form")
    assert panel and panel["x"] + 2 >= form.bounding_box()["x"] + form.bounding_box()["width"]

    page.fill("#id_headline", "")
    page.locator("#id_headline").press_sequentially("Storm closes the coast road")
    page.locator(BODY).first.click()
    page.keyboard.press("Control+a")
    page.keyboard.type("The road was shut at noon.")

    expect(frame.locator("h1")).to_have_text("Storm closes the coast road", timeout=10_000)
    expect(frame.locator(".story-body")).to_contain_text(
        "The road was shut at noon.", timeout=10_000
    )
    assert frame.locator(".preview-banner").is_visible()

    sandbox = page.locator(".preview-frame").get_attribute("sandbox").split()
    assert "allow-scripts" not in sandbox  # the public page's scripts never run as the admin
    assert frame.locator("script").count() == 0  # nor are they there to be refused
    assert not [error for error in page.console_errors if "sandboxed" in error]
    page.get_by_role("button", name="Phone").click()
    assert page.locator(".preview-frame").evaluate("frame => frame.clientWidth") == 390

    page.get_by_role("tab", name="Article").press("ArrowRight")  # to Teaser, as tab lists do
    expect(page.get_by_role("tab", name="Teaser")).to_have_attribute("aria-selected", "true")
    expect(frame.locator(".teaser-headline").first).to_have_text("Storm closes the coast road")

    with page.expect_popup() as popup:
        page.get_by_role("button", name="Preview in a new tab").click()
    tab = popup.value
    expect(tab.locator("h1")).to_have_text("Storm closes the coast road")
    tab.close()

    assert Article.objects.get(pk=article.pk).headline == "Old headline"
    assert not csp_violations(page)


def test_the_social_card_shows_the_social_headline_and_counters_count(site_page, editor):
    page = site_page
    page.set_viewport_size({"width": 1366, "height": 900})
    article = make_article(headline="Talks resume")
    save_revision(article, editor)
    open_form(page, editor, article)

    page.locator("summary", has_text="Search and social").click()
    counter = page.locator("#id_social_headline-counter")
    expect(counter).to_have_text("0 / 70")
    page.locator("#id_social_headline").press_sequentially("Both sides are talking again")
    expect(counter).to_have_text("28 / 70")
    page.fill("#id_seo_title", "S" * 61)
    expect(page.locator("#id_seo_title-counter")).to_have_text(re.compile(r"^61 / 60"))
    expect(page.locator("#id_seo_title-counter")).to_have_class(re.compile("char-counter-over"))

    page.get_by_role("button", name="Show preview").click()
    page.get_by_role("tab", name="Social card").click()
    frame = page.frame_locator(".preview-frame")
    expect(frame.locator(".card-title")).to_have_text(
        "Both sides are talking again", timeout=10_000
    )
    assert not csp_violations(page)


def test_below_1200_pixels_the_preview_is_a_full_width_drawer(site_page, editor):
    page = site_page
    page.set_viewport_size({"width": 390, "height": 800})
    article = make_article(headline="Talks resume")
    open_form(page, editor, article)

    page.get_by_role("button", name="Show preview").click()

    box = page.locator("#preview-panel").bounding_box()
    assert box and box["x"] == 0 and box["width"] == 390
    expect(page.frame_locator(".preview-frame").locator("h1")).to_have_text("Talks resume")
    page.get_by_role("button", name="Close preview").click()
    assert page.locator("#preview-panel").is_hidden()
