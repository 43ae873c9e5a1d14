"""The planning desk: the day's story budget, photo requests and the newsroom's own comments.

A budget line is a story planned before anyone types it. Once it becomes an article
(`BudgetLine.article`), its status follows the article's workflow status: it is read from the
article (`BudgetLineQuerySet.with_status()`), never copied, so it cannot drift.
"""

from django.conf import settings
from django.db import models
from django.db.models import Case, Q, Value, When
from django.db.models.functions import Now
from django.utils import timezone

from articles.models import Article, Section
from articles.models import Status as ArticleStatus
from media_assets.models import Photo


class LineStatus(models.TextChoices):
    PITCHED = "pitched", "Pitched"
    ASSIGNED = "assigned", "Assigned"
    IN_PROGRESS = "in_progress", "In progress"
    FILED = "filed", "Filed"
    SCHEDULED = "scheduled", "Scheduled"  # published, but not public yet (later, or embargoed)
    PUBLISHED = "published", "Published"
    SPIKED = "spiked", "Spiked"


def line_status_expression() -> Case:
    """A line's status in SQL, from its own fields and its article's workflow status. A published
    article that goes live later or is under embargo is "Scheduled", not yet done: the test is
    that of Article.objects.published(), with the database's clock."""
    not_public_yet = Q(article__status=ArticleStatus.PUBLISHED) & (
        Q(article__published_at__gt=Now()) | Q(article__embargo_until__gt=Now())
    )
    return Case(
        When(spiked_at__isnull=False, then=Value(LineStatus.SPIKED)),
        When(not_public_yet, then=Value(LineStatus.SCHEDULED)),
        When(article__status=ArticleStatus.PUBLISHED, then=Value(LineStatus.PUBLISHED)),
        When(article__status=ArticleStatus.EDIT, then=Value(LineStatus.FILED)),
        When(article__isnull=False, then=Value(LineStatus.IN_PROGRESS)),
        When(
            Q(writer__isnull=False) | Q(photographer__isnull=False), then=Value(LineStatus.ASSIGNED)
        ),
        default=Value(LineStatus.PITCHED),
        output_field=models.CharField(),
    )


class BudgetLineQuerySet(models.QuerySet["BudgetLine"]):
    def with_status(self) -> "BudgetLineQuerySet":
        return self.annotate(line_status=line_status_expression())


class BudgetLine(models.Model):
    day = models.DateField(
        default=timezone.localdate, db_index=True, help_text="The day's budget this story is on."
    )
    slug = models.SlugField(
        max_length=80, help_text="The desk's short name for the story, e.g. eu-summit-tass."
    )
    pitch = models.CharField(max_length=300, help_text="One line: what the story is.")
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="budget_lines")
    writer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="writing_assignments",
    )
    photographer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="photo_assignments",
    )
    deadline = models.DateTimeField(null=True, blank=True, help_text="When the copy is due.")
    expected_words = models.PositiveIntegerField(
        null=True, blank=True, help_text="Expected length in words."
    )
    publish_at = models.DateTimeField(
        "planned publication", null=True, blank=True, help_text="When it should go live."
    )
    article = models.OneToOneField(
        Article,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="budget_line",
        editable=False,
    )
    spiked_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="Set when the story was dropped."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BudgetLineQuerySet.as_manager()

    class Meta:
        ordering = ["day", "deadline", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["day", "slug"], name="one_slug_per_budget_day")
        ]
        permissions = [("assign_budgetline", "Can assign budget lines and spike them")]

    def __str__(self) -> str:
        return f"{self.day:%d %b}: {self.slug}"


class PhotoRequest(models.Model):
    """A budget line asks the photo desk for a picture; the desk works its queue of them."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        CANCELLED = "cancelled", "Cancelled"

    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="photo_requests")
    brief = models.TextField(
        max_length=2000, help_text="What picture is needed, where and of whom."
    )
    needed_by = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.OPEN, db_index=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="photo_requests",
        help_text="The photographer or desk member taking it.",
    )
    photo = models.ForeignKey(
        Photo,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The library photo that answers the request.",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["needed_by", "pk"]

    def __str__(self) -> str:
        return f"Photo for {self.line.slug}"


class Comment(models.Model):
    """The newsroom's own note on an article or a budget line: never public, never in a
    revision or an export. A reply points at its thread's first comment; resolving the first
    comment resolves the thread."""

    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="desk_comments"
    )
    line = models.ForeignKey(
        BudgetLine, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(max_length=5000)
    mentioned = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(article__isnull=False, line__isnull=True)
                | Q(article__isnull=True, line__isnull=False),
                name="comment_on_article_or_line",
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]
