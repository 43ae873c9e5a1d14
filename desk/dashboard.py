"""The admin index's dashboard: what each desk has to do now, read in a fixed number of queries.

Each function answers one panel's question with a query or two whatever the size of the newsroom
(at most LIMIT + 1 rows, so a panel knows there are more). Who sees which panel is decided by
permissions in desk/templatetags/desk_dashboard.py; nothing here checks who asks, beyond the
reporter's own articles and assignments.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import (
    BooleanField,
    CharField,
    Count,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from articles import log
from articles.models import Article, BodyPhoto, Byline, Correction, Status
from articles.workflow import AnyUser as User
from audit.models import AuditEntry
from desk.models import BudgetLine, LineStatus, PhotoRequest
from media_assets.bulk import missing_details
from media_assets.filters import EXPIRING_DAYS, NO_CREDIT, AltTextFilter
from media_assets.models import Photo

LIMIT = 10  # items a panel lists; the rest are one "see all" away
FEW = 5  # photos missing credit or alt text: a count and the first few
CORRECTIONS_DAYS = 7


def first(rows: QuerySet[Any], *, limit: int = LIMIT) -> tuple[list[Any], bool]:
    """The first `limit` rows and whether there are more, in one query."""
    found = list(rows[: limit + 1])
    return found[:limit], len(found) > limit


def end_of_today() -> datetime:
    """Midnight at the end of today in the site's time zone: "today" is the newsroom's day."""
    tomorrow = timezone.localdate() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(tomorrow, time.min))


def start_of_today() -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate(), time.min))


# The reporter's desk ---------------------------------------------------------------------------


def my_drafts(user: User) -> QuerySet[Article]:
    return (
        Article.objects.owned_by(user)
        .filter(status=Status.DRAFT)
        .select_related("section")
        .defer("body")
        .order_by("-created_at", "-pk")
    )


def _latest_step(column: str) -> Subquery:
    """A column of the article's latest workflow step in the log (the outer query's article)."""
    steps = AuditEntry.objects.about_any(Article).filter(
        object_id=Cast(OuterRef("pk"), CharField()), action__in=log.WORKFLOW_STEPS
    )
    return Subquery(steps.order_by("-at", "-pk").values(column)[:1])


@dataclass
class Returned:
    article: Article
    step: AuditEntry

    @property
    def note(self) -> str:
        return str((self.step.data or {}).get("note") or self.step.detail)


def returned_to(user: User) -> tuple[list[Returned], bool]:
    """The user's drafts whose latest workflow step sent them back, with that step (who, when,
    the note), newest return first: two queries, not one per article."""
    latest = my_drafts(user).annotate(step=_latest_step("pk")).values("step")
    returns = AuditEntry.objects.filter(pk__in=latest, action=log.ArticleAction.RETURN)
    steps, more = first(returns.select_related("actor").order_by("-at", "-pk"))
    articles = Article.objects.defer("body").in_bulk([int(step.object_id) for step in steps])
    found = [
        Returned(articles[int(step.object_id)], step)
        for step in steps
        if int(step.object_id) in articles
    ]
    return found, more


DONE = [LineStatus.SPIKED, LineStatus.PUBLISHED]  # assignments nobody has to work on any more


def my_assignments(user: User) -> tuple[list[BudgetLine], bool]:
    """Budget lines the user writes or photographs that are still to do, by deadline."""
    lines = (
        BudgetLine.objects.with_status()
        .filter(Q(writer=user.pk) | Q(photographer=user.pk))
        .exclude(Q(line_status__in=DONE))  # a Q: django-stubs cannot see the annotation
        .select_related("section", "article")
        # For budget.article_visible: a photographer may not see the writer's draft.
        .prefetch_related(
            Prefetch("article__bylines", queryset=Byline.objects.select_related("author"))
        )
        .order_by(F("deadline").asc(nulls_last=True), "day", "pk")
    )
    return first(lines)


# The editor's desk -----------------------------------------------------------------------------


@dataclass
class SectionQueue:
    """One section's articles waiting for edit: how many, and those among the oldest listed."""

    section_id: int | None
    name: str
    count: int
    articles: list[Article] = field(default_factory=list)


def waiting_for_edit() -> list[SectionQueue]:
    """The edit queue by section, in the sections' order, each with its count; the LIMIT
    articles that have waited longest (since their latest submission) listed under theirs."""
    waiting = Article.objects.filter(status=Status.EDIT)
    counts = (
        waiting.values("section", "section__name")
        .annotate(n=Count("pk"))
        .order_by("section__position", "section__name")
    )
    queues = {
        row["section"]: SectionQueue(row["section"], row["section__name"] or "No section", row["n"])
        for row in counts
    }
    submitted = Subquery(
        AuditEntry.objects.about_any(Article)
        .filter(object_id=Cast(OuterRef("pk"), CharField()), action=log.ArticleAction.SUBMIT)
        .order_by("-at", "-pk")
        .values("at")[:1]
    )
    oldest = waiting.defer("body").annotate(waiting_since=Coalesce(submitted, F("updated_at")))
    for article in oldest.order_by("waiting_since", "pk")[:LIMIT]:
        # An article submitted between the two queries has no queue yet: the next look shows it.
        if article.section_id in queues:
            queues[article.section_id].articles.append(article)
    return list(queues.values())


def scheduled_today() -> tuple[list[Article], bool]:
    """Published articles that go live later today."""
    due = Article.objects.filter(
        status=Status.PUBLISHED, published_at__gt=timezone.now(), published_at__lt=end_of_today()
    )
    return first(due.select_related("section").defer("body").order_by("published_at", "pk"))


def embargoes_lifting_today() -> tuple[list[Article], bool]:
    lifting = Article.objects.filter(
        embargo_until__gt=timezone.now(), embargo_until__lt=end_of_today()
    )
    return first(lifting.select_related("section").defer("body").order_by("embargo_until", "pk"))


def recent_corrections() -> tuple[list[Correction], bool]:
    since = timezone.now() - timedelta(days=CORRECTIONS_DAYS)
    notes = Correction.objects.filter(published_at__gte=since)
    return first(notes.select_related("article", "created_by").order_by("-published_at", "-pk"))


# The photo desk --------------------------------------------------------------------------------


def open_photo_requests() -> tuple[list[PhotoRequest], bool]:
    requests = PhotoRequest.objects.filter(status=PhotoRequest.Status.OPEN)
    return first(
        requests.select_related("line", "assignee").order_by(
            F("needed_by").asc(nulls_last=True), "pk"
        )
    )


# What a listed photo lacks, in words, by media_assets' own rules (its list filters'), so the
# panel and the library's "incomplete" filter cannot disagree.
LACKS = {"credit": NO_CREDIT, "alt text": AltTextFilter.options["missing"][1]}


@dataclass
class Incomplete:
    photo: Photo
    lacks: list[str]  # "credit", "alt text"


def incomplete_photos() -> tuple[int, list[Incomplete]]:
    """How many photos lack a credit or alt text, and the newest few of them with what each
    lacks (asked of the database, by the rules above: no second rule in Python)."""
    incomplete = missing_details()
    flags = {
        f"lacks_{n}": ExpressionWrapper(q, output_field=BooleanField())
        for n, q in enumerate(LACKS.values())
    }
    few = incomplete.annotate(**flags).order_by("-created_at", "-pk")[:FEW]
    listed = [
        Incomplete(photo, [what for n, what in enumerate(LACKS) if getattr(photo, f"lacks_{n}")])
        for photo in few
    ]
    return incomplete.count(), listed


def licences_expiring(*, today: date | None = None) -> tuple[list[Photo], bool]:
    """Photos whose licence ends within the week, still valid today."""
    today = today or timezone.localdate()
    soon = today + timedelta(days=EXPIRING_DAYS)
    expiring = Photo.objects.filter(licence_expires__gte=today, licence_expires__lte=soon)
    return first(expiring.order_by("licence_expires", "pk"))


def expired_in_use() -> tuple[list[Photo], bool]:
    """Photos past their licence that a published article still shows (lead, social card or
    body): the desk must replace them."""
    published = Article.objects.filter(status=Status.PUBLISHED)
    used = (
        Q(pk__in=published.values("lead_photo"))
        | Q(pk__in=published.values("social_image"))
        | Q(pk__in=BodyPhoto.objects.filter(article__status=Status.PUBLISHED).values("photo"))
    )
    return first(Photo.objects.licence_expired().filter(used).order_by("licence_expires", "pk"))
