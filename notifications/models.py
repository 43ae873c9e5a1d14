"""What the newsroom tells its people: one row per person told, read in the admin and, for the
kinds each person chooses, sent by email through the task queue (notifications/sending.py).

The app knows nothing of articles or budgets: callers (the workflow, the planning desk) decide
who may be told and write the line and the link; this app stores, shows and delivers them.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Kind(models.TextChoices):
    SUBMITTED = "submitted", "A story was submitted for edit in your section"
    RETURNED = "returned", "Your story was returned to you"
    PUBLISHED = "published", "Your story was published or scheduled"
    WENT_LIVE = "went_live", "Your scheduled story went live"
    UNPUBLISHED = "unpublished", "Your story was unpublished"
    MENTIONED = "mentioned", "You were mentioned in a comment"
    REPLIED = "replied", "Someone answered your comment"
    ASSIGNED = "assigned", "You were assigned a story"
    PHOTO_REQUESTED = "photo_requested", "A photo was requested"
    WIRE_WITHDRAWN = "wire_withdrawn", "An agency cancelled or withheld a published story"


class EmailStatus(models.TextChoices):
    NOT_WANTED = "not_wanted", "Not by email"
    QUEUED = "queued", "Queued"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=Kind)
    text = models.CharField(max_length=500, help_text="The line the recipient reads.")
    url = models.CharField(max_length=500, blank=True, help_text="Where the line leads.")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who did what the line tells of; empty when nobody did (a schedule).",
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email_status = models.CharField(
        max_length=12, choices=EmailStatus, default=EmailStatus.NOT_WANTED
    )
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_error = models.TextField(blank=True, help_text="Why the last attempt to send failed.")
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.text


class EmailChoice(models.Model):
    """A person's choice for one kind; a kind with no row is sent by email (the default)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_choices"
    )
    kind = models.CharField(max_length=20, choices=Kind)
    by_email = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_email_choice_per_kind")
        ]

    def __str__(self) -> str:
        how = "by email" if self.by_email else "in the admin only"
        return f"{self.user}: {self.get_kind_display()} {how}"
