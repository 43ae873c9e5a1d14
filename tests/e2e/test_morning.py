"""The newsroom's morning, as the issue tells it: the editor plans three stories and assigns
them; the reporter finds the assignment on the dashboard and in the notifications, starts the
draft from it and files; the editor is told, asks a question with an @mention, the reporter
answers, the editor publishes, and the budget shows the story published."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article, Status
from desk.models import BudgetLine
from notifications.models import Kind, Notification
from tests import factories
from tests.e2e.conftest import log_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("fresh_cache"),
]

LINES = [
    ("harbour-strike", "Dock workers vote on a strike at the container harbour", "15:00"),
    ("eu-summit-reax", "Reactions in the capitals to the summit's energy deal", "16:30"),
    ("city-budget", "What the city budget means for your bins and buses", "18:00"),
]
QUESTION = "@reporter Can we get the union leader's own words in the second paragraph?"
ANSWER = "Added: she spoke to me at the gate at nine."


@pytest.fixture
def newsroom(editor, reporter):
    factories.make_section("Business")
    reporter.first_name, reporter.last_name = "Tomás", "Ortega"
    reporter.save()
    editor.first_name, editor.last_name = "Helen", "Marsh"
    editor.save()


def add_budget_lines(page):
    today = timezone.localdate().isoformat()
    for slug, pitch, deadline in LINES:
        page.goto(page.base + "/admin/desk/budgetline/add/")
        page.locator("#id_slug").fill(slug)
        page.locator("#id_pitch").fill(pitch)
        page.locator("#id_section").select_option(label="Business")
        page.locator("#id_writer").select_option(label="Tomás Ortega")
        page.locator("#id_deadline_0").fill(today)
        page.locator("#id_deadline_1").fill(deadline)
        page.locator("input[name=_save]").click()
        expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.first).to_contain_text("Assigned")


def open_notification(page, text):
    """From the bell to the inbox, then through the notification to what it is about."""
    page.goto(page.base + "/admin/")
    page.locator(".notifications-bell").click()
    page.get_by_role("button", name=re.compile(text)).first.click()


def take_step(page, label):
    page.get_by_role("link", name=label).click()
    page.locator(f"input[type=submit][value='{label}']").click()
    expect(page.locator(".messagelist")).to_contain_text("done")


def test_the_morning_from_budget_to_published_story(site_page, newsroom, editor, reporter):
    page = site_page
    log_in(page, "editor")
    add_budget_lines(page)

    # The reporter: three assignments on the dashboard and behind the bell.
    log_in(page, "reporter")
    expect(page.locator(".notifications-bell")).to_have_accessible_name("Notifications, 3 unread")
    assignments = page.locator(".desk-panel-assignments")
    for _, pitch, _ in LINES:
        expect(assignments).to_contain_text(pitch)
    page.locator(".notifications-bell").click()
    expect(page.locator("#notifications")).to_contain_text("assigned you to write harbour-strike")

    # Starts the first story from the dashboard, writes it and files it.
    page.goto(page.base + "/admin/")
    assignments.locator("li", has_text=LINES[0][1]).get_by_role(
        "button", name=f"Start the draft of {LINES[0][0]}"
    ).click()
    expect(page.locator("#id_headline")).to_have_value(LINES[0][1])
    # The editor itself (the textarea it replaces is hidden): by its element, as the accessible
    # name it is given can come a moment after it appears on a loaded machine.
    editor = page.locator(".field-body .ProseMirror[contenteditable=true]")
    expect(editor).to_be_visible()
    editor.fill("Dock workers voted at dawn to strike.")
    page.locator("#id_no_photo").check()
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    take_step(page, "Submit for editing")
    article = Article.objects.get(budget_line__slug=LINES[0][0])
    assert article.status == Status.EDIT

    # The editor is told, opens the story from the notification and asks a question.
    log_in(page, "editor")
    open_notification(page, "submitted")
    expect(page.locator("#id_headline")).to_have_value(LINES[0][1])
    page.get_by_label("New comment").fill(QUESTION)
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator("#comments")).to_contain_text("Can we get the union leader")

    # The reporter is told of the mention and answers in the thread.
    log_in(page, "reporter")
    open_notification(page, "mentioned you")
    thread = page.locator("#comments .comment-thread").first
    thread.get_by_label("Reply").fill(ANSWER)
    thread.get_by_role("button", name="Reply").click()
    expect(page.locator("#comments .comment-reply")).to_contain_text(ANSWER)

    # The editor sees the answer, publishes, and the budget follows.
    log_in(page, "editor")
    open_notification(page, "replied")
    expect(page.locator("#comments")).to_contain_text(ANSWER)
    take_step(page, "Publish")
    page.goto(page.base + "/admin/desk/budgetline/")
    expect(page.locator("#result_list tbody tr", has_text=LINES[0][0])).to_contain_text("Published")

    told = Notification.objects.filter(recipient=reporter).values_list("kind", flat=True)
    assert sorted(told) == sorted([Kind.ASSIGNED] * 3 + [Kind.MENTIONED, Kind.PUBLISHED])
    assert BudgetLine.objects.with_status().get(slug=LINES[0][0]).line_status == "published"
