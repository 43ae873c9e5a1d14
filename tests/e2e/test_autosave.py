"""In a browser: a reporter types and sees the preview follow, the page autosaves, they leave
without saving (warned), come back, restore what they typed and save it. A page offering an
earlier autosave does not autosave over it, and a preview in a new tab stops nothing."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Article, Autosave
from tests.e2e.conftest import csp_violations, log_in
from tests.factories import make_article, save_revision

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HEADLINE = "Storm: the coast road reopens at six"
TYPED = "Reopened at six after the clear-up."


def ready(page):
    """Wait until the page's autosave has taken the form as it was loaded: what is typed
    before would count as loaded, not as a change."""
    expect(page.locator("#autosave-status[data-ready]")).to_be_attached()


def test_a_reporter_leaves_unsaved_comes_back_and_restores_their_text(site_page, reporter):
    article = make_article(
        created_by=reporter, headline="Storm closes the coast road", body="<p>Old text.</p>"
    )
    save_revision(article, reporter)
    change = site_page.base + reverse("admin:articles_article_change", args=[article.pk])
    log_in(site_page, reporter.username)

    first = site_page.context.new_page()  # the same reporter's session, in a tab closed later
    first.set_viewport_size({"width": 1366, "height": 900})
    first.goto(change)
    ready(first)
    first.get_by_role("button", name="Show preview").click()
    preview = first.frame_locator(".preview-frame")
    expect(preview.locator("h1")).to_have_text("Storm closes the coast road")
    first.fill("#id_headline", HEADLINE)
    first.locator(".field-body [contenteditable=true]").click()
    first.keyboard.press("Control+End")
    first.keyboard.press("Enter")
    first.keyboard.type(TYPED)
    expect(preview.locator("h1")).to_have_text(HEADLINE, timeout=10_000)
    expect(preview.locator(".story-body")).to_contain_text(TYPED, timeout=10_000)
    expect(first.locator("#autosave-status")).to_contain_text("Autosaved", timeout=15_000)
    assert Article.objects.get().headline == "Storm closes the coast road"  # nothing saved

    dialogs = []
    first.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    first.goto(site_page.base + reverse("admin:articles_article_changelist"))
    assert dialogs == ["beforeunload"]  # leaving with unsaved changes warned
    first.close()

    page = site_page
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.goto(change)
    banner = page.locator(".autosave-banner")
    expect(banner).to_contain_text("You have unsaved changes from")
    banner.get_by_role("link", name="Restore them").click()

    expect(page.locator(".autosave-banner")).to_contain_text("are back in the form")
    expect(page.locator("#id_headline")).to_have_value(HEADLINE)
    expect(page.locator(".field-body [contenteditable=true]")).to_contain_text(TYPED)
    page.click("input[name=_continue]")

    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert dialogs == ["beforeunload"]  # saving is not leaving: no second warning
    saved = Article.objects.get()
    assert saved.headline == HEADLINE
    assert TYPED in saved.body and "Old text." in saved.body
    assert not Autosave.objects.exists()
    assert not csp_violations(page)


def test_a_page_offering_an_autosave_does_not_autosave_over_it(site_page, reporter):
    page = site_page
    article = make_article(created_by=reporter, headline="Storm closes the coast road")
    save_revision(article, reporter)
    change = page.base + reverse("admin:articles_article_change", args=[article.pk])
    log_in(page, reporter.username)
    page.on("dialog", lambda dialog: dialog.accept())  # leaving with unsaved changes: yes
    page.goto(change)
    ready(page)
    page.fill("#id_headline", "An hour of work")
    expect(page.locator("#autosave-status")).to_contain_text("Autosaved", timeout=15_000)

    page.goto(change)
    expect(page.locator(".autosave-banner")).to_contain_text("You have unsaved changes from")
    ready(page)
    page.fill("#id_standfirst", "A stray keystroke")
    page.wait_for_timeout(7000)  # past the autosave interval

    saved = Autosave.objects.get()
    assert saved.data["headline"] == ["An hour of work"]
    assert saved.data["standfirst"] != ["A stray keystroke"]
    expect(page.locator("#autosave-status")).to_have_text(
        "Restore or discard your earlier changes to keep autosaving"
    )
    page.locator(".autosave-banner").get_by_role("link", name="Restore them").click()
    expect(page.locator(".autosave-banner")).to_contain_text("are back in the form")
    expect(page.locator("#id_headline")).to_have_value("An hour of work")
    ready(page)

    # Restored, the page autosaves again, over the autosave it now holds.
    page.fill("#id_standfirst", "And then some more.")
    expect(page.locator("#autosave-status")).to_contain_text("Autosaved", timeout=15_000)
    saved = Autosave.objects.get()
    assert saved.data["headline"] == ["An hour of work"]
    assert saved.data["standfirst"] == ["And then some more."]
    assert not csp_violations(page)


def test_a_preview_in_a_new_tab_stops_neither_autosave_nor_the_leave_warning(site_page, editor):
    page = site_page
    article = make_article(headline="Talks resume")
    save_revision(article, editor)
    log_in(page, editor.username)
    page.goto(page.base + reverse("admin:articles_article_change", args=[article.pk]))
    ready(page)

    with page.expect_popup() as popup:
        page.get_by_role("button", name="Preview in a new tab").click()
    tab = popup.value
    expect(tab.locator("h1")).to_have_text("Talks resume")
    tab.close()
    page.fill("#id_standfirst", "Typed after the preview.")

    expect(page.locator("#autosave-status")).to_contain_text("Autosaved", timeout=15_000)
    assert Autosave.objects.get().data["standfirst"] == ["Typed after the preview."]
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    page.goto(page.base + reverse("admin:articles_article_changelist"))
    assert dialogs == ["beforeunload"]
    assert Article.objects.get().headline == "Talks resume"
