"""What the articles app writes to the newsroom's one log (audit), and how it reads it back.

The workflow's history on an article's page, the dashboard's latest steps and the views of a
share link are filtered views of `audit.AuditEntry`; nothing here keeps a second record.
"""

from collections import Counter
from datetime import datetime
from typing import Any

from django.db import models

from articles.models import Status
from audit.models import AuditEntry, AuditEntryQuerySet
from audit.models import record as audit


class ArticleAction(models.TextChoices):
    SUBMIT = "submit", "Submitted"
    RETURN = "return", "Returned to reporter"
    PUBLISH = "publish", "Published"
    SCHEDULE = "schedule", "Scheduled"
    UNPUBLISH = "unpublish", "Unpublished"
    LIFT_EMBARGO = "lift_embargo", "Embargo lifted"
    SET_EMBARGO = "set_embargo", "Embargo set or changed"
    RESTORE = "restore", "Revision restored"
    CORRECTION = "correction", "Note added to a published article"
    SHARE_CREATED = "share_created", "Share link made"
    SHARE_REVOKED = "share_revoked", "Share link revoked"
    SHARE_USED = "share_used", "Share link used"
    LOCK_TAKEN = "lock_taken", "Editing taken over"
    BANNER_ADDED = "banner_added", "Breaking news banner made"
    BANNER_CHANGED = "banner_changed", "Breaking news banner changed"
    BANNER_ENDED = "banner_ended", "Breaking news banner ended"
    BANNER_DELETED = "banner_deleted", "Breaking news banner deleted"


# The entries that move (or, for an embargo, release) an article through the workflow.
WORKFLOW_STEPS = [
    ArticleAction.SUBMIT,
    ArticleAction.RETURN,
    ArticleAction.PUBLISH,
    ArticleAction.SCHEDULE,
    ArticleAction.UNPUBLISH,
    ArticleAction.LIFT_EMBARGO,
]


def record_step(
    action: str,
    article: Any,
    *,
    actor: Any,
    from_status: str,
    to_status: str,
    note: str = "",
    at: datetime | None = None,
) -> AuditEntry:
    """One workflow step: the log's `data` holds the statuses, `detail` what people read."""
    return audit(
        action,
        article,
        actor=actor,
        at=at,
        detail=note,
        data={"from": from_status, "to": to_status, "note": note},
    )


def record_share(action: str, link: Any, *, actor: Any, detail: str, **facts: str) -> AuditEntry:
    """A share link made, revoked or used: `data` names the link, so its views can be counted."""
    data = {"link": link.pk, **facts}
    return audit(action, link.article, actor=actor, detail=detail, data=data)


def history(article: Any) -> AuditEntryQuerySet:
    """Everything the log holds about one article, newest first."""
    return AuditEntry.objects.about(article).select_related("actor")


def workflow_history(article: Any) -> AuditEntryQuerySet:
    return history(article).filter(action__in=WORKFLOW_STEPS)


def latest_steps(article_model: type[models.Model], *, limit: int = 10) -> list[AuditEntry]:
    """The newsroom's latest workflow steps, for the dashboard."""
    entries = AuditEntry.objects.about_any(article_model).filter(action__in=WORKFLOW_STEPS)
    return list(entries.select_related("actor")[:limit])


def share_views(article: Any) -> dict[int, int]:
    """How often each of the article's share links was opened, by link id."""
    used = history(article).filter(action=ArticleAction.SHARE_USED)
    links = used.values_list("data__link", flat=True)
    return dict(Counter(int(link) for link in links if link is not None))


def describe(entry: AuditEntry) -> str:
    """An entry as a line people read: a status move as `In edit → Draft: note`, else its detail."""
    data = entry.data or {}
    if "from" not in data or "to" not in data:  # not a status move (an embargo, a share link)
        return entry.detail
    labels = dict(Status.choices)
    move = f"{labels.get(data['from'], '—')} → {labels.get(data['to'], '—')}"
    return f"{move}: {data['note']}" if data.get("note") else move
