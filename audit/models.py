"""One log of who did what and when, across the newsroom's apps. Entries are never edited."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class Action(models.TextChoices):
    SUBMIT = "submit", "Submitted"
    RETURN = "return", "Returned to reporter"
    PUBLISH = "publish", "Published"
    SCHEDULE = "schedule", "Scheduled"
    UNPUBLISH = "unpublish", "Unpublished"
    LIFT_EMBARGO = "lift_embargo", "Embargo lifted"
    SET_EMBARGO = "set_embargo", "Embargo set or changed"
    RESTORE = "restore", "Revision restored"
    CORRECTION = "correction", "Note added to a published article"
    PHOTO_CREDIT = "photo_credit", "Photo credit changed"
    SHARE_CREATED = "share_created", "Share link made"
    SHARE_REVOKED = "share_revoked", "Share link revoked"
    SHARE_USED = "share_used", "Share link used"
    LOCK_TAKEN = "lock_taken", "Editing taken over"


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
    action = models.CharField(max_length=20, choices=Action, db_index=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField("what", max_length=300)
    detail = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name_plural = "audit log"
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.get_action_display()}: {self.object_repr}"


def record(action: str, target: models.Model, *, actor=None, detail: str = "") -> AuditEntry:
    """Write one entry. Callers call it explicitly, inside the transaction that made the change."""
    return AuditEntry.objects.create(
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        content_type=ContentType.objects.get_for_model(target),
        object_id=str(target.pk),
        object_repr=str(target)[:300],
        detail=detail,
    )
