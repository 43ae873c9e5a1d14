"""The newsroom end to end: an editor writes, the reporter submits, the editor publishes, and
readers see the article on the home page and in the feed."""

import feedparser
import pytest
from playwright.sync_api import expect

from articles.models import Article, Author
from tests import factories
from tests.e2e.conftest import csp_violations

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("fresh_cache"),
]

HEADLINE = "Ministers agree on a plan to clean up the Danube"


@pytest.fixture
def newsroom(editor, reporter):
    factories.make_section("World")
    Author.objects.create(name="Tomás Ortega", slug="tomas-ortega", user=reporter)
    return {"editor": editor, "reporter": reporter}


def log_in(page, user):
    page.context.clear_cookies()
    page.goto(page.base + "/admin/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(
        page.get_by_role("link", name="Log out").or_(page.locator("#logout-form"))
    ).to_be_visible()


def write_article(page):
    page.goto(page.base + "/admin/articles/article/add/")
    page.locator("#id_headline").fill(HEADLINE)
    page.locator("#id_standfirst").fill("Six countries share the cost of a ten-year clean-up.")
    page.get_by_role("textbox", name="Body").fill("Ministers from six countries agreed on Tuesday.")
    page.locator("#id_section").select_option(label="World")
    page.locator("#id_tags").fill("Rivers, Environment")
    page.locator("#id_no_photo").check()
    page.get_by_text("Add another Byline").click()
    page.locator("#bylines-0 .select2-selection").click()
    page.locator(".select2-search__field").fill("Tomás")
    page.locator(".select2-results__option", has_text="Tomás Ortega").click()
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")


def take_step(page, article, label):
    page.goto(page.base + f"/admin/articles/article/{article.pk}/change/")
    page.get_by_role("link", name=label).click()
    page.locator(f"input[type=submit][value='{label}']").click()
    expect(page.locator(".messagelist")).to_contain_text("done")


def test_an_article_goes_from_the_editor_through_the_reporter_to_readers(site_page, newsroom):
    page = site_page
    log_in(page, newsroom["editor"])
    write_article(page)
    article = Article.objects.get(headline=HEADLINE)
    assert article.status == "draft"

    log_in(page, newsroom["reporter"])
    take_step(page, article, "Submit for editing")
    log_in(page, newsroom["editor"])
    take_step(page, article, "Publish")
    article.refresh_from_db()
    assert article.status == "published"

    page.context.clear_cookies()
    page.goto(page.base + "/")
    page.get_by_role("link", name=HEADLINE).first.click()
    expect(page.locator(".byline")).to_contain_text("By Tomás Ortega")
    feed = feedparser.parse(page.request.get(page.base + "/feeds/rss/").body())
    assert not feed.bozo
    assert feed.entries[0].title == HEADLINE
    assert csp_violations(page) == []
