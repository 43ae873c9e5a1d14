"""The admin index's dashboard: each role's panels, only its own items, today by the site's
clock, and a fixed number of queries whatever the size of the newsroom."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import log, workflow
from articles.models import Article, Author, Correction, Status
from desk import dashboard
from desk.models import PhotoRequest
from tests.factories import make_article, make_line, make_photo, make_section, make_user

INDEX = "/admin/"


def panel(response, key: str) -> str:
    """The HTML of one panel of the index ("" when the page has no such panel)."""
    found = re.search(
        rf'<section [^>]*aria-labelledby="desk-panel-{key}">(.*?)</section>', response.text, re.S
    )
    return found.group(1) if found else ""


def panel_keys(response) -> list[str]:
    return [p.key for p in response.context["dashboard"].panels]


def index(client, user):
    client.force_login(user)
    response = client.get(INDEX)
    assert response.status_code == 200
    return response


def returned(article, editor, note: str):
    workflow.perform(article, "submit", article.created_by)
    return workflow.perform(article, "return", editor, note=note)


def start_draft_url(line) -> str:
    return reverse("admin:desk_budgetline_start_draft", args=[line.pk])


# Who sees what -----------------------------------------------------------------------------------


def test_each_role_sees_the_panels_of_its_desk(client, reporter, editor, photodesk):
    assert panel_keys(index(client, reporter)) == ["drafts", "returned", "assignments"]
    assert panel_keys(index(client, editor)) == [
        "waiting",
        "scheduled",
        "embargoes",
        "corrections",
        # Editors work the photo requests too (desk.change_photorequest).
        "requests",
        "incomplete",
        "expiring",
        "expired",
    ]
    assert panel_keys(index(client, photodesk)) == [
        "assignments",  # photographers are assigned to budget lines
        "requests",
        "incomplete",
        "expiring",
        "expired",
    ]


def test_someone_with_reporter_and_photo_desk_roles_sees_both_desks(client, reporter):
    reporter.groups.add(Group.objects.get(name="Photo desk"))
    keys = panel_keys(index(client, reporter))
    assert keys == [
        "drafts",
        "returned",
        "assignments",
        "requests",
        "incomplete",
        "expiring",
        "expired",
    ]


def test_a_superuser_sees_the_editors_and_the_photo_desks_panels(client, db):
    boss = make_user("boss", is_superuser=True)
    keys = panel_keys(index(client, boss))
    assert keys[:2] == ["assignments", "waiting"] and "drafts" not in keys
    assert "expired" in keys


def test_a_reader_or_staff_without_a_role_sees_no_panels(client, reader):
    make_article(created_by=reader, headline="Somebody's draft")
    response = index(client, reader)
    assert response.context["dashboard"].panels == []
    assert "desk-panel" not in response.text
    assert "newsroom-dashboard" not in response.text
    assert "desk-index" not in response.text  # the index keeps Django's own layout


def test_only_editors_see_the_newsrooms_counts_and_latest_steps(
    client, reporter, other_reporter, photodesk
):
    article = make_article(created_by=other_reporter, headline="A colleague's secret draft")
    workflow.perform(article, "submit", other_reporter)
    for user in (reporter, photodesk):
        response = index(client, user)
        assert "newsroom-dashboard" not in response.text
        assert "A colleague's secret draft" not in response.text


def test_the_editors_counts_and_steps_stay_on_the_index(client, editor):
    make_article(status=Status.EDIT)
    going = make_article(status=Status.EDIT, headline="Going live")
    workflow.perform(going, "publish", editor)

    response = index(client, editor)

    assert response.context["counts"] == [
        ("draft", "Draft", 0),
        ("edit", "In edit", 1),
        ("published", "Published", 1),
    ]
    assert '<td class="step-text">In edit → Published</td>' in response.text
    assert response.text.index("newsroom-dashboard") < response.text.index("desk-panel-waiting")


# The reporter ------------------------------------------------------------------------------------


def test_my_drafts_lists_my_drafts_newest_first_and_no_one_elses(client, reporter, other_reporter):
    older = make_article(created_by=reporter, headline="My older draft")
    newer = make_article(created_by=reporter, headline="My newer draft")
    make_article(created_by=reporter, headline="Mine, in edit", status=Status.EDIT)
    make_article(created_by=other_reporter, headline="Their draft")

    response = index(client, reporter)

    html = panel(response, "drafts")
    assert html.index("My newer draft") < html.index("My older draft")
    assert reverse("admin:articles_article_change", args=[newer.pk]) in html
    assert reverse("admin:articles_article_change", args=[older.pk]) in html
    assert "Mine, in edit" not in html
    assert "Their draft" not in response.text


def test_a_draft_with_my_byline_is_mine_too(client, reporter):
    me = Author.objects.create(name="Rita Reporter", slug="rita", user=reporter)
    make_article(created_by=make_user(), bylines=[me], headline="Written for me")
    assert "Written for me" in panel(index(client, reporter), "drafts")


def test_returned_to_me_shows_who_returned_it_when_and_the_note(client, reporter, editor):
    article = make_article(created_by=reporter, headline="Needs work")
    step = returned(article, editor, "Check the figures in paragraph two.")

    html = panel(index(client, reporter), "returned")

    assert "Needs work" in html
    assert "Returned by editor" in html
    assert "Check the figures in paragraph two." in html
    assert f'datetime="{timezone.localtime(step.at).isoformat()}"' in html


def test_returned_to_me_shows_only_the_latest_return_and_only_while_it_is_the_latest_step(
    client, reporter, editor
):
    again = make_article(created_by=reporter, headline="Returned twice")
    returned(again, editor, "First note")
    returned(again, editor, "Second note")
    resubmitted = make_article(created_by=reporter, headline="Sent back in")
    returned(resubmitted, editor, "Fixed since")
    workflow.perform(resubmitted, "submit", reporter)
    make_article(created_by=reporter, headline="Never submitted")

    html = panel(index(client, reporter), "returned")

    assert "Second note" in html and "First note" not in html
    assert "Sent back in" not in html and "Never submitted" not in html


def test_a_draft_whose_latest_step_is_not_a_return_is_not_returned(client, reporter, editor):
    # Only a return makes a draft in the workflow; a status put back by hand (a data repair)
    # leaves the submission as the latest step, and nobody returned anything.
    article = make_article(created_by=reporter, headline="Put back by hand")
    returned(article, editor, "An old note")
    workflow.perform(article, "submit", reporter)
    Article.objects.filter(pk=article.pk).update(status=Status.DRAFT)

    response = index(client, reporter)

    assert "Put back by hand" in panel(response, "drafts")
    assert "Put back by hand" not in panel(response, "returned")


def test_a_reporter_never_sees_another_reporters_returns(client, reporter, other_reporter, editor):
    theirs = make_article(created_by=other_reporter, headline="Their returned story")
    returned(theirs, editor, "Their private note")

    response = index(client, reporter)

    assert "Their returned story" not in response.text
    assert "Their private note" not in response.text
    assert "Nothing has been returned to you." in panel(response, "returned")


def test_my_assignments_lists_lines_i_write_or_photograph_by_deadline(
    client, reporter, other_reporter, editor
):
    now = timezone.now()
    make_line(slug="later-story", writer=reporter, deadline=now + timedelta(hours=5))
    make_line(slug="sooner-story", writer=reporter, deadline=now + timedelta(hours=1))
    make_line(slug="picture-story", photographer=reporter, deadline=now + timedelta(hours=3))
    make_line(slug="their-story", writer=other_reporter)
    make_line(slug="dropped-story", writer=reporter, spiked_at=now)
    make_line(
        slug="done-story",
        writer=reporter,
        article=make_article(created_by=reporter, status=Status.PUBLISHED),
    )

    html = panel(index(client, reporter), "assignments")

    assert html.index("sooner-story") < html.index("picture-story") < html.index("later-story")
    assert "you are the photographer" in html
    assert "their-story" not in html
    assert "dropped-story" not in html and "done-story" not in html


def test_an_assignment_not_started_offers_to_start_the_draft_by_post(client, reporter):
    line = make_line(slug="summit-curtain-raiser", writer=reporter)

    html = panel(index(client, reporter), "assignments")

    assert f'<form method="post" action="{start_draft_url(line)}"' in html
    assert "csrfmiddlewaretoken" in html
    assert "Start the draft" in html and "Assigned" in html


def test_a_started_assignment_links_to_its_article(client, reporter):
    article = make_article(created_by=reporter, headline="Summit opens")
    make_line(slug="summit", writer=reporter, article=article)

    html = panel(index(client, reporter), "assignments")

    assert reverse("admin:articles_article_change", args=[article.pk]) in html
    assert "Start the draft" not in html
    assert "In progress" in html


def test_a_photographer_is_not_offered_to_start_the_draft(client, photodesk):
    make_line(slug="pictures-only", photographer=photodesk)
    html = panel(index(client, photodesk), "assignments")
    assert "pictures-only" in html
    assert "Start the draft" not in html


# The editor --------------------------------------------------------------------------------------


def submitted(article, hours_ago: float):
    """Record the article's submission `hours_ago` (the queue is by time of submission)."""
    log.record_step(
        log.ArticleAction.SUBMIT,
        article,
        actor=article.created_by,
        from_status=Status.DRAFT,
        to_status=Status.EDIT,
        at=timezone.now() - timedelta(hours=hours_ago),
    )


def test_waiting_for_edit_is_grouped_by_section_with_counts_oldest_first(client, editor):
    world, sport = make_section("World", position=1), make_section("Sport", position=2)
    recent = make_article(status=Status.EDIT, section=world, headline="World, just in")
    waited = make_article(status=Status.EDIT, section=world, headline="World, waited long")
    match = make_article(status=Status.EDIT, section=sport, headline="Match report")
    submitted(recent, 1)
    submitted(waited, 5)
    submitted(match, 2)
    make_article(section=world, headline="World draft")

    response = index(client, editor)

    html = panel(response, "waiting")
    assert "World: 2 waiting" in html and "Sport: 1 waiting" in html
    assert html.index("World: 2") < html.index("World, waited long") < html.index("World, just in")
    assert html.index("World, just in") < html.index("Sport: 1") < html.index("Match report")
    assert "World draft" not in html
    assert 'Waiting for edit <span class="desk-count">(3)</span>' in response.text


def test_waiting_for_edit_lists_the_oldest_ten_and_links_to_each_sections_list(client, editor):
    world = make_section("World")
    for hours in range(12):
        submitted(make_article(status=Status.EDIT, section=world, headline=f"Wait {hours}h"), hours)

    html = panel(index(client, editor), "waiting")

    assert "Wait 11h" in html and "Wait 2h" in html
    assert "Wait 1h" not in html and "Wait 0h" not in html
    assert f"?status__exact=edit&amp;section__id__exact={world.pk}" in html
    assert "All 12 in World" in html


def midway_to_midnight():
    """A moment later today whatever the time now: halfway between now and midnight."""
    now = timezone.now()
    return now + (dashboard.end_of_today() - now) / 2


# A time zone far ahead of UTC and one far behind: the local day differs from UTC's by half a day.
ZONES = ["Pacific/Kiritimati", "Pacific/Pago_Pago"]


@pytest.mark.parametrize("zone", ZONES)
def test_scheduled_today_is_what_goes_live_later_in_the_local_day(client, editor, settings, zone):
    settings.TIME_ZONE = zone
    midnight = dashboard.end_of_today()
    assert timezone.localtime(midnight).hour == 0
    for headline, when in [
        ("Later today", midway_to_midnight()),
        ("Just before midnight", midnight - timedelta(seconds=1)),
        ("Tomorrow", midnight),
        ("Gone live already", timezone.now() - timedelta(minutes=1)),
    ]:
        article = make_article(status=Status.PUBLISHED, headline=headline)
        Article.objects.filter(pk=article.pk).update(published_at=when)
    make_article(status=Status.EDIT, headline="Not published")

    html = panel(index(client, editor), "scheduled")

    assert "Later today" in html
    assert "Just before midnight" in html or timezone.now() >= midnight - timedelta(seconds=1)
    assert "Tomorrow" not in html
    assert "Gone live already" not in html and "Not published" not in html


@pytest.mark.parametrize("zone", ZONES)
def test_embargoes_lifting_today_end_at_local_midnight(client, editor, settings, zone):
    settings.TIME_ZONE = zone
    midnight = dashboard.end_of_today()
    make_article(
        status=Status.PUBLISHED, headline="Lifts tonight", embargo_until=midway_to_midnight()
    )
    make_article(headline="Draft lifts tonight", embargo_until=midway_to_midnight())
    make_article(status=Status.PUBLISHED, headline="Lifts tomorrow", embargo_until=midnight)
    make_article(
        status=Status.PUBLISHED,
        headline="Lifted already",
        embargo_until=timezone.now() - timedelta(minutes=1),
    )

    html = panel(index(client, editor), "embargoes")

    assert "Lifts tonight" in html and "Draft lifts tonight" in html
    assert "Lifts tomorrow" not in html and "Lifted already" not in html
    assert "<time datetime=" in html


def test_scheduled_todays_see_all_link_lists_what_is_published_today(client, editor):
    make_article(status=Status.PUBLISHED, headline="Out this morning")
    gone = make_article(status=Status.PUBLISHED, headline="Out yesterday")
    Article.objects.filter(pk=gone.pk).update(
        published_at=dashboard.start_of_today() - timedelta(seconds=1)
    )
    later = make_article(status=Status.PUBLISHED, headline="Out tonight")
    Article.objects.filter(pk=later.pk).update(published_at=midway_to_midnight())
    see_all = re.search(r'href="([^"]+)">All published today', index(client, editor).text)

    listed = client.get(see_all.group(1).replace("&amp;", "&"))

    assert listed.status_code == 200
    assert "Out this morning" in listed.text and "Out tonight" in listed.text
    assert "Out yesterday" not in listed.text


def test_recent_corrections_are_the_last_seven_days_newest_first(client, editor):
    now = timezone.now()
    story = make_article(status=Status.PUBLISHED, headline="Corrected story")
    for text, days in [("Fixed a name", 1), ("Fixed a date", 3), ("Old fix", 8)]:
        Correction.objects.create(article=story, text=text, published_at=now - timedelta(days=days))

    html = panel(index(client, editor), "corrections")

    assert html.index("Fixed a name") < html.index("Fixed a date")
    assert "Old fix" not in html
    assert "Corrected story" in html


def test_editor_panels_say_so_when_there_is_nothing(client, editor):
    response = index(client, editor)
    assert "Nothing is waiting for edit." in panel(response, "waiting")
    assert "Nothing else is scheduled to go live today." in panel(response, "scheduled")
    assert "No embargo lifts later today." in panel(response, "embargoes")
    assert "No corrections or updates in the last 7 days." in panel(response, "corrections")


# The photo desk ----------------------------------------------------------------------------------


def test_photo_requests_lists_the_open_ones_by_when_they_are_needed(client, photodesk):
    now = timezone.now()
    later = make_line(slug="later-picture", pitch="Later pitch")
    sooner = make_line(slug="sooner-picture", pitch="Sooner pitch")
    closed = make_line(slug="closed-picture")
    PhotoRequest.objects.create(line=later, brief="Wide shot", needed_by=now + timedelta(hours=4))
    PhotoRequest.objects.create(
        line=sooner, brief="Portrait", needed_by=now + timedelta(hours=1), assignee=photodesk
    )
    PhotoRequest.objects.create(line=closed, brief="Done", status=PhotoRequest.Status.DONE)

    html = panel(index(client, photodesk), "requests")

    assert html.index("sooner-picture") < html.index("later-picture")
    assert "Sooner pitch" in html and "taken by photodesk" in html
    assert "nobody has taken it" in html
    assert "closed-picture" not in html


def test_photos_missing_credit_or_alt_text_are_counted_and_the_first_few_listed(client, photodesk):
    make_photo(caption="Complete picture")
    make_photo(caption="No alt picture", alt_text="")
    make_photo(caption="No credit picture", credit_line="", creator="", source="")
    make_photo(caption="Creator only", credit_line="", creator="Jane Doe")  # credited
    for n in range(6):
        make_photo(caption=f"Bare {n}", alt_text="")

    response = index(client, photodesk)

    html = panel(response, "incomplete")
    assert "(8)" in html
    assert "No credit picture" not in html  # older than the five listed
    assert "Bare 5" in html and "Bare 1" in html and "Bare 0" not in html
    assert "no alt text" in html
    assert "Complete picture" not in html and "Creator only" not in html
    assert reverse("admin:media_assets_photo_changelist") + "?incomplete=yes" in html


def test_a_photo_without_credit_says_so(client, photodesk):
    make_photo(caption="Nothing at all", credit_line="", alt_text="")
    assert "no credit and no alt text" in panel(index(client, photodesk), "incomplete")


def test_licences_expiring_this_week_leaves_out_expired_and_later_ones(client, photodesk):
    today = timezone.localdate()
    for caption, days in [("Ends today", 0), ("Ends in 7", 7), ("Ends in 8", 8), ("Ended", -1)]:
        make_photo(caption=caption, licence_expires=today + timedelta(days=days))

    html = panel(index(client, photodesk), "expiring")

    assert html.index("Ends today") < html.index("Ends in 7")
    assert "Ends in 8" not in html and "Ended" not in html
    assert f'datetime="{today.isoformat()}"' in html


def test_expired_licences_still_on_published_articles_are_flagged(client, photodesk):
    past = timezone.localdate() - timedelta(days=2)
    shown = make_photo(caption="Expired, on the front", licence_expires=past)
    make_article(status=Status.PUBLISHED, lead_photo=shown)
    drafted = make_photo(caption="Expired, in a draft", licence_expires=past)
    make_article(lead_photo=drafted)
    make_photo(caption="Expired, unused", licence_expires=past)

    html = panel(index(client, photodesk), "expired")

    assert "Expired, on the front" in html
    assert "Expired, in a draft" not in html and "Expired, unused" not in html


# The cost ----------------------------------------------------------------------------------------


def newsroom_day(n: int, *, reporter, editor, photodesk) -> None:
    """`n` of everything each panel lists."""
    now, today = timezone.now(), timezone.localdate()
    section = make_section()
    for i in range(n):
        returned(make_article(created_by=reporter, section=section), editor, f"Note {i}")
        make_article(created_by=reporter, section=section)
        make_line(writer=reporter, deadline=now + timedelta(hours=i), section=section)
        article = make_article(status=Status.EDIT, section=make_section() if i % 2 else section)
        submitted(article, i)
        make_article(status=Status.PUBLISHED, section=section, embargo_until=midway_to_midnight())
        scheduled = make_article(status=Status.PUBLISHED, section=section)
        Article.objects.filter(pk=scheduled.pk).update(published_at=midway_to_midnight())
        Correction.objects.create(article=scheduled, text=f"Fix {i}", created_by=editor)
        line = make_line(photographer=photodesk, section=section)
        PhotoRequest.objects.create(line=line, brief="A picture", assignee=photodesk)
        make_photo(alt_text="", licence_expires=today + timedelta(days=3))
        expired = make_photo(licence_expires=today - timedelta(days=1))
        make_article(status=Status.PUBLISHED, section=section, lead_photo=expired)


def queries_for(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(INDEX).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["reporter", "editor", "photodesk"])
def test_the_index_costs_the_same_with_one_or_thirty_of_everything(
    client, reporter, editor, photodesk, role, django_assert_max_num_queries
):
    cast = {"reporter": reporter, "editor": editor, "photodesk": photodesk}
    user = cast[role]
    queries_for(client, user)  # warm caches (content types) that any first request fills
    newsroom_day(1, reporter=reporter, editor=editor, photodesk=photodesk)
    one = queries_for(client, user)

    newsroom_day(29, reporter=reporter, editor=editor, photodesk=photodesk)
    client.force_login(user)
    with django_assert_max_num_queries(one):
        response = client.get(INDEX)

    assert all(p.items for p in response.context["dashboard"].panels)  # every panel is full
    assert one <= {"reporter": 12, "editor": 24, "photodesk": 13}[role]


def test_a_scheduled_or_embargoed_assignment_stays_on_my_list(client, reporter):
    now = timezone.now()
    for slug, times in (
        ("goes-live-later", {"published_at": now + timedelta(hours=3)}),
        ("under-embargo", {"published_at": now, "embargo_until": now + timedelta(hours=3)}),
    ):
        article = make_article(created_by=reporter, status=Status.PUBLISHED)
        Article.objects.filter(pk=article.pk).update(**times)
        make_line(slug=slug, writer=reporter, article=article)

    html = panel(index(client, reporter), "assignments")

    assert "goes-live-later" in html and "under-embargo" in html
    assert html.count("Scheduled") == 2


def test_a_photographer_who_may_not_see_the_draft_is_not_given_its_headline_or_link(
    client, reporter, other_reporter
):
    article = make_article(created_by=other_reporter, headline="Secret scoop")
    make_line(slug="scoop", writer=other_reporter, photographer=reporter, article=article)

    html = panel(index(client, reporter), "assignments")

    assert "scoop" in html and "Draft started" in html
    assert reverse("admin:articles_article_change", args=[article.pk]) not in html
    assert "Secret scoop" not in html


def test_what_a_listed_photo_lacks_is_asked_of_media_assets_rules(db, monkeypatch):
    from django.db.models import Q

    make_photo(caption="No alt", alt_text="")
    make_photo(caption="No credit", credit_line="", creator="", source="")
    # The panel reads the library's definitions; a changed rule there changes the panel.
    monkeypatch.setitem(dashboard.LACKS, "alt text", Q(caption="No credit"))

    count, few = dashboard.incomplete_photos()

    assert count == 2
    assert {row.photo.caption: row.lacks for row in few} == {
        "No alt": [],
        "No credit": ["credit", "alt text"],
    }
