"""Two editors in two browsers open the same article: the second sees the first has it open, both
edit, the first saves, and the second's save is refused with their text kept and the first's
change shown; saving again on purpose goes through."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from articles.models import Article
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, csp_violations
from tests.factories import PASSWORD, make_article, make_user, save_revision

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def editor_named(username):
    user = make_user(username)
    user.groups.add(Group.objects.get(name="Editor"))
    return user


def log_in(page, base, username):
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.goto(base + reverse("admin:login"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")


@pytest.fixture
def browsers(playwright, live_server):
    """Two separate browser contexts: two people, two sessions."""
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    pages = [browser.new_context().new_page() for _ in range(2)]
    yield pages
    browser.close()


def test_the_second_of_two_editors_is_stopped_and_keeps_their_text(browsers, live_server):
    first, second = browsers
    editor_named("anna")
    editor_named("ben")
    article = make_article(headline="Council approves the budget")
    save_revision(article, None)
    change = live_server.url + reverse("admin:articles_article_change", args=[article.pk])

    log_in(first, live_server.url, "anna")
    first.goto(change)
    log_in(second, live_server.url, "ben")
    second.goto(change)
    assert "anna has had this article open" in second.inner_text(".lock-banner")

    first.fill("#id_headline", "Council approves the budget after a late-night vote")
    second.fill("#id_headline", "Council passes the budget")
    second.fill("#id_standfirst", "Ben's standfirst, written meanwhile.")
    first.click("input[name=_continue]")
    assert "was changed successfully" in first.inner_text(".messagelist")

    second.click("input[name=_continue]")

    assert "anna saved this article" in second.inner_text(".errorlist.nonfield")
    assert second.input_value("#id_headline") == "Council passes the budget"
    assert second.input_value("#id_standfirst") == "Ben's standfirst, written meanwhile."
    assert "after a late-night vote" in second.inner_text(".conflict ins")
    assert Article.objects.get().headline.endswith("late-night vote")

    second.click("input[name=_continue]")  # having read the change, Ben saves on purpose
    assert "was changed successfully" in second.inner_text(".messagelist")
    assert Article.objects.get().headline == "Council passes the budget"
    assert not csp_violations(first) and not csp_violations(second)
