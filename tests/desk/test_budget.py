"""The story budget: the day's lines in the morning meeting, who may pitch, assign, start and
spike them, and a line's status following its article through the workflow."""

from datetime import datetime, time, timedelta

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article, Author, Revision, Status
from desk.models import BudgetLine, LineStatus
from notifications.models import Kind, Notification
from tests.factories import make_article, make_line, make_section, make_user, save_revision

pytestmark = pytest.mark.django_db

BUDGET = reverse("admin:desk_budgetline_changelist")
ADD = reverse("admin:desk_budgetline_add")


def change_url(line):
    return reverse("admin:desk_budgetline_change", args=[line.pk])


def start_url(line):
    return reverse("admin:desk_budgetline_start_draft", args=[line.pk])


def listed(client, **params) -> list[str]:
    response = client.get(BUDGET, params)
    assert response.status_code == 200
    return sorted(line.slug for line in response.context["cl"].result_list)


def line_status(line):
    return BudgetLine.objects.with_status().get(pk=line.pk).line_status


def form_data(line=None, **overrides):
    """What the line's admin form posts (no photo requests)."""
    today = timezone.localdate()
    data = {
        "slug": line.slug if line else "eu-summit",
        "pitch": line.pitch if line else "EU leaders meet on the budget",
        "section": line.section_id if line else make_section().pk,
        "day": (line.day if line else today).isoformat(),
        "writer": (line.writer_id or "") if line else "",
        "photographer": (line.photographer_id or "") if line else "",
        "deadline_0": "",
        "deadline_1": "",
        "expected_words": "600",
        "publish_at_0": "",
        "publish_at_1": "",
        "photo_requests-TOTAL_FORMS": "0",
        "photo_requests-INITIAL_FORMS": "0",
        "photo_requests-MIN_NUM_FORMS": "0",
        "photo_requests-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- the day's budget ----------------------------------------------------------------------


def test_the_budget_shows_todays_lines_unless_another_day_is_chosen(client, editor):
    today = timezone.localdate()
    make_line(slug="today-story")
    make_line(slug="yesterday-story", day=today - timedelta(days=1))
    make_line(slug="tomorrow-story", day=today + timedelta(days=1))
    client.force_login(editor)

    assert listed(client) == ["today-story"]
    assert listed(client, day=(today + timedelta(days=1)).isoformat()) == ["tomorrow-story"]
    assert listed(client, day="all") == ["today-story", "tomorrow-story", "yesterday-story"]


def test_one_days_budget_gives_times_on_that_day_and_dates_only_for_other_days(client, editor):
    today = timezone.localdate()
    at = timezone.make_aware(datetime.combine(today, time(15, 0)))
    make_line(slug="due-today", deadline=at, publish_at=at + timedelta(days=1))
    client.force_login(editor)

    one_day = client.get(BUDGET).content.decode()
    every_day = client.get(BUDGET, {"day": "all"}).content.decode()

    assert '<td class="field-due">15:00</td>' in one_day
    tomorrow = timezone.localtime(at + timedelta(days=1))
    assert f'<td class="field-goes_live">{tomorrow:%d %b %Y, %H:%M}</td>' in one_day
    # The day is in the title of one day's budget, and a column of every day's.
    assert "column-day" not in one_day
    assert "column-day" in every_day


def test_day_links_lead_to_the_previous_and_next_day_keeping_the_other_choices(client, editor):
    day = timezone.localdate() + timedelta(days=5)
    section = make_section()
    make_line(slug="before", day=day - timedelta(days=1), section=section)
    make_line(slug="after", day=day + timedelta(days=1), section=section)
    client.force_login(editor)

    response = client.get(BUDGET, {"day": day.isoformat(), "section__id__exact": section.pk})

    assert response.context["title"].startswith("Budget for ")
    previous, following = response.context["previous_day"], response.context["next_day"]
    assert f"day={(day - timedelta(days=1)).isoformat()}" in previous
    assert f"section__id__exact={section.pk}" in previous
    assert [line.slug for line in client.get(BUDGET + previous).context["cl"].result_list] == [
        "before"
    ]
    assert [line.slug for line in client.get(BUDGET + following).context["cl"].result_list] == [
        "after"
    ]
    html = response.content.decode()
    assert "← previous day" in html and "next day →" in html
    assert 'name="day"' in html  # the day picker, a plain GET form


def test_a_day_that_is_not_a_date_is_refused_without_an_error(client, editor):
    client.force_login(editor)

    response = client.get(BUDGET, {"day": "someday", "q": "summit"})

    assert response.status_code == 302
    assert response["Location"] == f"{BUDGET}?q=summit"
    assert any("not a day" in m for m in messages_of(response))


def test_the_budget_filters_by_section_status_and_writer(client, editor, reporter):
    europe, sport = make_section("Europe"), make_section("Sport")
    make_line(slug="treaty", section=europe, writer=reporter)
    make_line(slug="cup-final", section=sport)
    make_line(slug="dropped", section=sport, spiked_at=timezone.now())
    client.force_login(editor)

    assert listed(client, section__id__exact=europe.pk) == ["treaty"]
    assert listed(client, status=LineStatus.ASSIGNED) == ["treaty"]
    assert listed(client, status=LineStatus.PITCHED) == ["cup-final"]
    assert listed(client, status=LineStatus.SPIKED) == ["dropped"]
    assert listed(client, writer__id__exact=reporter.pk) == ["treaty"]


def test_the_budget_is_searched_by_slug_and_pitch(client, editor):
    make_line(slug="eu-summit", pitch="Leaders meet in Brussels")
    make_line(slug="cup-final", pitch="A late goal")
    client.force_login(editor)

    assert listed(client, q="summit") == ["eu-summit"]
    assert listed(client, q="goal") == ["cup-final"]


def test_the_status_column_sorts_by_the_lines_status(client, editor, reporter):
    make_line(slug="pitched")
    make_line(slug="assigned", writer=reporter)
    make_line(slug="spiked", spiked_at=timezone.now())
    client.force_login(editor)
    columns = client.get(BUDGET).context["cl"].list_display
    status_column = columns.index("status")

    response = client.get(BUDGET, {"o": str(status_column)})

    slugs = [line.slug for line in response.context["cl"].result_list]
    assert slugs == ["assigned", "pitched", "spiked"]  # alphabetical by status value


def test_the_budget_costs_the_same_queries_for_one_line_and_thirty(
    client, editor, reporter, photodesk, django_assert_max_num_queries
):
    section = make_section()
    started = make_line(section=section, writer=reporter, photographer=photodesk)
    started.article = make_article(section=section)
    started.save()
    client.force_login(editor)
    with django_assert_max_num_queries(10) as one:
        client.get(BUDGET)
    for n in range(29):
        writer = (reporter, editor, None)[n % 3]
        line = make_line(section=make_section(), writer=writer, photographer=photodesk)
        if n % 2:
            line.article = make_article(section=line.section)
            line.save()

    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(BUDGET)

    assert len(response.context["cl"].result_list) == 30


# --- who may do what -----------------------------------------------------------------------


def test_a_reporter_pitches_a_line_but_cannot_assign_it(client, reporter, other_reporter):
    client.force_login(reporter)
    section = make_section()

    response = client.post(
        ADD, form_data(section=section.pk, writer=other_reporter.pk, photographer=reporter.pk)
    )

    assert response.status_code == 302
    line = BudgetLine.objects.get(slug="eu-summit")
    assert line.created_by == reporter
    assert line.writer is None and line.photographer is None  # not theirs to set
    assert line_status(line) == LineStatus.PITCHED
    assert not Notification.objects.exists()


def test_a_reporter_may_correct_their_own_pitch_until_an_editor_takes_it_up(
    client, reporter, other_reporter
):
    mine = make_line(created_by=reporter)
    theirs = make_line(created_by=other_reporter)
    assigned = make_line(created_by=reporter, writer=reporter)
    client.force_login(reporter)

    assert client.post(change_url(mine), form_data(mine, pitch="Better pitch")).status_code == 302
    mine.refresh_from_db()
    assert mine.pitch == "Better pitch"
    for line in (theirs, assigned):
        assert client.post(change_url(line), form_data(line, pitch="Mine")).status_code == 403
        line.refresh_from_db()
        assert line.pitch != "Mine"


def test_a_reporter_cannot_spike_a_line(client, reporter):
    line = make_line(created_by=reporter)
    client.force_login(reporter)

    by_url = client.post(reverse("admin:desk_budgetline_spike", args=[line.pk]))
    client.post(BUDGET, {"action": "spike_lines", "_selected_action": [line.pk]})

    assert by_url.status_code == 403
    line.refresh_from_db()
    assert line.spiked_at is None
    assert "spike_lines" not in client.get(BUDGET).content.decode()


def test_an_editor_spikes_and_restores_lines(client, editor):
    line, other = make_line(), make_line()
    client.force_login(editor)

    client.post(BUDGET, {"action": "spike_lines", "_selected_action": [line.pk, other.pk]})
    assert line_status(line) == line_status(other) == LineStatus.SPIKED

    client.post(reverse("admin:desk_budgetline_unspike", args=[line.pk]))
    assert line_status(line) == LineStatus.PITCHED
    assert line_status(other) == LineStatus.SPIKED

    client.post(reverse("admin:desk_budgetline_spike", args=[line.pk]))
    assert line_status(line) == LineStatus.SPIKED


def test_the_photo_desk_sees_the_budget_but_cannot_add_or_change_lines(client, photodesk):
    line = make_line()
    client.force_login(photodesk)

    assert client.get(BUDGET).status_code == 200
    assert client.get(change_url(line)).status_code == 200
    assert client.get(ADD).status_code == 403
    assert client.post(ADD, form_data()).status_code == 403
    assert client.post(change_url(line), form_data(line, pitch="No")).status_code == 403
    assert not BudgetLine.objects.filter(slug="eu-summit").exists()


@pytest.mark.parametrize("who", ["reader", "anonymous"])
def test_readers_and_strangers_get_nothing_of_the_budget(client, reader, who):
    line = make_line()
    if who == "reader":
        client.force_login(reader)
    pages = [
        client.get(BUDGET),
        client.get(change_url(line)),
        client.get(ADD),
        client.post(start_url(line)),
        client.post(reverse("admin:desk_budgetline_spike", args=[line.pk])),
    ]

    for response in pages:
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert "/login/" in response["Location"]
    assert not Article.objects.exists()
    line.refresh_from_db()
    assert line.spiked_at is None


# --- assignments are told ------------------------------------------------------------------


def test_the_newly_assigned_writer_and_photographer_are_told(
    client, editor, reporter, other_reporter, photodesk
):
    line = make_line(writer=other_reporter)
    client.force_login(editor)

    client.post(change_url(line), form_data(line, writer=reporter.pk, photographer=photodesk.pk))

    told = Notification.objects.filter(kind=Kind.ASSIGNED)
    assert sorted(n.recipient.username for n in told) == ["photodesk", "reporter"]
    for notification in told:
        assert notification.actor == editor
        assert notification.url == change_url(line)
        assert "assigned you" in notification.text and line.slug in notification.text


def test_saving_a_line_again_tells_nobody_and_a_changed_photographer_only_them(
    client, editor, reporter, photodesk
):
    line = make_line(writer=reporter)
    client.force_login(editor)

    client.post(change_url(line), form_data(line, pitch="Sharper pitch"))
    assert not Notification.objects.exists()

    line.refresh_from_db()
    client.post(change_url(line), form_data(line, photographer=photodesk.pk))
    assert [n.recipient for n in Notification.objects.all()] == [photodesk]


def test_a_line_added_with_a_writer_tells_the_writer(client, editor, reporter):
    client.force_login(editor)

    client.post(ADD, form_data(writer=reporter.pk))

    line = BudgetLine.objects.get(slug="eu-summit")
    notification = Notification.objects.get()
    assert (notification.recipient, notification.kind) == (reporter, Kind.ASSIGNED)
    assert notification.url == change_url(line)


def test_writers_are_chosen_among_those_who_may_write(client, editor, reporter, photodesk):
    client.force_login(editor)

    form = client.get(ADD).context["adminform"].form

    writers = set(form.fields["writer"].queryset)
    assert reporter in writers and editor in writers and photodesk not in writers
    assert photodesk in set(form.fields["photographer"].queryset)


# --- starting the draft --------------------------------------------------------------------


def test_the_writer_starts_the_draft_with_their_byline(client, reporter):
    reporter.first_name, reporter.last_name = "Ana", "Kovač"
    reporter.save()
    make_article(slug="eu-summit")  # the slug is taken: the draft gets the next free one
    line = make_line(slug="eu-summit", pitch="EU leaders meet on the budget", writer=reporter)
    client.force_login(reporter)

    response = client.post(start_url(line))

    line.refresh_from_db()
    article = line.article
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:articles_article_change", args=[article.pk])
    assert article.headline == "EU leaders meet on the budget"
    assert article.slug == "eu-summit-2"
    assert article.section == line.section
    assert article.status == Status.DRAFT
    assert article.created_by == reporter
    author = Author.objects.get(user=reporter)
    assert author.name == "Ana Kovač"
    assert [b.author for b in article.bylines.all()] == [author]
    assert Revision.objects.filter(article=article).count() == 1  # through save_content
    assert line_status(line) == LineStatus.IN_PROGRESS
    assert client.get(response["Location"]).status_code == 200  # the reporter's own draft


def test_an_editor_starts_the_draft_for_the_writer_who_owns_it(client, editor, reporter):
    author = Author.objects.create(name="Reporter R", slug="reporter-r", user=reporter)
    line = make_line(writer=reporter)
    client.force_login(editor)

    client.post(start_url(line))

    article = BudgetLine.objects.get(pk=line.pk).article
    assert article.created_by == reporter
    assert [b.author for b in article.bylines.all()] == [author]
    assert Article.objects.owned_by(reporter).filter(pk=article.pk).exists()


@pytest.mark.parametrize("who", ["other_reporter", "photodesk"])
def test_only_the_writer_or_an_assigning_editor_starts_the_draft(client, request, reporter, who):
    line = make_line(writer=reporter)
    client.force_login(request.getfixturevalue(who))

    assert client.post(start_url(line)).status_code == 403
    assert not Article.objects.exists()


def test_starting_is_a_post(client, reporter):
    line = make_line(writer=reporter)
    client.force_login(reporter)

    assert client.get(start_url(line)).status_code == 405
    assert not Article.objects.exists()


def test_a_started_line_leads_to_its_article(client, reporter):
    line = make_line(writer=reporter)
    client.force_login(reporter)
    client.post(start_url(line))
    article = BudgetLine.objects.get(pk=line.pk).article

    response = client.post(start_url(line))

    assert response["Location"] == reverse("admin:articles_article_change", args=[article.pk])
    assert Article.objects.count() == 1
    assert any("started already" in m for m in messages_of(response))


def test_a_spiked_line_is_not_started(client, editor, reporter):
    line = make_line(writer=reporter, spiked_at=timezone.now())
    client.force_login(editor)

    response = client.post(start_url(line))

    assert response["Location"] == change_url(line)
    assert any("spiked" in m for m in messages_of(response))
    assert not Article.objects.exists()


def test_a_line_without_a_writer_is_not_started(client, editor):
    line = make_line()
    client.force_login(editor)

    response = client.post(start_url(line))

    assert any("Assign a writer" in m for m in messages_of(response))
    assert not Article.objects.exists()


def test_the_start_button_is_shown_to_those_who_may_press_it(client, reporter, other_reporter):
    line = make_line(writer=reporter)

    client.force_login(other_reporter)
    assert start_url(line) not in client.get(BUDGET).content.decode()
    assert start_url(line) not in client.get(change_url(line)).content.decode()

    client.force_login(reporter)
    assert start_url(line) in client.get(BUDGET).content.decode()
    assert start_url(line) in client.get(change_url(line)).content.decode()
    client.post(start_url(line))
    article = BudgetLine.objects.get(pk=line.pk).article
    page = client.get(BUDGET).content.decode()
    assert start_url(line) not in page
    assert reverse("admin:articles_article_change", args=[article.pk]) in page


def test_the_lines_status_follows_its_article_through_the_workflow(client, editor, reporter):
    line = make_line(writer=reporter)
    assert line_status(line) == LineStatus.ASSIGNED
    client.force_login(reporter)
    client.post(start_url(line))
    article = BudgetLine.objects.get(pk=line.pk).article
    assert line_status(line) == LineStatus.IN_PROGRESS

    article.body = "<p>The leaders met.</p>"
    article.no_photo = True
    save_revision(article, reporter)
    workflow.perform(article, "submit", reporter)
    assert line_status(line) == LineStatus.FILED

    workflow.perform(article, "publish", editor)
    assert line_status(line) == LineStatus.PUBLISHED
    client.force_login(editor)
    assert listed(client, status=LineStatus.PUBLISHED) == [line.slug]


def test_a_writer_without_a_name_gets_a_byline_by_username(client):
    writer = make_user("nameless")
    writer.groups.add(Group.objects.get(name="Reporter"))
    make_user("taken")
    Author.objects.create(name="nameless", slug="nameless")  # the slug is taken by someone else
    line = make_line(writer=writer)
    client.force_login(writer)

    client.post(start_url(line))

    author = Author.objects.get(user=writer)
    assert (author.name, author.slug) == ("nameless", "nameless-2")


# --- a colleague's draft stays theirs -------------------------------------------------------


def started_by(writer, headline="Secret scoop on the minister"):
    """A line `writer` has started: the draft is theirs, by its creator and their byline."""
    article = make_article(created_by=writer, headline=headline)
    return make_line(slug="scoop", writer=writer, article=article), article


def test_a_reporter_sees_that_a_colleagues_line_is_started_but_not_its_headline(
    client, reporter, other_reporter
):
    line, article = started_by(other_reporter)
    article_url = reverse("admin:articles_article_change", args=[article.pk])
    client.force_login(reporter)

    for page in (client.get(BUDGET), client.get(change_url(line))):
        html = page.content.decode()
        assert page.status_code == 200
        assert "Secret scoop" not in html and article_url not in html
        assert "Started" in html


def test_the_writer_and_the_editors_see_the_started_lines_headline(client, other_reporter, editor):
    line, article = started_by(other_reporter)
    article_url = reverse("admin:articles_article_change", args=[article.pk])
    for who in (other_reporter, editor):
        client.force_login(who)
        for page in (client.get(BUDGET), client.get(change_url(line))):
            html = page.content.decode()
            assert "Secret scoop" in html and article_url in html


def test_a_reporters_budget_costs_the_same_queries_for_one_started_line_and_thirty(
    client, reporter, other_reporter, django_assert_max_num_queries
):
    started_by(other_reporter)
    client.force_login(reporter)
    with django_assert_max_num_queries(12) as one:
        client.get(BUDGET)
    for n in range(29):
        writer = (reporter, other_reporter)[n % 2]
        make_line(writer=writer, article=make_article(created_by=writer))

    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(BUDGET)

    assert len(response.context["cl"].result_list) == 30
    assert response.content.decode().count("Started") >= 15


# --- the calendar's ends --------------------------------------------------------------------


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_the_first_and_last_days_of_the_calendar_have_no_link_past_them(client, editor, day):
    client.force_login(editor)

    response = client.get(BUDGET, {"day": day})

    assert response.status_code == 200
    last = day.startswith("9999")
    assert ("next_day" in response.context) is not last
    assert ("previous_day" in response.context) is last
    html = response.content.decode()
    assert ("next day →" in html) is not last and ("← previous day" in html) is last


# --- published, but not yet public ----------------------------------------------------------


def published_line(slug, **times):
    article = make_article(status=Status.PUBLISHED)
    Article.objects.filter(pk=article.pk).update(**times)  # saving sets published_at to now
    return make_line(slug=slug, article=article)


def test_a_line_whose_article_goes_live_later_or_is_embargoed_is_scheduled(client, editor):
    now = timezone.now()
    later = published_line("later", published_at=now + timedelta(hours=2))
    embargoed = published_line(
        "embargoed", published_at=now - timedelta(hours=1), embargo_until=now + timedelta(hours=1)
    )
    live = published_line(
        "live", published_at=now - timedelta(hours=1), embargo_until=now - timedelta(minutes=1)
    )

    assert line_status(later) == line_status(embargoed) == LineStatus.SCHEDULED
    assert line_status(live) == LineStatus.PUBLISHED
    client.force_login(editor)
    assert listed(client, status=LineStatus.SCHEDULED) == ["embargoed", "later"]
    assert listed(client, status=LineStatus.PUBLISHED) == ["live"]
    status_column = client.get(BUDGET).context["cl"].list_display.index("status")
    page = client.get(BUDGET, {"o": str(status_column)})
    slugs = [line.slug for line in page.context["cl"].result_list]
    assert slugs[0] == "live" and sorted(slugs[1:]) == ["embargoed", "later"]
    assert "line-status-scheduled" in page.content.decode()


# --- the writer of a started line -----------------------------------------------------------


def test_the_writer_of_a_started_line_is_not_changed_nor_a_new_one_told(
    client, editor, reporter, other_reporter
):
    client.force_login(reporter)
    line = make_line(writer=reporter)
    client.post(start_url(line))
    line.refresh_from_db()
    client.force_login(editor)

    page = client.get(change_url(line)).content.decode()
    response = client.post(change_url(line), form_data(line, writer=other_reporter.pk))

    assert response.status_code == 302
    line.refresh_from_db()
    assert line.writer == reporter
    assert not Notification.objects.filter(kind=Kind.ASSIGNED).exists()
    assert 'name="writer"' not in page
    assert "change the byline on the article" in page


def test_telling_the_assigned_leaves_out_the_writer_of_a_started_line(editor, reporter, photodesk):
    from desk import budget

    line = make_line(
        writer=reporter, photographer=photodesk, article=make_article(created_by=reporter)
    )

    budget.tell_assigned(line, ["writer", "photographer"], actor=editor)

    assert [n.recipient for n in Notification.objects.filter(kind=Kind.ASSIGNED)] == [photodesk]


def test_the_desk_names_people_one_way(reporter):
    from desk import budget
    from desk.forms import PersonChoiceField

    nameless = make_user("nameless")
    field = PersonChoiceField(queryset=None)
    assert field.label_from_instance(nameless) == budget.person(nameless) == "nameless"
    reporter.first_name, reporter.last_name = "Rita", "Reporter"
    assert field.label_from_instance(reporter) == budget.person(reporter) == "Rita Reporter"
