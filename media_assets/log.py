"""What the photo desk writes to the newsroom's one log (audit), and reads back from it."""

from typing import Any

from django.db import models

from audit.models import AuditEntry, AuditEntryQuerySet
from audit.models import record as audit


class PhotoAction(models.TextChoices):
    # The name stays "photo_credit" for the entries already written; rights are logged under it.
    PHOTO_CREDIT = "photo_credit", "Photo credit or rights changed"


def record_credit_change(photo: Any, changes: dict[str, tuple[str, str]], *, actor: Any) -> None:
    """Credits and rights are a legal matter: every change to one goes into the log, old and new
    text (a date as YYYY-MM-DD, none as ""). One edit or a bulk edit of many photos alike."""
    if not changes:
        return
    detail = "; ".join(f"{name}: “{old}” → “{new}”" for name, (old, new) in changes.items())
    data = {"changes": {name: [old, new] for name, (old, new) in changes.items()}}
    audit(PhotoAction.PHOTO_CREDIT, photo, actor=actor, detail=detail, data=data)


def credit_history(photo: Any) -> AuditEntryQuerySet:
    """The photo's credit and rights changes, newest first."""
    entries = AuditEntry.objects.about(photo).filter(action=PhotoAction.PHOTO_CREDIT)
    return entries.select_related("actor")
