"""`notify()`: the one way anything tells people something (see notifications/models.py)."""

from collections.abc import Iterable
from typing import Any

from notifications.models import Notification


def notify(
    recipients: Iterable[Any],
    kind: str,
    *,
    text: str,
    url: str = "",
    actor: Any = None,
) -> list[Notification]:
    """Tell each recipient `text` (a line) leading to `url`; never the actor themself.

    Callers pass only people who may see what the line is about. Inactive accounts and
    duplicates are dropped. Emails (for those who want this kind by email) are queued after
    the caller's transaction commits; sending never blocks or fails the caller.
    """
    actor_id = getattr(actor, "pk", None)
    people = {u.pk: u for u in recipients if u is not None and u.is_active and u.pk != actor_id}
    if not people:
        return []
    rows = [
        Notification(
            recipient=user,
            kind=kind,
            text=text[:500],
            url=url[:500],
            actor=actor if actor_id else None,
        )
        for user in people.values()
    ]
    return Notification.objects.bulk_create(rows)
