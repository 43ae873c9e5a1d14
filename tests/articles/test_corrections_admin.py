"""Editors add corrections, clarifications and updates to published articles; readers' "updated"
time moves only for corrections and updates, never for a silent fix."""

import pytest
from django.urls import reverse

from articles.models import Correction, Status
from audit.models import AuditEntry
from tests.articles.test_admin import change_url, form_data
from tests.factories import make_article, make_author, make_section


def edit_with_note(article, *, kind="", text="", **overrides):
    data = form_data(section=make_section(), author=make_author(), **overrides)
    data.update(
        {
            "bylines-TOTAL_FORMS": "0",
            "corrections-TOTAL_FORMS": "1" if text else "0",
            "corrections-INITIAL_FORMS": "0",
            "corrections-MIN_NUM_FORMS": "0",
            "corrections-MAX_NUM_FORMS": "1000",
            "corrections-0-kind": kind,
            "corrections-0-text": text,
            "base_version": article.version,
        }
    )
    return data


@pytest.mark.parametrize(
    ("kind", "moves"), [("correction", True), ("update", True), ("clarification", False)]
)
def test_a_note_is_added_and_moves_the_updated_time_by_kind(client, editor, kind, moves):
    article = make_article(status=Status.PUBLISHED)
    client.force_login(editor)

    response = client.post(
        change_url(article), edit_with_note(article, kind=kind, text="The mayor is Ana Ruiz.")
    )

    assert response.status_code == 302
    note = Correction.objects.get()
    assert (note.article, note.kind, note.created_by) == (article, kind, editor)
    article.refresh_from_db()
    assert article.revised_at == (note.published_at if moves else None)
    assert article.modified_at == (note.published_at if moves else article.published_at)
    assert AuditEntry.objects.get(action="correction").actor == editor


def test_a_silent_fix_leaves_the_updated_time_alone(client, editor):
    article = make_article(status=Status.PUBLISHED, headline="Mayor elected")
    client.force_login(editor)

    client.post(change_url(article), edit_with_note(article, headline="Mayor re-elected"))

    article.refresh_from_db()
    assert article.headline == "Mayor re-elected"
    assert article.revised_at is None
    assert article.modified_at == article.published_at


def test_notes_are_offered_only_on_published_articles(client, editor):
    draft = make_article()
    client.force_login(editor)
    response = client.get(change_url(draft))
    assert "Corrections and updates" not in response.text


def test_reporters_cannot_add_notes(client, reporter):
    article = make_article(status=Status.PUBLISHED, created_by=reporter)
    client.force_login(reporter)

    response = client.post(
        change_url(article), edit_with_note(article, kind="correction", text="Sneaky")
    )

    assert response.status_code == 403
    assert not Correction.objects.exists()


def test_a_note_cannot_be_edited_or_removed_afterwards(client, editor):
    article = make_article(status=Status.PUBLISHED)
    note = Correction.objects.create(article=article, text="Original note")
    client.force_login(editor)
    data = edit_with_note(article)
    data.update(
        {
            "corrections-TOTAL_FORMS": "1",
            "corrections-INITIAL_FORMS": "1",
            "corrections-0-id": note.pk,
            "corrections-0-article": article.pk,
            "corrections-0-kind": "update",
            "corrections-0-text": "Rewritten note",
            "corrections-0-DELETE": "on",
        }
    )

    client.post(change_url(article), data)

    note.refresh_from_db()
    assert (note.text, note.kind) == ("Original note", "correction")


def test_the_audit_log_filters_by_article(client, editor):
    article, other = make_article(status=Status.PUBLISHED), make_article(status=Status.PUBLISHED)
    for target in (article, other):
        Correction.objects.create(article=target, text="x")
    from audit.models import record

    record("correction", article, actor=editor, detail="on the first")
    record("correction", other, actor=editor, detail="on the second")
    client.force_login(editor)

    url = reverse("admin:audit_auditentry_changelist")
    response = client.get(url, {"object": f"articles.article:{article.pk}"})

    assert [e.detail for e in response.context["cl"].result_list] == ["on the first"]
    by_action = client.get(url, {"action__exact": "correction"})
    assert by_action.context["cl"].result_count == 2
