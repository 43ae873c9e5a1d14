"""The read model of readers' pages: one row per published article, with what a list shows.

A list page is one query on this table. Visibility and order are real columns (copied from the
article) so the database filters and sorts them from an index; what is only shown is one JSON
document, written by articles.teasers.refresh() whenever the article, its bylines, tags,
section, authors or lead photo change. Scheduled and embargoed articles have rows too:
`visible()` keeps them out until their time, as Article.objects.published() does.
"""

from django.db import models
from django.utils import timezone

from articles.models.core import Article, Section


class TeaserQuerySet(models.QuerySet):
    def visible(self) -> "TeaserQuerySet":
        """What the public may see now: the same rule as Article.objects.published()."""
        now = timezone.now()
        not_embargoed = models.Q(embargo_until__isnull=True) | models.Q(embargo_until__lte=now)
        return self.filter(not_embargoed, published_at__lte=now)


def visible_sql(alias: str) -> str:
    """visible() in SQL, for the queries written by hand (articles.related), on the teaser
    table named `alias`; its parameters are now, twice. A change to one rule is a change to
    both: tests/articles/test_teasers.py holds them to the same rows."""
    return (
        f"({alias}.embargo_until IS NULL OR {alias}.embargo_until <= %s) "
        f"AND {alias}.published_at <= %s"
    )


class Teaser(models.Model):
    article = models.OneToOneField(
        Article, primary_key=True, on_delete=models.CASCADE, related_name="teaser"
    )
    section = models.ForeignKey(
        Section,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # teaser_section_latest starts with it
    )
    published_at = models.DateTimeField()
    first_published_at = models.DateTimeField(null=True)
    revised_at = models.DateTimeField(null=True)
    embargo_until = models.DateTimeField(null=True)
    updated_at = models.DateTimeField()
    data = models.JSONField(
        default=dict, help_text="What pages show: see articles.teasers.teaser_data()."
    )

    objects = TeaserQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-updated_at"]
        indexes = [
            models.Index(fields=["-published_at", "-updated_at"], name="teaser_latest"),
            models.Index(fields=["section", "-published_at"], name="teaser_section_latest"),
        ]

    def __str__(self):
        return self.data.get("headline", "")

    # What templates, feeds and exports read, by name.
    headline = property(lambda self: self.data["headline"])
    standfirst = property(lambda self: self.data["standfirst"])
    url = property(lambda self: self.data["url"])

    def get_absolute_url(self):
        return self.data["url"]

    @property
    def modified_at(self):
        """The "updated" time readers see: the latest correction or update, else publication."""
        return self.revised_at or self.published_at

    @property
    def last_changed(self):
        return max(self.updated_at, self.published_at)
