"""Who is told of each workflow step (articles/notices.py), and who is not."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles import notices, workflow
from articles.models import Status
from notifications.models import Kind, Notification
from tests.factories import make_article, make_author, make_section, make_user


def told(kind: str | None = None) -> dict[str, list[str]]:
    """{username: [text, ...]} of the notifications made (of one kind, if given)."""
    rows = Notification.objects.select_related("recipient").order_by("pk")
    if kind:
        rows = rows.filter(kind=kind)
    found: dict[str, list[str]] = {}
    for row in rows:
        found.setdefault(row.recipient.username, []).append(row.text)
    return found


def member(username, group, **fields):
    user = make_user(username, **fields)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def newsroom(reporter, other_reporter, editor, photodesk, reader):
    """The cast plus a second editor and an editor who left (inactive)."""
    return {
        "reporter": reporter,
        "other_reporter": other_reporter,
        "editor": editor,
        "night_editor": member("night_editor", "Editor"),
        "former_editor": member("former_editor", "Editor", is_active=False),
        "photodesk": photodesk,
        "reader": reader,
    }


def reporters_article(reporter, status, **fields):
    return make_article(
        status=status, created_by=reporter, headline="Floods in the valley", **fields
    )


# --- submit ------------------------------------------------------------------------------------


def test_a_submission_tells_every_active_editor_when_the_section_has_none_chosen(newsroom):
    article = reporters_article(newsroom["reporter"], Status.DRAFT)

    workflow.perform(article, "submit", newsroom["reporter"])

    assert set(told(Kind.SUBMITTED)) == {"editor", "night_editor"}
    row = Notification.objects.get(recipient=newsroom["editor"])
    assert row.text == "reporter submitted “Floods in the valley” for edit."
    assert row.url == reverse("admin:articles_article_change", args=[article.pk])
    assert row.actor == newsroom["reporter"]


def test_a_submission_tells_only_the_sections_chosen_editors(newsroom):
    section = make_section("Weather")
    section.editors.add(newsroom["night_editor"])
    article = reporters_article(newsroom["reporter"], Status.DRAFT, section=section)

    workflow.perform(article, "submit", newsroom["reporter"])

    assert set(told()) == {"night_editor"}


def test_a_chosen_section_editor_who_may_not_see_the_article_is_not_told(newsroom):
    section = make_section("Weather")
    section.editors.add(newsroom["other_reporter"], newsroom["night_editor"])
    article = reporters_article(newsroom["reporter"], Status.DRAFT, section=section)

    workflow.perform(article, "submit", newsroom["reporter"])

    assert set(told()) == {"night_editor"}  # other_reporter may not see the reporter's draft


@pytest.mark.parametrize("gone", ["left the desk", "switched off"])
def test_when_no_chosen_editor_may_see_it_everyone_who_may_publish_is_told(newsroom, gone):
    chosen = member("weather_editor", "Editor")
    if gone == "left the desk":
        chosen.groups.clear()
    else:
        chosen.is_active = False
        chosen.save()
    section = make_section("Weather")
    section.editors.add(chosen)
    article = reporters_article(newsroom["reporter"], Status.DRAFT, section=section)

    workflow.perform(article, "submit", newsroom["reporter"])

    assert set(told(Kind.SUBMITTED)) == {"editor", "night_editor"}


def test_holders_are_the_active_accounts_given_a_permission(newsroom):
    boss = make_user("boss", is_superuser=True)
    publishers = notices.holders("articles.publish_article")
    assert set(publishers.values_list("username", flat=True)) == {"editor", "night_editor", "boss"}
    assert boss not in notices.holders("articles.publish_article", include_superusers=False)
    assert newsroom["reporter"] in notices.holders("articles.change_article")


def test_an_editor_who_submits_is_not_told_of_their_own_step(newsroom):
    article = reporters_article(newsroom["reporter"], Status.DRAFT)

    workflow.perform(article, "submit", newsroom["editor"])

    assert set(told()) == {"night_editor"}


# --- return, publish, unpublish -----------------------------------------------------------------


@pytest.fixture
def shared(newsroom):
    """The reporter's article, bylined to the other reporter too (an owner by byline), and to
    an agency without an account; in edit."""
    bylines = [make_author(user=newsroom["other_reporter"]), make_author("AFP")]
    return reporters_article(newsroom["reporter"], Status.EDIT, bylines=bylines)


def test_a_return_tells_the_owners_with_the_note(newsroom, shared):
    workflow.perform(shared, "return", newsroom["editor"], note="Check the river's name.")

    assert told() == {
        name: ["editor returned “Floods in the valley” to you: Check the river's name."]
        for name in ("reporter", "other_reporter")
    }
    assert Notification.objects.filter(kind=Kind.RETURNED).count() == 2


def test_a_reporter_who_owns_nothing_of_the_article_is_not_told(newsroom):
    article = reporters_article(newsroom["reporter"], Status.EDIT)

    workflow.perform(article, "return", newsroom["editor"], note="Shorter.")

    assert set(told()) == {"reporter"}


def test_an_inactive_owner_is_not_told(newsroom):
    gone = make_user("gone", is_active=False)
    gone.groups.add(Group.objects.get(name="Reporter"))
    article = reporters_article(gone, Status.EDIT, bylines=[make_author(user=newsroom["reporter"])])

    workflow.perform(article, "return", newsroom["editor"], note="Shorter.")

    assert set(told()) == {"reporter"}


def test_an_owner_who_may_no_longer_see_articles_is_not_told(newsroom, shared):
    newsroom["other_reporter"].groups.clear()  # left the newsroom's roles, account kept

    workflow.perform(shared, "return", newsroom["editor"], note="Shorter.")

    assert set(told()) == {"reporter"}


def test_publishing_now_tells_the_owners(newsroom, shared):
    workflow.perform(shared, "publish", newsroom["editor"])

    assert told(Kind.PUBLISHED) == {
        name: ["editor published “Floods in the valley”."]
        for name in ("reporter", "other_reporter")
    }
    assert set(told()) == {"reporter", "other_reporter"}


def test_publishing_under_embargo_says_so(newsroom):
    until = timezone.now() + timedelta(days=1)
    article = reporters_article(newsroom["reporter"], Status.EDIT, embargo_until=until)

    workflow.perform(article, "publish", newsroom["editor"])

    assert "under embargo until" in told()["reporter"][0]


def test_unpublishing_tells_the_owners_why(newsroom, shared):
    workflow.perform(shared, "publish", newsroom["editor"])
    Notification.objects.all().delete()

    workflow.perform(shared, "unpublish", newsroom["night_editor"], note="Legal asked.")

    assert told(Kind.UNPUBLISHED) == {
        name: ["night_editor unpublished “Floods in the valley”: Legal asked."]
        for name in ("reporter", "other_reporter")
    }


def test_a_refused_step_tells_nobody(newsroom):
    article = reporters_article(newsroom["reporter"], Status.DRAFT, bylines=[])

    with pytest.raises(workflow.TransitionBlocked):
        workflow.perform(article, "submit", newsroom["reporter"])

    assert not Notification.objects.exists()


def test_a_step_that_fails_after_its_notices_tells_nobody(newsroom, monkeypatch):
    article = reporters_article(newsroom["reporter"], Status.EDIT)
    real = notices.step_taken

    def then_fail(*args, **kwargs):
        real(*args, **kwargs)
        assert Notification.objects.exists()  # queued in the step's transaction...
        raise RuntimeError("the database went away")

    monkeypatch.setattr(notices, "step_taken", then_fail)
    with pytest.raises(RuntimeError):
        workflow.perform(article, "publish", newsroom["editor"])

    assert not Notification.objects.exists()  # ...and gone with it
    article.refresh_from_db()
    assert article.status == Status.EDIT


# --- scheduled, then live ----------------------------------------------------------------------


def schedule(article, editor, hours=2):
    when = (timezone.now() + timedelta(hours=hours)).replace(microsecond=0)
    workflow.perform(article, "publish", editor, publish_at=when)
    return when


def run(queued):
    """Run a queued task as the worker would."""
    queued.task.call(*queued.args_kwargs["args"], **queued.args_kwargs["kwargs"])


def test_scheduling_tells_the_owners_and_queues_the_went_live_task(newsroom, task_queue):
    article = reporters_article(newsroom["reporter"], Status.EDIT)

    when = schedule(article, newsroom["editor"])

    line = told(Kind.PUBLISHED)["reporter"][0]
    assert line.startswith("editor scheduled “Floods in the valley” for ")
    queued = DBTaskResult.objects.get(task_path="articles.notices.went_live")
    assert queued.run_after == when
    assert queued.args_kwargs["args"] == [article.pk, when.isoformat()]


def test_the_owners_are_told_once_when_it_goes_live(newsroom, task_queue, monkeypatch):
    article = reporters_article(newsroom["reporter"], Status.EDIT)
    when = schedule(article, newsroom["editor"])
    queued = DBTaskResult.objects.get(task_path="articles.notices.went_live")
    run(queued)
    assert not told(Kind.WENT_LIVE)  # too early: not public yet

    monkeypatch.setattr(timezone, "now", lambda: when + timedelta(seconds=5))
    run(queued)
    run(queued)  # a retry

    assert told(Kind.WENT_LIVE) == {"reporter": ["“Floods in the valley” went live."]}
    assert Notification.objects.get(kind=Kind.WENT_LIVE).actor is None


def test_a_rescheduled_article_is_not_announced_at_the_old_time(newsroom, task_queue, monkeypatch):
    article = reporters_article(newsroom["reporter"], Status.EDIT)
    schedule(article, newsroom["editor"], hours=1)
    first = DBTaskResult.objects.get(task_path="articles.notices.went_live")
    workflow.perform(article, "unpublish", newsroom["editor"], note="Wrong day.")
    later = schedule(article, newsroom["editor"], hours=5)
    second = DBTaskResult.objects.exclude(pk=first.pk).get(task_path=first.task_path)

    monkeypatch.setattr(timezone, "now", lambda: later + timedelta(seconds=5))
    run(first)  # late, after the new time: the new time's own task tells them
    assert not told(Kind.WENT_LIVE)
    run(second)
    assert set(told(Kind.WENT_LIVE)) == {"reporter"}


def test_an_unpublished_article_is_not_announced(newsroom, task_queue, monkeypatch):
    article = reporters_article(newsroom["reporter"], Status.EDIT)
    when = schedule(article, newsroom["editor"])
    queued = DBTaskResult.objects.get(task_path="articles.notices.went_live")
    workflow.perform(article, "unpublish", newsroom["editor"], note="Pulled.")

    monkeypatch.setattr(timezone, "now", lambda: when + timedelta(seconds=5))
    run(queued)

    assert not told(Kind.WENT_LIVE)


def test_an_article_still_under_embargo_is_announced_when_the_embargo_is_lifted(
    newsroom, task_queue, monkeypatch
):
    until = timezone.now() + timedelta(days=2)
    article = reporters_article(newsroom["reporter"], Status.EDIT, embargo_until=until)
    when = schedule(article, newsroom["editor"])
    queued = DBTaskResult.objects.get(task_path="articles.notices.went_live")
    monkeypatch.setattr(timezone, "now", lambda: when + timedelta(seconds=5))

    run(queued)
    assert not told(Kind.WENT_LIVE)  # not public: the embargo holds it

    article.refresh_from_db()
    workflow.lift_embargo(article, newsroom["night_editor"])
    assert set(told(Kind.WENT_LIVE)) == {"reporter"}


def test_with_the_immediate_backend_the_went_live_task_runs_at_once_and_says_nothing(newsroom):
    article = reporters_article(newsroom["reporter"], Status.EDIT)

    schedule(article, newsroom["editor"])

    assert not told(Kind.WENT_LIVE)
    assert set(told(Kind.PUBLISHED)) == {"reporter"}


# --- choosing a section's editors ----------------------------------------------------------------


def test_an_editor_chooses_a_sections_editors_among_active_staff(client, newsroom):
    section = make_section("Weather")
    outsider = get_user_model().objects.create_user("outsider")  # not staff
    client.force_login(newsroom["editor"])
    url = reverse("admin:articles_section_change", args=[section.pk])

    page = client.get(url)
    choices = {label for _, label in page.context["adminform"].form.fields["editors"].choices}
    assert {"night_editor", "reporter"} <= choices
    assert not {"former_editor", outsider.username} & choices
    assert "selectfilter" in page.text  # the two-box chooser (filter_horizontal)
    assert "Told when a story in this section is submitted for edit." in page.text

    data = {"name": "Weather", "slug": "weather", "position": 0, "description": ""}
    response = client.post(url, {**data, "editors": [newsroom["night_editor"].pk]})

    assert response.status_code == 302
    assert list(section.editors.all()) == [newsroom["night_editor"]]
