"""The one way an article's content is saved, and a note to readers is published.

Every path that changes what an article says calls `save_content()`: the editors' admin, the wire
import, restoring a revision (and the desk features to come). It checks the version the change
was based on, writes the article and whatever the caller writes beside it (bylines, tags, the
wire item) in one transaction, then makes each consequence by an explicit call:

- a revision of the content, which moves the article's version on (revisions.record);
- the old address kept when a published article's slug changes;
- the audit log told of an embargo change, and of the caller's own action (a restore);
- readers' pages told the article changed (readers_see_change), if readers could see it.

Each of these has a test that fails without its call (tests/articles/test_editing.py).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from articles import renditions, revisions, surrogate_keys, teasers
from articles.cache import articles_changed
from articles.log import ArticleAction
from articles.models import (
    Article,
    Author,
    BodyPhoto,
    Byline,
    Correction,
    PreviousSlug,
    Revision,
    Section,
    Status,
)
from audit.models import record as audit
from media_assets.models import Photo


class StaleVersion(ValidationError):
    """The change was made to an older version of the article than the one stored now."""

    def __init__(self, *, expected: int | None, current: int) -> None:
        self.expected, self.current = expected, current
        if expected is None:
            message = "The save did not say which version of the article it was based on."
        else:
            message = f"The article is at version {current}; this change was made to {expected}."
        super().__init__(message, code="stale")


@dataclass(frozen=True)
class Written:
    """What a caller wrote beside the article, so the revision need not read it back.

    bylines: [(author id, author name, role, position)] in order; tags: names as stored."""

    bylines: list[tuple[int, str, str, int]] | None = None
    tags: list[str] | None = None


@dataclass(frozen=True)
class Stored:
    """The article's row as it was before this save (none for a new article)."""

    version: int
    slug: str
    embargo_until: datetime | None
    # Moved by the workflow and by notes to readers only: a content save keeps them as stored.
    status: str
    published_at: datetime | None
    first_published_at: datetime | None
    revised_at: datetime | None

    WORKFLOW_FIELDS = ("status", "published_at", "first_published_at", "revised_at")


WriteRelated = Callable[[Article], Written | None]


def save_content(
    article: Article,
    *,
    user: Any,
    source: str,
    expected_version: int | None,
    note: str = "",
    write_related: WriteRelated | None = None,
    action: str = "",
    detail: str = "",
    savepoint: bool = True,
) -> Revision:
    """Save `article` as the next revision, or raise StaleVersion and change nothing.

    `expected_version` is the version the change was based on; for an existing article it must
    be the stored one (None is refused: a save that does not say is treated as stale).
    `write_related(article)` writes what belongs to the article (bylines, tags, the caller's
    own rows) once the article has its key. `action`/`detail` add the caller's audit entry.
    `savepoint=False` is for a caller whose own transaction is undone whole when this save
    fails (an imported item): then the save needs no savepoint of its own to undo it alone.
    """
    with transaction.atomic(savepoint=savepoint):
        stored = _lock(article, expected_version)
        # The row is locked: the next version is the stored one plus one, written with the save.
        article.version = (stored.version if stored else 0) + 1
        article.save()
        inline = BodyPhoto.objects.sync(article, new=stored is None)  # the photos its body shows
        if stored is not None and stored.slug != article.slug:
            keep_old_address(article, stored.slug)
        written = (write_related(article) if write_related else None) or Written()
        revision = revisions.record(
            article, user=user, source=source, note=note, bylines=written.bylines, tags=written.tags
        )
        _audit_embargo(article, user, stored.embargo_until if stored else None, note=note)
        if action:
            audit(action, article, actor=user, detail=detail, data={"revision": revision.number})
        if article.status == Status.PUBLISHED:
            readers_see_change(article)
        else:
            # Made before the article is published, so its first readers get them.
            for photo in filter(None, [article.lead_photo, *inline]):
                renditions.queue(photo)
    return revision


def _lock(article: Article, expected_version: int | None) -> Stored | None:
    """Lock the stored row until the save commits and check the version; None if it is new."""
    if article.pk is None:
        return None
    fields = ("version", "slug", "embargo_until", *Stored.WORKFLOW_FIELDS)
    row = Article.objects.select_for_update().values_list(*fields).get(pk=article.pk)
    stored = Stored(*row)
    if expected_version != stored.version:
        raise StaleVersion(expected=expected_version, current=stored.version)
    for name in Stored.WORKFLOW_FIELDS:
        setattr(article, name, getattr(stored, name))
    return stored


def keep_old_address(article: Article, old_slug: str) -> None:
    """Readers and search engines know a published address: keep it answering with a redirect."""
    if not article.first_published_at:
        return
    PreviousSlug.objects.filter(slug=article.slug).delete()
    PreviousSlug.objects.update_or_create(slug=old_slug, defaults={"article": article})


def _audit_embargo(article: Article, user: Any, before: datetime | None, *, note: str) -> None:
    until = article.embargo_until
    if until == before:
        return
    if until is None:
        action, text = ArticleAction.LIFT_EMBARGO, f"lifted (was until {_when(before)})"
    else:
        action, text = ArticleAction.SET_EMBARGO, f"until {_when(until)}"
    iso = [moment.isoformat() if moment else None for moment in (before, until)]
    data = {"before": iso[0], "after": iso[1]}
    audit(action, article, actor=user, detail=f"{note}: {text}" if note else text, data=data)


def _when(moment: datetime | None) -> str:
    return f"{timezone.localtime(moment):%d %b %Y %H:%M %Z}" if moment else "—"


def readers_see_change(article: Article) -> None:
    """What readers are shown of this article changed: its teaser row is rewritten (or removed,
    if it is no longer published) in this transaction, and no cached page may keep the old one:
    the lists it showed in (its old row says which) and those it shows in now are purged."""
    before = surrogate_keys.shown([article.pk])
    teasers.refresh([article.pk])
    articles_changed([article.pk], before=before)


# --- notes to readers -----------------------------------------------------------------------


def add_note(note: Correction, *, user: Any) -> Correction:
    """Publish a correction, clarification or update on a published article.

    Corrections and updates move the article's public "updated" time; a clarification does not.
    """
    article = note.article
    with transaction.atomic():
        note.created_by = user
        note.save()
        if note.kind in Correction.MOVES_UPDATED_TIME:
            Article.objects.filter(pk=article.pk).update(revised_at=note.published_at)
            article.revised_at = note.published_at
        audit(ArticleAction.CORRECTION, article, actor=user, detail=str(note))
        readers_see_change(article)
    return note


# --- restoring a revision ---------------------------------------------------------------------


def restore(
    article: Article, revision: Revision, *, user: Any, expected_version: int | None
) -> Revision:
    """Put an old revision's content back, as a new revision; earlier ones stay as they were."""
    content = revision.content
    for name in revisions.TEXT_FIELDS:
        setattr(article, name, content[name])
    article.no_photo = content["no_photo"]
    article.dateline_place = content["dateline_place"]
    article.dateline_date = _date(content["dateline_date"])
    article.dateline_source = content["dateline_source"]
    article.section = _existing(Section, content["section"])
    article.lead_photo = _existing(Photo, content["lead_photo"])
    _restore_search_and_social(article, content)

    def write_related(article: Article) -> None:
        _restore_bylines(article, content["bylines"])
        article.tags.set(content["tags"])

    return save_content(
        article,
        user=user,
        source=Revision.Source.RESTORE,
        expected_version=expected_version,
        note=f"#{revision.number}",
        write_related=write_related,
        action=ArticleAction.RESTORE,
        detail=f"Restored revision #{revision.number}",
    )


def _restore_search_and_social(article: Article, content: dict[str, Any]) -> None:
    # Revisions made before these fields have none of them: empty, as they were then.
    for name in revisions.SEO_FIELDS:
        setattr(article, name, content.get(name, ""))
    article.social_image = _existing(Photo, content.get("social_image"))


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _existing(model: type[Section] | type[Photo], reference: list[Any] | None) -> Any:
    """The object a snapshot refers to, if it still exists."""
    return model.objects.filter(pk=reference[0]).first() if reference else None


def _restore_bylines(article: Article, bylines: list[dict[str, Any]]) -> None:
    article.bylines.all().delete()
    authors = Author.objects.in_bulk([b["author"] for b in bylines])
    Byline.objects.bulk_create(
        Byline(article=article, author=authors[b["author"]], role=b["role"], position=b["position"])
        for b in bylines
        if b["author"] in authors
    )
