from django.conf import settings
from django.db import models
from django.utils import timezone

from articles.models.core import Article


class Correction(models.Model):
    """A note readers see on a published article. Corrections and updates move its public
    "updated" time; a clarification does not, and neither does a silent fix of a typo."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        CLARIFICATION = "clarification", "Clarification"
        UPDATE = "update", "Update"

    MOVES_UPDATED_TIME = (Kind.CORRECTION, Kind.UPDATE)

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(max_length=15, choices=Kind, default=Kind.CORRECTION)
    text = models.TextField(help_text="What was wrong and what is right, as readers will read it.")
    published_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["published_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:60]}"
