"""What the accounts app writes to the newsroom's one log (audit)."""

from typing import Any

from django.db import models

from audit.models import AuditEntry
from audit.models import record as audit


class AccountAction(models.TextChoices):
    TWO_FACTOR_RESET = "two_factor_reset", "Second factor reset"


def record_two_factor_reset(user: Any, *, actor: Any, devices: list[str]) -> AuditEntry:
    """A colleague's second factor removed: who did it, whose, and which devices went."""
    detail = f"Second factor of {user.get_username()} reset ({', '.join(devices) or 'none'})."
    return audit(
        AccountAction.TWO_FACTOR_RESET, user, actor=actor, detail=detail, data={"devices": devices}
    )
