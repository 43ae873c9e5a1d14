"""In a browser: a reporter writes the body with the toolbar, under the site's CSP, and what is
saved is clean HTML inside the allow-list."""

import pytest
from django.urls import reverse

from articles.models import Article
from tests.e2e.conftest import csp_violations
from tests.factories import PASSWORD, make_article

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_toolbar_writes_subheads_emphasis_and_paragraphs(site_page, reporter):
    page = site_page
    article = make_article(created_by=reporter, body="<p>Old text.</p>")
    page.goto(page.base + reverse("admin:login"))
    page.fill("#id_username", reporter.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.goto(page.base + reverse("admin:articles_article_change", args=[article.pk]))

    assert page.locator("#id_body").is_hidden()
    editor = page.locator(".body-editor")
    editor.click()
    page.keyboard.press("Control+a")
    page.keyboard.type("What happened")
    page.get_by_role("button", name="Subhead", exact=True).click()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.type("Ministers met ")
    page.get_by_role("button", name="Bold").click()
    page.keyboard.type("on Tuesday")
    page.get_by_role("button", name="Bold").click()
    page.keyboard.type(".")
    page.click("input[name=_continue]")

    assert "was changed successfully" in page.inner_text(".messagelist")
    body = Article.objects.get().body
    assert body == "<h2>What happened</h2><p>Ministers met <b>on Tuesday</b>.</p>"
    assert not csp_violations(page)
