"""One log of who did what and when, across the newsroom's apps. Entries are never edited.

Each entry names its action (a verb owned by the app that acts: see audit.actions), the object
acted on, a line for people to read (`detail`) and, in `data`, the facts as JSON for code to read
(the from/to status of a workflow step, the link a share view used, a credit's old and new text).
Apps read their own history back through `AuditEntry.objects.about(obj)`.
"""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from audit import actions


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def about(self, target: models.Model) -> "AuditEntryQuerySet":
        """The entries about one object, newest first."""
        content_type = ContentType.objects.get_for_model(target)
        return self.filter(content_type=content_type, object_id=str(target.pk))

    def about_any(self, model: type[models.Model]) -> "AuditEntryQuerySet":
        """The entries about objects of one model."""
        return self.filter(content_type=ContentType.objects.get_for_model(model))


class AuditEntry(models.Model):
    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty when no account acted (a reader following a share link).",
    )
    action = models.CharField(max_length=40, db_index=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField("what", max_length=300)
    detail = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name_plural = "audit log"
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.action_label}: {self.object_repr}"

    @property
    def action_label(self) -> str:
        return actions.label(self.action)


def record(
    action: str,
    target: models.Model,
    *,
    actor: Any = None,
    detail: str = "",
    data: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> AuditEntry:
    """Write one entry. Callers call it explicitly, inside the transaction that made the change.

    `at` is the moment of the change when the caller stored it elsewhere too (a publication)."""
    return AuditEntry.objects.create(
        at=at or timezone.now(),
        action=str(action),
        actor=actor if actor is not None and actor.is_authenticated else None,
        content_type=ContentType.objects.get_for_model(target),
        object_id=str(target.pk),
        object_repr=str(target)[:300],
        detail=detail,
        data=data or {},
    )
