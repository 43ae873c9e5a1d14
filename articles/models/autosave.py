"""An editor's unsaved work on one article, kept by their open page every few seconds."""

from django.conf import settings
from django.db import models
from django.http import QueryDict
from django.utils import timezone

from articles.models.core import Article


class Autosave(models.Model):
    """The form as one user last had it, theirs alone: not a revision, never shown to anyone
    else, and nothing of it reaches the article until they restore it and press Save.

    One per (user, article), and one per user for the add page (article empty)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # The article version the editor's page was made from: a restored form saves from it, so a
    # save by someone else meanwhile is caught by the version check like any other.
    base_version = models.PositiveIntegerField(null=True, blank=True)
    # What the form would post: field name -> list of values, as the browser's FormData has them.
    data = models.JSONField(default=dict)
    saved_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "article"],
                condition=models.Q(article__isnull=False),
                name="one_autosave_per_user_and_article",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(article__isnull=True),
                name="one_new_article_autosave_per_user",
            ),
        ]

    def __str__(self):
        return f"{self.user}'s autosave of {self.article or 'a new article'}"

    def as_query_dict(self) -> QueryDict:
        """The saved form as the admin would receive it in a POST."""
        data = QueryDict(mutable=True)
        for name, values in self.data.items():
            data.setlist(name, [str(v) for v in values])
        return data
