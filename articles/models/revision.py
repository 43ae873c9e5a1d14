from django.conf import settings
from django.db import models
from django.utils import timezone

from articles.models.core import Article
from newsroom.inserts import CompiledInsert


class Revision(CompiledInsert):
    """The article's content as one save left it. Never changed; restoring adds a new one."""

    class Source(models.TextChoices):
        ADMIN = "admin", "Edited in the admin"
        IMPORT = "import", "Wire import"
        RESTORE = "restore", "Restored"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(help_text="The article's version after this save.")
    content = models.JSONField()
    source = models.CharField(max_length=10, choices=Source, default=Source.ADMIN)
    note = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="unique_revision_number")
        ]

    def __str__(self):
        return f"#{self.number} of {self.article_id}"
