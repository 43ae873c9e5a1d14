"""Re-imports: the same version changes nothing; a newer one updates a draft or waits beside."""

import json

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Byline, Revision, Status
from audit.models import AuditEntry
from tests import factories
from wire.importer import CREATED, SKIPPED, UPDATED, import_data, locked_item
from wire.models import WireItem

pytestmark = pytest.mark.django_db
URI = "urn:newsml:dpa.com:20260101:test-1"


def ninjs(version, *, headline="Storm closes airport", pubstatus="usable", body="First."):
    document = {
        "uri": URI,
        "type": "text",
        "version": str(version),
        "pubStatus": pubstatus,
        "copyrightHolder": "dpa",
        "by": "Anna Weber",
        "headlines": [{"role": "main", "value": headline}],
        "bodies": [{"contentType": "text/plain", "value": body}],
        "subjects": [{"name": "Weather"}],
    }
    return json.dumps(document).encode()


def move_to(article, status):
    # Tests set the state directly; in the application only workflow.perform() does so.
    now = timezone.now()
    published = {"published_at": now, "first_published_at": now}
    Article.objects.filter(pk=article.pk).update(
        status=status, **(published if status == Status.PUBLISHED else {})
    )


def test_same_version_again_is_skipped_and_changes_nothing():
    first = import_data("a.json", ninjs(1))
    stamp = Article.objects.get().updated_at
    again = import_data("a.json", ninjs(1, headline="Changed without a new version"))
    assert (first.result, again.result) == (CREATED, SKIPPED)
    assert again.message == "version 1 was already imported"
    article = Article.objects.get()
    assert (article.headline, article.updated_at) == ("Storm closes airport", stamp)
    assert Byline.objects.count() == 2 and WireItem.objects.count() == 1


def test_an_older_version_is_skipped():
    import_data("a.json", ninjs(3))
    assert import_data("a.json", ninjs(2)).result == SKIPPED
    assert WireItem.objects.get().version == 3


def test_newer_version_updates_the_draft_in_place():
    created = import_data("a.json", ninjs(1))
    updated = import_data("a.json", ninjs(2, headline="Storm closes two airports", body="New."))
    assert updated.result == UPDATED
    assert updated.message == "draft updated to version 2"
    article = Article.objects.get()
    assert article.pk == created.article.pk
    assert article.slug == created.article.slug  # a draft's address does not move
    assert (article.headline, article.body) == ("Storm closes two airports", "<p>New.</p>")
    assert article.status == Status.DRAFT
    assert WireItem.objects.get().version == 2
    assert Byline.objects.count() == 2  # the same bylines, not doubled


def test_newer_version_keeps_the_desks_section_and_extra_byline():
    created = import_data("a.json", ninjs(1))
    article = created.article
    article.section = factories.make_section("World")
    article.save()
    staff = factories.make_author("Desk Editor")
    Byline.objects.create(article=article, author=staff, role=Byline.Role.ADDITIONAL, position=5)
    import_data("a.json", ninjs(2))
    article.refresh_from_db()
    assert article.section.name == "World"
    assert staff.bylines.filter(article=article).exists()


@pytest.mark.parametrize("status", [Status.EDIT, Status.PUBLISHED])
def test_newer_version_of_a_moved_on_article_is_kept_beside_it(status):
    created = import_data("a.json", ninjs(1))
    move_to(created.article, status)
    outcome = import_data("a.json", ninjs(2, headline="Storm closes two airports"))
    assert outcome.result == UPDATED
    assert "kept beside the article" in outcome.message
    article = Article.objects.get()
    assert article.headline == "Storm closes airport"  # the desk's copy is untouched
    item = WireItem.objects.get()
    assert (item.version, item.pending_version) == (1, 2)
    assert "Storm closes two airports" in item.pending_payload
    assert "Version 2 waiting" in item.flags()
    assert import_data("a.json", ninjs(2)).result == SKIPPED  # waiting already


@pytest.mark.parametrize(
    ("pubstatus", "flag"),
    [("canceled", "Cancelled by the agency"), ("withheld", "Withheld by the agency")],
)
def test_canceled_or_withheld_flags_the_draft_for_the_desk(pubstatus, flag):
    import_data("a.json", ninjs(1))
    outcome = import_data("a.json", ninjs(2, pubstatus=pubstatus))
    assert outcome.result == UPDATED
    item = WireItem.objects.get()
    assert item.pubstatus == pubstatus
    assert flag in item.flags()
    assert Article.objects.get().status == Status.DRAFT


def test_cancellation_of_a_published_article_reaches_the_desk():
    created = import_data("a.json", ninjs(1))
    move_to(created.article, Status.PUBLISHED)
    import_data("a.json", ninjs(2, pubstatus="canceled"))
    item = WireItem.objects.get()
    assert "Cancelled by the agency" in item.flags()
    assert Article.objects.get().status == Status.PUBLISHED  # only workflow.perform unpublishes


def test_a_canceled_first_version_still_arrives_as_a_flagged_draft():
    outcome = import_data("a.json", ninjs(1, pubstatus="canceled"))
    assert outcome.result == CREATED
    assert outcome.item.pubstatus == WireItem.PubStatus.CANCELED


def test_once_the_desk_deletes_the_draft_the_item_is_not_imported_again():
    created = import_data("a.json", ninjs(1))
    created.article.delete()
    outcome = import_data("a.json", ninjs(2))
    assert outcome.result == SKIPPED
    assert outcome.message == "the desk deleted the draft of this item"
    assert not Article.objects.exists()


def test_each_import_is_a_revision_that_moves_the_edit_token_on(editor):
    created = import_data("a.json", ninjs(1), user=editor)
    article = Article.objects.get()
    assert article.version == 1
    [first] = article.revisions.all()
    assert (first.source, first.note, first.created_by) == (
        Revision.Source.IMPORT,
        "dpa version 1",
        editor,
    )
    assert first.content["headline"] == "Storm closes airport"
    assert [b["name"] for b in first.content["bylines"]] == ["Anna Weber", "dpa"]
    import_data("a.json", ninjs(2, headline="Storm closes two airports"))
    article.refresh_from_db()
    assert article.version == 2
    assert article.revisions.first().content["headline"] == "Storm closes two airports"
    assert created.item.pk == WireItem.objects.get().pk


def embargoed(version, until):
    document = json.loads(ninjs(version))
    document["embargoedUntil"] = until
    return json.dumps(document).encode()


def test_the_agencys_embargo_holds_for_our_copy_and_is_audited(client, editor):
    outcome = import_data("a.json", embargoed(1, "2099-01-01T06:00:00Z"), user=editor)
    article = outcome.article
    assert article.embargo_until.isoformat() == "2099-01-01T06:00:00+00:00"
    entry = AuditEntry.objects.get(action="set_embargo")
    assert entry.data == {"before": None, "after": "2099-01-01T06:00:00+00:00"}
    assert entry.detail.startswith("dpa version 1: until 01 Jan 2099")
    assert entry.actor == editor
    move_to(article, Status.PUBLISHED)
    assert client.get(f"/api/ninjs/{article.pk}/").status_code == 404
    import_data("a.json", ninjs(2))  # a later version without an embargo lifts it...
    assert Article.objects.get().embargo_until is not None  # ...only while still a draft
    Article.objects.update(status=Status.DRAFT)
    import_data("a.json", ninjs(3))
    assert Article.objects.get().embargo_until is None
    lifted = AuditEntry.objects.get(action="lift_embargo")
    assert lifted.data == {"before": "2099-01-01T06:00:00+00:00", "after": None}
    assert lifted.detail.startswith("dpa version 3: lifted (was until 01 Jan 2099")


def test_the_item_found_again_is_locked_until_its_import_ends():
    """Two imports of the same item wait for each other: the row is read FOR UPDATE where the
    database has it (SQLite's one write lock, taken at the transaction's start, serves)."""
    first = import_data("v1.json", ninjs(1))
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        assert locked_item(URI).pk == first.item.pk
    lookup = next(q["sql"] for q in queries if "wire_wireitem" in q["sql"])
    assert lookup.endswith("FOR UPDATE") == connection.features.has_select_for_update
    assert locked_item("urn:newsml:dpa.com:20260101:no-such-item") is None


def test_a_version_already_imported_is_skipped_without_reading_the_whole_item():
    """The payload and what the desk kept are not read to skip an item; the outcome's item
    still gives them, and its article, when asked."""
    first = import_data("v1.json", ninjs(1))
    with CaptureQueriesContext(connection) as queries:
        again = import_data("v1.json", ninjs(1))
    assert again.result == SKIPPED
    assert not any("payload" in query["sql"] for query in queries)
    assert again.item.payload == first.item.payload
    assert again.article == first.article
