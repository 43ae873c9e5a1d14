"""In a browser: an editor puts up a breaking news banner from the admin, and a reader sees it at
the top of every page, readable by a screen reader and passing axe-core."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.articles.site_fixtures import newsroom
from tests.e2e.conftest import log_in
from tests.e2e.test_reader import run_axe

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("fresh_cache"),
]


def test_an_editor_puts_up_a_banner_and_readers_see_it_on_every_page(site_page, editor):
    page = site_page
    article = newsroom(1, photo=False)[0]
    log_in(page, editor.username)
    page.goto(page.base + reverse("admin:articles_breakingnews_add"))
    page.get_by_label("Text").fill("Polls close in ten minutes")
    page.get_by_label("Link").fill(article.get_absolute_url())
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    page.context.clear_cookies()  # a reader
    for path in ["/", article.get_absolute_url(), "/no/such/page/"]:
        page.goto(page.base + path)
        banner = page.get_by_role("complementary", name="Breaking news")
        expect(banner).to_be_visible()
        expect(banner).to_contain_text("Polls close in ten minutes")
    page.goto(page.base + "/")
    assert run_axe(page) == []
    page.get_by_role("link", name="Polls close in ten minutes").click()
    expect(page).to_have_url(page.base + article.get_absolute_url())
