"""In a browser: an editor builds the home front (a lead and three top stories) and previews it;
the front editor works from the keyboard alone (reorder, save)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Status
from fronts.models import Arrangement
from tests.e2e.conftest import log_in
from tests.factories import make_article

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]

ARRANGE = reverse("admin:fronts_front_arrange", args=["home"])


def stories(count):
    return [
        make_article(status=Status.PUBLISHED, headline=f"Front story {n}") for n in range(count)
    ]


def test_an_editor_builds_the_home_front_and_previews_it(site_page, editor):
    page = site_page
    lead, *top = stories(4)
    log_in(page, editor.username)
    page.goto(page.base + ARRANGE)
    page.get_by_label("Place, row 1").select_option("lead")
    page.get_by_label("Article, row 1").fill(str(lead.pk))
    page.get_by_label("Headline, row 1").fill("The day's main story")
    for row, article in enumerate(top[:2], start=2):
        page.get_by_label(f"Article, row {row}").fill(str(article.pk))
    page.get_by_role("button", name="Save and publish now").click()
    expect(page.locator(".messagelist")).to_contain_text("The front is live.")
    page.get_by_label("Article, row 4").fill(str(top[2].pk))
    with page.context.expect_page() as opened:
        page.get_by_role("button", name="Preview").click()
    preview = opened.value
    preview.wait_for_load_state()
    expect(preview.locator(".teaser-lead .teaser-headline")).to_have_text("The day's main story")
    expect(preview.locator(".front-top .teaser-headline")).to_have_text([a.headline for a in top])
    assert Arrangement.objects.get().slots.count() == 3  # the preview saved nothing


def test_the_front_editor_works_from_the_keyboard_alone(site_page, editor):
    page = site_page
    first, second = stories(2)
    log_in(page, editor.username)
    page.goto(page.base + ARRANGE)
    page.get_by_label("Article, row 1").focus()
    page.keyboard.type(str(first.pk))
    page.get_by_label("Article, row 2").focus()
    page.keyboard.type(str(second.pk))
    page.get_by_role("button", name="Move up row 2").focus()
    page.keyboard.press("Enter")  # row 2 moves up in place, focus stays on its button
    expect(page.locator("#front-status")).to_contain_text("now row 1")
    articles = page.locator("#front-slots input[name$='-article']")
    expect(articles.nth(0)).to_have_value(str(second.pk))
    expect(page.get_by_role("button", name="Move up row 2")).to_be_focused()
    page.get_by_role("button", name="Save and publish now").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".messagelist")).to_contain_text("The front is live.")
    slots = Arrangement.objects.get().slots.order_by("position")
    assert [s.article_id for s in slots] == [second.pk, first.pk]


def test_the_editor_finds_any_published_article_from_the_keyboard(site_page, editor):
    page = site_page
    (story,) = stories(1)
    make_article(status=Status.PUBLISHED, headline="Harbour bridge reopens after storm")
    log_in(page, editor.username)
    page.goto(page.base + ARRANGE)
    page.get_by_label("Article, row 1").fill(str(story.pk))
    page.get_by_label("Find a published article by its headline").fill("harbour BRIDGE")
    page.keyboard.press("Enter")  # searches in place: the rows typed are still there
    found = page.locator("#front-found li")
    expect(found).to_have_count(1)
    expect(found).to_contain_text("Harbour bridge reopens after storm")
    expect(page.locator("#front-status")).to_contain_text("1 published article found")
    expect(page.get_by_label("Article, row 1")).to_have_value(str(story.pk))
    number = found.locator("strong").inner_text()
    page.get_by_label("Article, row 2").focus()
    page.keyboard.type(number)
    page.get_by_role("button", name="Save and publish now").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".messagelist")).to_contain_text("The front is live.")
    slots = Arrangement.objects.get().slots.order_by("position")
    assert [s.article_id for s in slots] == [story.pk, int(number)]
