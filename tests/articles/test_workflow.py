"""The workflow, tested from its table outward: one case per (state, role, move)."""

import datetime

import pytest
from django.urls import reverse

from articles import log, workflow
from articles.models import Status
from audit.models import AuditEntry
from tests.factories import make_article, make_author, make_photo

MOVES = ["submit", "return", "publish", "unpublish"]
ROLES = ["reporter", "other_reporter", "editor", "photodesk", "reader"]
# The whole table: which role may make which move from which state, on the reporter's article.
ALLOWED = {
    (Status.DRAFT, "reporter", "submit"),
    (Status.DRAFT, "editor", "submit"),
    (Status.EDIT, "editor", "return"),
    (Status.EDIT, "editor", "publish"),
    (Status.PUBLISHED, "editor", "unpublish"),
}
CASES = [(state, role, move) for state in Status.values for role in ROLES for move in MOVES]


@pytest.fixture
def users(reporter, other_reporter, editor, photodesk, reader):
    return {
        "reporter": reporter,
        "other_reporter": other_reporter,
        "editor": editor,
        "photodesk": photodesk,
        "reader": reader,
    }


def reporters_article(reporter, status):
    return make_article(status=status, created_by=reporter)


@pytest.mark.parametrize(("state", "role", "move"), CASES)
def test_available_matches_the_table(users, state, role, move):
    article = reporters_article(users["reporter"], state)
    names = [t.name for t in workflow.available(article, users[role])]
    assert (move in names) == ((state, role, move) in ALLOWED)


@pytest.mark.parametrize(("state", "role", "move"), CASES)
def test_admin_post_obeys_the_table(client, users, state, role, move):
    article = reporters_article(users["reporter"], state)
    client.force_login(users[role])
    url = reverse("admin:articles_article_transition", args=[article.pk, move])

    response = client.post(url, {"note": "A note for the record."})

    article.refresh_from_db()
    if (state, role, move) in ALLOWED:
        assert response.status_code == 302
        assert article.status == workflow.TRANSITIONS[move].target
        assert log.workflow_history(article).get().actor == users[role]
    else:
        assert response.status_code in (403, 404)
        assert article.status == state
        assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("move", ["publish", "return", "unpublish"])
def test_reporter_cannot_take_an_editors_step_by_any_request(client, reporter, move):
    article = reporters_article(reporter, Status.EDIT)
    client.force_login(reporter)
    url = reverse("admin:articles_article_transition", args=[article.pk, move])

    assert client.get(url).status_code in (403, 404)
    assert client.post(url, {"note": "please"}).status_code in (403, 404)
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.perform(article, move, reporter, note="please")
    article.refresh_from_db()
    assert article.status == Status.EDIT


def test_an_unknown_step_is_refused(client, editor):
    article = make_article(status=Status.EDIT)
    client.force_login(editor)
    url = reverse("admin:articles_article_transition", args=[article.pk, "approve"])
    assert client.post(url).status_code == 403


def test_submit_needs_headline_body_section_and_byline(editor):
    article = make_article(body="", section=None, bylines=[])

    with pytest.raises(workflow.TransitionBlocked) as blocked:
        workflow.perform(article, "submit", editor)

    assert blocked.value.messages == [
        "It needs a body.",
        "It needs a section.",
        "It needs at least one byline.",
    ]
    article.refresh_from_db()
    assert article.status == Status.DRAFT


def test_return_needs_a_note_for_the_reporter(editor):
    article = make_article(status=Status.EDIT)
    with pytest.raises(workflow.TransitionBlocked, match="What the reporter should change"):
        workflow.perform(article, "return", editor, note="   ")


def test_publish_records_times_and_the_event(editor):
    article = make_article(status=Status.EDIT)

    event = workflow.perform(article, "publish", editor, note="Good to go")

    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert article.published_at == article.first_published_at == event.at
    assert event.action == "publish"
    assert event.data == {"from": "edit", "to": "published", "note": "Good to go"}
    assert (event.actor, event.detail) == (editor, "Good to go")
    assert list(log.workflow_history(article)) == [event]  # one record, in the one log


def test_republishing_keeps_the_first_publication_time(editor):
    article = make_article(status=Status.EDIT)
    workflow.perform(article, "publish", editor)
    workflow.perform(article, "unpublish", editor, note="Legal query")
    first = type(article).objects.get(pk=article.pk).first_published_at

    workflow.perform(article, "publish", editor)

    article.refresh_from_db()
    assert article.first_published_at == first
    assert article.published_at > first
    assert log.workflow_history(article).count() == 3


def test_publish_without_a_photo_needs_the_explicit_choice(editor):
    article = make_article(status=Status.EDIT, no_photo=False)
    with pytest.raises(workflow.TransitionBlocked, match="publish without a photo"):
        workflow.perform(article, "publish", editor)


def test_publish_names_the_photo_and_what_it_lacks(editor):
    photo = make_photo(caption="Harbour at dawn", alt_text="", credit_line="", creator="")
    article = make_article(status=Status.EDIT, lead_photo=photo)

    with pytest.raises(workflow.TransitionBlocked) as blocked:
        workflow.perform(article, "publish", editor)

    assert blocked.value.messages == [
        f"The lead photo “Harbour at dawn” (#{photo.pk}) lacks a credit and alt text."
    ]


def test_an_articles_own_credit_satisfies_the_credit_check(editor):
    photo = make_photo(credit_line="", creator="", source="")
    article = make_article(status=Status.EDIT, lead_photo=photo, lead_credit="Staff/Newsroom")
    workflow.perform(article, "publish", editor)
    assert log.workflow_history(article).get().data["to"] == Status.PUBLISHED


def test_publish_refuses_a_photo_whose_licence_has_expired(editor):
    photo = make_photo(caption="Summit", licence_expires=datetime.date(2020, 1, 31))
    article = make_article(status=Status.EDIT, lead_photo=photo)

    with pytest.raises(workflow.TransitionBlocked, match="its licence expired on 31 January 2020"):
        workflow.perform(article, "publish", editor)


def test_a_reporter_may_submit_a_draft_that_bylines_them(reporter, editor):
    author = make_author("Tomás Ortega", user=reporter)
    article = make_article(created_by=editor, bylines=[author])
    workflow.perform(article, "submit", reporter)
    article.refresh_from_db()
    assert article.status == Status.EDIT


def test_publishing_and_unpublishing_purge_the_article_and_its_lists(
    editor, purged, django_capture_on_commit_callbacks
):
    author = make_author("Ana Lima")
    article = make_article(status=Status.EDIT, tags=["Floods"], bylines=[author])
    tag = article.tags.get()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(article, "publish", editor)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(article, "unpublish", editor, note="Wrong date")

    lists = {"home", "feeds", "sitemaps", "search", "ninjs", "corrections"}
    own = {f"a{article.pk}", f"s{article.section_id}", f"t{tag.pk}", f"au{author.pk}"}
    assert purged == [own | lists, own | lists]
