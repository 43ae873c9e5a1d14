"""The one import path: the management command and the admin page both call import_data().

Each item is saved inside its own transaction, so a failure leaves nothing half-made and the
rest of the batch still imports. Imported articles are drafts (the model's default; only
articles/workflow.py changes status), with the agency in the byline.
"""

import logging
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import (
    DatabaseError,
    DataError,
    IntegrityError,
    OperationalError,
    connection,
    transaction,
)
from django.db.models import Field
from django.utils import timezone

from articles import editing
from articles.models import Article, Author, Byline, Revision, Status
from wire import intake, routing
from wire.matching import add_tags, author_slug, find_authors, find_section, unique_slug
from wire.models import RoutingRule, WireItem, WirePicture
from wire.rows import insert_rows
from wire.story import UNNAMED_AGENCY, WireError, WireStory, first_line, short_error
from wire.subject_tags import drop_subject_tags, previous_subject_tags, subject_tags, untouched

log = logging.getLogger(__name__)

CREATED, UPDATED, SKIPPED, FAILED = "created", "updated", "skipped", "failed"
RESULTS = (CREATED, UPDATED, SKIPPED, FAILED)


@dataclass
class Batch:
    """What one run (a command, an upload) has found so far, so items need not look it up again.

    Forgotten whenever an item fails: what that item created was rolled back with it.
    """

    authors: dict[str, tuple[int, str]] = field(default_factory=dict)  # slug → (id, name)
    tags: dict[str, tuple[int, str]] = field(default_factory=dict)  # case-folded name → (id, name)
    # subject code → (mapping id, its tag's name or "" for none): wire.matching.map_subjects
    subjects: dict[str, tuple[int, str]] = field(default_factory=dict)
    # The active routing rules, read once a run: a rule saved meanwhile applies from the next.
    rules: list[RoutingRule] | None = None

    def forget(self) -> None:
        self.authors.clear()
        self.tags.clear()
        self.subjects.clear()
        self.rules = None

    def routing_rules(self) -> list[RoutingRule]:
        if self.rules is None:
            self.rules = routing.active_rules(related=False)
        return self.rules


@dataclass
class Outcome:
    source: str  # the file name, or "pasted text"
    result: str  # one of RESULTS
    message: str = ""
    item: WireItem | None = None
    # Failed for a reason of the moment (the database busy or unreachable), not for what the
    # item says: the same file imports when tried again, so a drop folder keeps it for later.
    temporary: bool = False
    published_by: str = ""  # the routing rule that published the draft, if one did

    @property
    def article(self) -> Article | None:
        return self.item.article if self.item else None

    def __str__(self):
        return f"{self.source}: {self.message or self.result}"


def import_file(
    source: str,
    data: bytes,
    *,
    user=None,
    today: date | None = None,
    batch: Batch | None = None,
    agency: str = "",
) -> list[Outcome]:
    """Import every item a file holds (one, or a NewsML-G2 news message's several), each in its
    own transaction; never raises for bad input, answers with an Outcome per item.

    `agency` is who delivers the file (a configured feed's agency): an item that names no agency
    of its own is credited to it rather than to the anonymous "Wire"."""
    source = intake.display_name(source)
    try:
        parts = intake.parse_all(data, name=source, today=today or timezone.localdate())
    except WireError as error:
        return [Outcome(source, FAILED, str(error))]
    except DatabaseError:
        raise  # reading asks the desk (a section, a rule): the database's, the caller retries
    except Exception as error:  # a reader's bug: the file is refused, the batch goes on
        log.exception("%s: reading it failed unexpectedly", source)
        return [Outcome(source, FAILED, unexpected(error))]
    batch = batch or Batch()
    outcomes = []
    for part in parts:
        label = f"{source} ({part.part})" if part.part else source
        if part.story is None:
            outcomes.append(Outcome(label, FAILED, part.error))
            continue
        if agency.strip() and part.story.agency == UNNAMED_AGENCY:
            part.story.agency = " ".join(agency.split())[:100]
        outcome = import_story(
            part.story, source=label, payload=part.payload, user=user, batch=batch
        )
        outcomes.append(outcome)
    return outcomes


def import_data(
    source: str, data: bytes, *, user=None, today: date | None = None, batch: Batch | None = None
) -> Outcome:
    """Import a file holding one item: its Outcome. A news message's items are all imported,
    and the first failure (else the first outcome) answers."""
    outcomes = import_file(source, data, user=user, today=today, batch=batch)
    return next((o for o in outcomes if o.result == FAILED), outcomes[0])


def import_story(
    story: WireStory, *, source: str, payload: str, user=None, batch: Batch | None = None
) -> Outcome:
    batch = batch or Batch()
    try:
        with transaction.atomic():
            return _save(story, source=source, payload=payload, user=user, batch=batch)
    except DataError:
        batch.forget()
        return Outcome(source, FAILED, "a value is too long or too large to store")
    except editing.StaleVersion:
        # Both lost a race: the same file imports when tried again, so they are temporary.
        batch.forget()
        message = "the draft was saved by someone at the same moment; try again"
        return Outcome(source, FAILED, message, temporary=True)
    except IntegrityError as error:
        batch.forget()
        if not is_conflict(error):  # a CHECK or NOT NULL: the item's own, it fails again
            return Outcome(source, FAILED, f"the database refused a value ({first_line(error)})")
        # Another import of the same item or slug won a race, or an author or tag this batch
        # remembered was deleted meanwhile; ours left nothing behind.
        message = "conflicted with a change made at the same moment; try again"
        return Outcome(source, FAILED, message, temporary=True)
    except OperationalError as error:
        # "database is locked", a deadlock, a lost connection: nothing of the item was saved.
        batch.forget()
        reason = " ".join(str(error).split())[:200] or "the database is unavailable"
        message = f"the database could not take it just now ({reason}); try again"
        return Outcome(source, FAILED, message, temporary=True)
    except DatabaseError:
        batch.forget()
        raise  # the database itself (a missing table, a dropped connection): not the item's
    except Exception as error:  # a bug met on this item: it is refused, the batch goes on
        batch.forget()
        log.exception("%s: the import failed unexpectedly", source)
        return Outcome(source, FAILED, unexpected(error))
    except BaseException:
        batch.forget()
        raise


# SQLSTATEs of a clash with another row: a unique value taken, a referenced row gone.
CONFLICT_STATES = {"23505", "23503"}


def is_conflict(error: IntegrityError) -> bool:
    """A clash with another row (PostgreSQL says so by SQLSTATE, SQLite in its message): gone
    when tried again, unlike a CHECK or NOT NULL constraint the item itself breaks."""
    sqlstate = getattr(error.__cause__, "sqlstate", None)
    if sqlstate is not None:
        return sqlstate in CONFLICT_STATES
    return str(error).startswith(("UNIQUE constraint failed", "FOREIGN KEY constraint failed"))


def unexpected(error: Exception) -> str:
    """What the desk is told of an error the importer did not foresee (its trace is logged)."""
    return f"could not be imported: {short_error(error)} (see the log)"


def summarise(outcomes: list[Outcome]) -> str:
    """`created 3, updated 1, skipped 0, failed 2`"""
    counts = dict.fromkeys(RESULTS, 0)
    for outcome in outcomes:
        counts[outcome.result] += 1
    return ", ".join(f"{result} {count}" for result, count in counts.items())


def locked_article(article_id: int | None) -> Article | None:
    """The article, its row locked until the transaction ends (None if the desk deleted it)."""
    if article_id is None:
        return None
    return Article.objects.select_for_update().filter(pk=article_id).first()


# What deciding on a known item needs: its versions, and for the outcome its article; in the
# model's order, the order Model.from_db takes values in.
ITEM_KEY_FIELDS: list[Field] = [
    f
    for f in WireItem._meta.concrete_fields
    if f.attname in {"id", "version", "pending_version", "article_id"}
]
ITEM_KEY_COLUMNS = [f.column for f in ITEM_KEY_FIELDS if f.column]


def locked_item(uri: str) -> WireItem | None:
    """The item with this uri, its row locked until the transaction ends (SQLite has no FOR
    UPDATE: the write lock BEGIN IMMEDIATE took covers it). Only ITEM_KEY_FIELDS are read, the
    rest when asked for (Model.from_db defers them): most items are new or already imported,
    and the whole row (the payload, what the desk kept) costs more to read than all else a
    skip does. Plain SQL: every item asks, and compiling the ORM's query cost ten times what
    running it does (bench/ingest.py)."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(column) for column in ITEM_KEY_COLUMNS)
    table, uri_column = quote(WireItem._meta.db_table), quote("uri")
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table} WHERE {uri_column} = %s{lock}", [uri])
        found = cursor.fetchone()
    if found is None:
        return None
    return WireItem.from_db(connection.alias, [f.attname for f in ITEM_KEY_FIELDS], found)


def _save(story: WireStory, *, source: str, payload: str, user, batch: Batch) -> Outcome:
    known = locked_item(story.uri)
    if known is None:
        item, rule = _create(story, source=source, payload=payload, user=user, batch=batch)
        what = f"published by rule “{rule}”:" if rule else "new draft"
        return Outcome(source, CREATED, f"{what} “{story.headline}”", item, published_by=rule)
    if story.version <= known.latest_version:
        return Outcome(source, SKIPPED, f"version {story.version} was already imported", known)
    item = WireItem.objects.get(pk=known.pk)  # whole: a newer version rewrites it
    # Lock the article too before judging it a draft: an editor may be publishing it right now.
    article = locked_article(item.article_id)
    if article is None:
        return Outcome(source, SKIPPED, "the desk deleted the draft of this item", item)
    item.article = article
    if article.status == Status.DRAFT:
        rule = _update(item, article, story, source=source, payload=payload, user=user, batch=batch)
        message = f"draft updated to version {story.version}"
        message += f" and published by rule “{rule}”" if rule else ""
        return Outcome(source, UPDATED, message, item, published_by=rule)
    _hold(item, story, payload=payload)
    withdrawn = _withdraw(item, article, story)
    status = article.get_status_display().lower()
    message = f"version {story.version} kept beside the article ({status})"
    return Outcome(source, UPDATED, f"{message}. {withdrawn}" if withdrawn else message, item)


def _create(
    story: WireStory, *, source: str, payload: str, user, batch: Batch
) -> tuple[WireItem, str]:
    """The new item and its draft, routed: (item, the rule that published it or "")."""
    article = Article(slug=unique_slug(story.headline, story.uri), created_by=user)
    _fill_article(article, story)
    article.section = find_section(story.section_hint)
    item = WireItem(uri=story.uri, format=story.format, agency=story.agency)

    def write_related(article: Article) -> editing.Written:
        item.article = article
        _fill_item(item, story, source=source, payload=payload)
        item.save()
        bylines = _add_bylines(article, story, new=True, batch=batch)
        _add_pictures(item, story)
        names = [*_subject_tags(item, story, new=True, batch=batch), *story.tags]
        tags = add_tags(article, names, new=True, known=batch.tags)
        # A new article has only what was just written: the revision need not read it back.
        return editing.Written(bylines=bylines, tags=tags)

    _save_content(article, story, user=user, write_related=write_related)
    return item, _route(item, story, user=user, batch=batch)


def _update(
    item: WireItem,
    article: Article,
    story: WireStory,
    *,
    source: str,
    payload: str,
    user: Any,
    batch: Batch,
) -> str:
    """A newer version of `item`'s draft `article` replaces its text; the desk's section, bylines
    and tags stay. In a draft no one has edited, tags only the older version's subjects gave
    go with the subjects the newer one no longer has. Answers the rule that published the
    draft now, if one did."""
    based_on = article.version
    previous = previous_subject_tags(item) if untouched(article) else []
    _fill_article(article, story)
    article.section = article.section or find_section(story.section_hint)

    def write_related(article: Article) -> None:
        _fill_item(item, story, source=source, payload=payload)
        item.pending_version, item.pending_payload, item.pending_received_at = None, "", None
        item.save()
        _add_bylines(article, story, new=False, batch=batch)
        item.pictures.filter(photo__isnull=True).delete()
        _add_pictures(item, story, start=item.pictures.count())
        names = [*_subject_tags(item, story, new=False, batch=batch), *story.tags]
        add_tags(article, names, new=False, known=batch.tags)
        drop_subject_tags(article, item, story, previous=previous, keep=names)

    _save_content(article, story, user=user, write_related=write_related, based_on=based_on)
    return _route(item, story, user=user, batch=batch)


def _route(item: WireItem, story: WireStory, *, user: Any, batch: Batch) -> str:
    """Route the saved item (routing.route); the name of the rule that published its draft just
    now, "" when none did."""
    routed = routing.route(item, story, user=user, rules=batch.routing_rules())
    assert item.article is not None  # just saved
    published = routed is not None and item.article.status == Status.PUBLISHED
    return routed.rule_name if routed and published else ""


def _save_content(
    article: Article,
    story: WireStory,
    *,
    user: Any,
    write_related: editing.WriteRelated,
    based_on: int | None = None,
) -> None:
    """Through the one save path: a revision of what the wire sent (which moves the article's
    edit token on), and an audit entry when the agency's embargo set or changed the article's.
    No savepoint: import_story's transaction is undone whole when the save fails."""
    editing.save_content(
        article,
        user=user,
        source=Revision.Source.IMPORT,
        expected_version=based_on,
        note=f"{story.agency} version {story.version}"[:200],
        write_related=write_related,
        savepoint=False,
    )


def _hold(item: WireItem, story: WireStory, *, payload: str) -> None:
    """The article has moved on: keep the new version beside it for the editor to judge."""
    item.pending_version = story.version
    item.pending_payload = payload
    item.pending_received_at = timezone.now()
    item.pubstatus = story.pubstatus  # a cancellation must reach the desk even so
    item.save()


def _withdraw(item: WireItem, article: Article, story: WireStory) -> str:
    """A cancellation or withholding of a published article: routing.withdraw answers for it
    (in this item's transaction, so it is all done or none)."""
    if story.pubstatus == WireItem.PubStatus.USABLE or article.status != Status.PUBLISHED:
        return ""
    return routing.withdraw(item, article, version=story.version, pubstatus=story.pubstatus)


def _fill_article(article: Article, story: WireStory) -> None:
    article.headline = story.headline
    article.standfirst = story.standfirst
    article.body = story.body
    article.dateline_place = story.dateline_place
    article.dateline_date = story.dateline_date
    article.dateline_source = story.agency[:50] if story.dateline_place else ""
    # The agency's embargo holds for our copy too: Article.objects.published() honours it.
    article.embargo_until = story.embargoed_until


def _fill_item(item: WireItem, story: WireStory, *, source: str, payload: str) -> None:
    item.version = story.version
    item.filename = source[:255]
    item.received_at = timezone.now()
    item.version_created = story.version_created
    item.embargoed_until = story.embargoed_until
    item.pubstatus = story.pubstatus
    item.place_unrecognised = not story.place_recognised
    item.language = story.language[:35]
    item.copyright_holder = story.copyright_holder[:200]
    item.copyright_notice = story.copyright_notice
    item.usage_terms = story.usage_terms
    item.ed_note = story.ed_note
    item.info_sources = ", ".join(story.info_sources)
    item.payload = payload
    item.subjects = [vars(subject) for subject in story.subjects]
    item.urgency = story.urgency
    item.category = story.category[:200]
    item.kept = story.kept
    item.notices = story.notices


def _add_bylines(article: Article, story: WireStory, *, new: bool, batch: Batch) -> list[tuple]:
    """The writers in the order sent, then the agency; bylines already there are kept.

    Answers the bylines added as (author id, author name, role, position).
    """
    existing = set() if new else set(article.bylines.values_list("author_id", "role"))
    people = [(name, role, Author.Kind.PERSON) for name, role in story.writers]
    # An agency or organisation the parser found in the byline ("Insidefoto"): never a person.
    organisations = [
        (name, role, Author.Kind.AGENCY)
        for name, role in story.kept.get("organisation_authors", [])
        if role in Byline.Role.values
    ]
    wanted = [*people, *organisations, (story.agency, Byline.Role.WRITER, Author.Kind.AGENCY)]
    authors = find_authors([(name, kind) for name, _, kind in wanted], known=batch.authors)
    added = []
    for name, role, _ in wanted:
        author_id, stored_name = authors[author_slug(name)]
        if (author_id, role) not in existing:
            added.append((author_id, stored_name, role, len(existing)))
            existing.add((author_id, role))
    rows = [
        {"article": article.pk, "author": author_id, "role": role, "position": position}
        for author_id, _, role, position in added
    ]
    insert_rows(Byline, rows)
    return added


def _subject_tags(item: WireItem, story: WireStory, *, new: bool, batch: Batch) -> list[str]:
    return subject_tags(item, story, new=new, known=batch.subjects, tags=batch.tags)


def _add_pictures(item: WireItem, story: WireStory, *, start: int = 0) -> None:
    rows = [
        {
            "item": item.pk,
            "position": start + index,
            "uri": p.uri[:500],
            "name": p.name,
            "caption": p.caption,
            "creator": p.by,
            "credit_line": p.credit_line,
            "copyright_holder": p.copyright_holder,
            "copyright_notice": p.copyright_notice,
            "usage_terms": p.usage_terms,
            "rendition_url": p.href[:1000],
            "width": p.width,
            "height": p.height,
            "content_type": p.content_type,
            "photo": None,  # attached by the photo desk later
        }
        for index, p in enumerate(story.pictures)
    ]
    insert_rows(WirePicture, rows)
