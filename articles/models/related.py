"""Related articles an editor chose for an article, in order (articles.related reads them)."""

from django.db import models

from articles.models.core import Article


class RelatedArticle(models.Model):
    """One choice: readers of `article` are pointed to `related`, ahead of the automatic ones.

    Nothing here says whether `related` is public: the page reads only visible teasers, so an
    unpublished or embargoed choice drops out at once and comes back with no edit.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="related_choices")
    related = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="chosen_as_related",
        help_text="Shown to readers while it is published; until then the page skips it.",
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Lower numbers come first; automatic ones fill the places left."
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "related article"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "related"],
                name="related_article_once",
                violation_error_message="This article is already chosen as related.",
            ),
            models.CheckConstraint(
                condition=~models.Q(article=models.F("related")),
                name="related_article_not_itself",
                violation_error_message="An article cannot be related to itself.",
            ),
        ]

    def __str__(self):
        return f"{self.article_id} → {self.related_id}"
