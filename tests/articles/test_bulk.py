"""The article list's bulk actions (articles/bulk.py): who is offered which, what each does, and
the page of results."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import bulk, editing, log, workflow
from articles.log import ArticleAction
from articles.models import Article, Status
from audit.models import AuditEntry
from notifications.models import Kind, Notification
from tests.factories import make_article, make_author, make_section, save_revision

CHANGELIST = reverse("admin:articles_article_changelist")
MINE = {bulk_action.name for bulk_action in bulk.ACTIONS}


def offered(client, user):
    client.force_login(user)
    form = client.get(CHANGELIST).context["action_form"]
    if form is None:  # no action at all
        return set()
    return {name for name, _ in form.fields["action"].choices} & MINE


def confirm(client, action, articles, **fields):
    """Post the confirmation page back, as its button does."""
    data = {"action": action, "_selected_action": [a.pk for a in articles], "apply": "yes"}
    return client.post(CHANGELIST, {**data, **fields})


def choose(client, action, articles):
    """Choose the action on the list, as its "Go" button does: the form page."""
    data = {"action": action, "_selected_action": [a.pk for a in articles], "index": 0}
    return client.post(CHANGELIST, data)


def statuses(articles):
    return [Article.objects.get(pk=a.pk).status for a in articles]


# --- who is offered what ---------------------------------------------------------------------


def test_an_editor_is_offered_every_bulk_action(client, editor):
    assert offered(client, editor) == MINE


def test_a_reporter_is_offered_submit_only(client, reporter):
    make_article(created_by=reporter)
    assert offered(client, reporter) == {"submit_selected"}


def test_the_photo_desk_is_offered_none(client, photodesk):
    make_article()
    assert offered(client, photodesk) == set()


@pytest.mark.parametrize(
    ("action", "fields"),
    [
        ("return_selected", {"note": "Shorter."}),
        ("publish_selected", {}),
        ("unpublish_selected", {"note": "Legal."}),
        ("set_section", {}),
        ("add_tag", {"tag": "Floods"}),
        ("remove_tag", {}),
    ],
)
def test_a_reporter_posting_an_editors_action_by_hand_is_refused(client, reporter, action, fields):
    section = make_section("Elsewhere")
    articles = [
        make_article(status=status, created_by=reporter, tags=["Floods"])
        for status in (Status.DRAFT, Status.EDIT, Status.PUBLISHED)
    ]
    before = [(a.status, a.section_id, a.version) for a in articles]
    client.force_login(reporter)

    response = confirm(client, action, articles, section=section.pk, **fields)

    assert response.status_code == 403
    after = Article.objects.filter(pk__in=[a.pk for a in articles]).order_by("pk")
    assert [(a.status, a.section_id, a.version) for a in after] == before
    assert not AuditEntry.objects.exists()


def test_the_photo_desk_posting_submit_by_hand_is_refused(client, photodesk):
    article = make_article()
    client.force_login(photodesk)

    assert confirm(client, "submit_selected", [article]).status_code == 403
    assert statuses([article]) == [Status.DRAFT]


def test_a_reporter_cannot_touch_articles_they_may_not_see(client, reporter, other_reporter):
    theirs = make_article(created_by=other_reporter)
    client.force_login(reporter)

    response = confirm(client, "submit_selected", [theirs])

    # get_queryset() leaves the article out: nothing is selected, nothing happens.
    assert response.status_code == 302
    assert statuses([theirs]) == [Status.DRAFT]


# --- the form page -----------------------------------------------------------------------------


def test_choosing_an_action_shows_its_form_and_the_selection(client, editor):
    articles = [make_article(status=Status.EDIT, headline=f"Story {n}") for n in range(2)]
    client.force_login(editor)

    response = choose(client, "return_selected", articles)

    assert response.status_code == 200
    page = response.text
    assert "What the reporters should change" in page
    assert "Story 0" in page and "Story 1" in page
    for article in articles:
        assert f'name="_selected_action" value="{article.pk}"' in page
    assert 'name="apply"' in page
    assert 'name="action" value="return_selected"' in page
    assert "<h1>Return selected to reporters…</h1>" in page
    assert statuses(articles) == [Status.EDIT, Status.EDIT]  # nothing done yet


def test_a_return_without_a_note_shows_the_form_again_and_changes_nothing(client, editor):
    article = make_article(status=Status.EDIT)
    client.force_login(editor)

    response = confirm(client, "return_selected", [article], note="  ")

    assert response.status_code == 200
    assert "This field is required" in response.text
    assert statuses([article]) == [Status.EDIT]


# --- workflow steps ------------------------------------------------------------------------------


def test_a_reporter_submits_their_drafts_and_one_incomplete_is_listed_with_why(client, reporter):
    ready = make_article(created_by=reporter, headline="Ready one")
    incomplete = make_article(created_by=reporter, bylines=[], headline="No byline yet")
    client.force_login(reporter)

    response = confirm(client, "submit_selected", [ready, incomplete])

    assert response.status_code == 200
    assert statuses([ready, incomplete]) == [Status.EDIT, Status.DRAFT]
    page = response.text
    assert "1 done" in page and "1 not done" in page
    assert "It needs at least one byline." in page


def test_an_editor_returns_selected_articles_with_one_note(client, editor, reporter):
    articles = [make_article(status=Status.EDIT, created_by=reporter) for _ in range(2)]
    client.force_login(editor)

    confirm(client, "return_selected", articles, note="Cut to 400 words.")

    assert statuses(articles) == [Status.DRAFT, Status.DRAFT]
    for article in articles:
        assert log.workflow_history(article).get().detail == "Cut to 400 words."
    assert Notification.objects.filter(recipient=reporter, kind=Kind.RETURNED).count() == 2


def test_publishing_200_in_one_request_records_200_steps_and_lists_the_refused_one(
    client, editor, django_assert_max_num_queries
):
    section, author = make_section("News"), make_author("Staff")
    articles = [
        make_article(status=Status.EDIT, section=section, bylines=[author]) for _ in range(200)
    ]
    lacking = make_article(status=Status.EDIT, section=section, bylines=[], headline="Bylineless")
    client.force_login(editor)

    # Each article's step costs a bounded number of queries, whatever the selection's size.
    with django_assert_max_num_queries(25 * 201):
        response = confirm(client, "publish_selected", [*articles, lacking])

    published = AuditEntry.objects.filter(action=ArticleAction.PUBLISH)
    assert published.count() == 200
    assert Article.objects.filter(status=Status.PUBLISHED).count() == 200
    page = response.text
    assert "200 done" in page and "1 not done" in page
    assert "Bylineless" in page and "It needs at least one byline." in page


def test_each_published_article_costs_the_same_queries_its_owners_told_included(
    client, editor, reporter, other_reporter
):
    """The notices ask nothing per owner: 20 articles cost 15 times one article's queries more
    than 5 do, and one article's are few (two owners each, and an agency byline)."""
    section = make_section("News")
    bylines = [make_author(user=reporter), make_author(user=other_reporter), make_author("AFP")]
    client.force_login(editor)
    client.get(CHANGELIST)  # the session and the editor's permissions, read once

    def queries(count: int) -> int:
        articles = [
            make_article(status=Status.EDIT, section=section, bylines=bylines, created_by=reporter)
            for _ in range(count)
        ]
        with CaptureQueriesContext(connection) as captured:
            response = confirm(client, "publish_selected", articles)
        assert f"{count} done" in response.text
        return len(captured)

    queries(1)  # what is read once per process (content types)
    five, six, twenty = queries(5), queries(6), queries(20)
    each = six - five
    assert twenty - five == 15 * each
    # 18 in December 2026: the step, its audit entry, the teaser, one query for the owners and
    # one for their notices. Asking may_see() of each owner cost 25.
    assert each <= 20
    assert Notification.objects.filter(kind=Kind.PUBLISHED).count() == 2 * 32


def test_publishing_at_a_time_schedules_each(client, editor):
    articles = [make_article(status=Status.EDIT) for _ in range(2)]
    when = timezone.localtime() + timedelta(days=1)
    client.force_login(editor)

    confirm(client, "publish_selected", articles, publish_at=when.strftime("%Y-%m-%dT%H:%M"))

    for article in articles:
        article.refresh_from_db()
        assert article.is_scheduled
        assert article.published_at == when.replace(second=0, microsecond=0)
        assert log.workflow_history(article).get().action == ArticleAction.SCHEDULE


def test_a_publication_time_in_the_past_is_a_form_error(client, editor):
    article = make_article(status=Status.EDIT)
    client.force_login(editor)
    past = timezone.localtime() - timedelta(hours=1)

    response = confirm(
        client, "publish_selected", [article], publish_at=past.strftime("%Y-%m-%dT%H:%M")
    )

    assert "That time has passed" in response.text
    assert statuses([article]) == [Status.EDIT]


def test_unpublishing_needs_a_reason_and_records_it(client, editor):
    article = make_article(status=Status.PUBLISHED)
    client.force_login(editor)

    confirm(client, "unpublish_selected", [article], note="Legal asked.")

    assert statuses([article]) == [Status.EDIT]
    assert log.workflow_history(article).get().detail == "Legal asked."


def test_an_article_moved_on_meanwhile_is_listed_with_why(client, editor):
    """Selected while in edit, published by a colleague before the form was sent."""
    article = make_article(status=Status.PUBLISHED, headline="Already out")
    waiting = make_article(status=Status.EDIT)
    client.force_login(editor)

    response = confirm(client, "publish_selected", [article, waiting])

    assert response.status_code == 200
    assert "You may not publish an article that is published." in response.text
    assert "1 done" in response.text
    assert statuses([waiting]) == [Status.PUBLISHED]


def deleting_before(module, name, monkeypatch, doomed):
    """Make `module.name` (the step's own call) find `doomed` deleted by a colleague first."""
    real = getattr(module, name)

    def deleted_first(article, *args, **kwargs):
        if article.pk == doomed.pk:
            Article.objects.filter(pk=doomed.pk).delete()
        return real(article, *args, **kwargs)

    monkeypatch.setattr(module, name, deleted_first)


def test_an_article_deleted_meanwhile_is_listed_and_the_others_are_published(
    client, editor, monkeypatch
):
    first, doomed, last = (make_article(status=Status.EDIT) for _ in range(3))
    deleting_before(workflow, "perform", monkeypatch, doomed)
    client.force_login(editor)

    response = confirm(client, "publish_selected", [first, doomed, last])

    assert response.status_code == 200
    assert "It was deleted meanwhile." in response.text
    assert "2 done" in response.text and "1 not done" in response.text
    assert statuses([first, last]) == [Status.PUBLISHED, Status.PUBLISHED]


@pytest.mark.parametrize(
    ("action", "fields"), [("set_section", {}), ("add_tag", {"tag": "Floods"})]
)
def test_a_content_change_lists_an_article_deleted_meanwhile(
    client, editor, monkeypatch, action, fields
):
    target = make_section("Climate")
    first, doomed, last = (make_article() for _ in range(3))
    deleting_before(editing, "save_content", monkeypatch, doomed)
    client.force_login(editor)

    response = confirm(client, action, [first, doomed, last], section=target.pk, **fields)

    assert response.status_code == 200
    assert "It was deleted meanwhile." in response.text
    assert "2 done" in response.text and "1 not done" in response.text
    after = Article.objects.filter(pk__in=[first.pk, last.pk]).order_by("pk")
    assert [a.version for a in after] == [first.version + 1, last.version + 1]


def test_the_results_page_links_each_article_and_counts(client, editor):
    done = make_article(status=Status.EDIT, headline="Goes out")
    client.force_login(editor)

    response = confirm(client, "publish_selected", [done])

    page = response.text
    assert reverse("admin:articles_article_change", args=[done.pk]) in page
    assert '<th scope="row">' in page and "Goes out" in page
    assert "1 done" in page and "not done" not in page


# --- section and tags --------------------------------------------------------------------------


def test_setting_the_section_saves_each_article_as_a_new_revision(client, editor):
    target = make_section("Climate")
    published = make_article(status=Status.PUBLISHED)
    already = make_article(section=target, headline="Already there")
    version = published.version
    client.force_login(editor)

    response = confirm(client, "set_section", [published, already], section=target.pk)

    published.refresh_from_db()
    assert published.section == target
    assert published.version == version + 1
    assert published.revisions.get(number=published.version).note == "Section: Climate"
    assert published.teaser.section_id == target.pk  # readers see it: the row was rewritten
    assert "It was already in this section." in response.text
    assert "2 done" in response.text


def test_adding_and_removing_a_tag(client, editor):
    articles = [make_article(tags=["Rain"]), make_article()]
    client.force_login(editor)

    response = confirm(client, "add_tag", articles, tag="  Floods ")
    assert "It already had" not in response.text
    assert [sorted(a.tags.names()) for a in articles] == [["Floods", "Rain"], ["Floods"]]

    response = choose(client, "remove_tag", articles)
    choices = [label for _, label in response.context["form"].fields["tag"].choices]
    assert choices[1:] == ["Floods", "Rain"]  # the tags the selection carries
    rain = articles[0].tags.get(name="Rain")
    response = confirm(client, "remove_tag", articles, tag=rain.pk)

    assert [sorted(a.tags.names()) for a in articles] == [["Floods"], ["Floods"]]
    assert "It did not have this tag." in response.text
    assert articles[0].revisions.count() == 2


def test_adding_a_tag_the_article_has_in_another_case_changes_nothing(client, editor):
    article = make_article(tags=["Floods"])
    client.force_login(editor)

    response = confirm(client, "add_tag", [article], tag="floods")

    assert "It already had this tag." in response.text
    assert not article.revisions.exists()


def test_a_content_change_to_an_article_saved_meanwhile_is_refused_as_stale(editor):
    article = make_article()
    selected = Article.objects.get(pk=article.pk)  # as the list read it
    save_revision(Article.objects.get(pk=article.pk), editor)  # a colleague saves

    [outcome] = bulk.act_on_each([selected], bulk.set_section, editor, {"section": make_section()})

    assert not outcome.done
    assert "It was saved by someone else meanwhile" in outcome.messages[0]


def test_a_content_change_refuses_an_article_the_user_may_not_edit(reporter):
    article = make_article(status=Status.EDIT, created_by=reporter)

    [outcome] = bulk.act_on_each([article], bulk.set_section, reporter, {"section": make_section()})

    assert (outcome.done, outcome.messages) == (False, ["You may not edit it."])
