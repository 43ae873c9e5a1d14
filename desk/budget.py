"""The story budget's rules: who may assign, start and spike a line, and what each of those does.

The admin (desk/admin.py) calls these; every side effect is an explicit call from here (the
draft through articles.editing, people told through notifications.sending), never a signal.
"""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from articles import editing, notices
from articles.models import Article, Author, Byline, PreviousSlug, Revision
from articles.permissions import may_see
from desk.models import BudgetLine, PhotoRequest
from notifications.models import Kind
from notifications.sending import notify

ASSIGN = "desk.assign_budgetline"
# Free numbered slugs tried before the line's id is added to make one.
SLUG_ATTEMPTS = 20


def holders(permission: str, *, keep: int | None = None) -> QuerySet[User]:
    """Active accounts given `permission` through a role or directly (and the account `keep`,
    already chosen, so a form showing it can be saved again). Superusers hold every permission
    by a flag rather than by a role, so they are not counted as, say, the photo desk."""
    given = notices.holders(permission, include_superusers=False).values("pk")
    people = User.objects.filter(Q(pk__in=given) | Q(pk=keep) if keep else Q(pk__in=given))
    return people.order_by("first_name", "last_name", "username")


def person(user: Any) -> str:
    """A colleague by the name the newsroom knows them by, their login if they have no name:
    the one way the desk names people (lists, forms, notifications, comments)."""
    return str(user.get_full_name() or user.get_username())


def line_url(line: BudgetLine) -> str:
    return reverse("admin:desk_budgetline_change", args=[line.pk])


# --- who may do what -------------------------------------------------------------------------


def may_assign(user: Any) -> bool:
    return bool(user.has_perm(ASSIGN))


def may_change(user: Any, line: BudgetLine) -> bool:
    """Editors change any line; a reporter may still correct their own pitch until an editor
    takes it up (assigns, starts or spikes it)."""
    if user.has_perm("desk.change_budgetline"):
        return True
    untouched = not (line.writer_id or line.photographer_id or line.article_id or line.spiked_at)
    return (
        bool(user.has_perm("desk.add_budgetline")) and line.created_by_id == user.pk and untouched
    )


def may_start(user: Any, line: BudgetLine) -> bool:
    """The line's writer, or whoever assigns lines, turns it into a draft, if they may write."""
    if not user.has_perm("articles.add_article"):
        return False
    return line.writer_id == user.pk or may_assign(user)


def article_visible(user: Any, line: BudgetLine) -> bool:
    """Whether `user` may see the line's article (its headline, its link): seeing the budget
    does not open a colleague's draft. Prefetch `article__bylines__author` for a list."""
    return line.article is not None and may_see(user, line.article)


def offers_start(user: Any, line: BudgetLine) -> bool:
    """Whether to show `user` the "Start the draft" button: a line not yet started nor spiked."""
    return not line.article_id and not line.spiked_at and may_start(user, line)


# --- assignments -----------------------------------------------------------------------------


def tell_assigned(line: BudgetLine, roles: Iterable[str], *, actor: Any) -> None:
    """Tell whoever was just put on the line (`roles`: "writer", "photographer") and no one else:
    a line saved again with the same people tells nobody. Once the draft is started its writer
    is the article's byline, not the line's: no writer is announced then."""
    jobs = {"writer": "to write", "photographer": "the pictures for"}
    for role in roles:
        if role == "writer" and line.article_id:
            continue
        assignee = getattr(line, role)
        if assignee is None:
            continue
        what = f"{line.slug} ({line.day:%d %b}): {line.pitch}"
        text = f"{person(actor)} assigned you {jobs[role]} {what}"
        notify([assignee], Kind.ASSIGNED, text=text, url=line_url(line), actor=actor)


def spike(lines: QuerySet[BudgetLine], *, user: Any) -> int:
    """Drop the lines from the budget; their drafts, if any, are left as they are."""
    _require_assign(user)
    return lines.filter(spiked_at__isnull=True).update(spiked_at=timezone.now())


def unspike(lines: QuerySet[BudgetLine], *, user: Any) -> int:
    _require_assign(user)
    return lines.filter(spiked_at__isnull=False).update(spiked_at=None)


def _require_assign(user: Any) -> None:
    if not may_assign(user):
        raise PermissionDenied("Only the desk's editors spike and restore budget lines.")


# --- from a line to a draft -----------------------------------------------------------------


def start_draft(line: BudgetLine, *, user: Any) -> tuple[Article, bool]:
    """The line's draft article and whether it was made now; a started line keeps its article.

    The draft is the writer's (created by them, their byline) even when an editor starts it, so
    it is in the writer's own list and theirs to submit. Raises PermissionDenied, or
    ValidationError when the line cannot be started (spiked, nobody to write it)."""
    if not may_start(user, line):
        raise PermissionDenied("Only the line's writer or an assigning editor starts its draft.")
    with transaction.atomic():
        # Locked, so two people pressing the button at once make one draft between them.
        line = BudgetLine.objects.select_for_update().get(pk=line.pk)
        if line.article_id:
            return Article.objects.get(pk=line.article_id), False
        if line.spiked_at:
            raise ValidationError("This line was spiked: restore it before starting a draft.")
        if line.writer is None:
            raise ValidationError(
                "Assign a writer first: the draft is theirs and carries their byline."
            )
        return _make_draft(line, user=user), True


def _make_draft(line: BudgetLine, *, user: Any) -> Article:
    writer = line.writer
    article = Article(
        headline=line.pitch[:200],
        slug=free_article_slug(line.slug or slugify(line.pitch)),
        section=line.section,
        created_by=writer,
    )
    author = author_for(writer)

    def write_related(article: Article) -> editing.Written:
        Byline.objects.create(article=article, author=author, role=Byline.Role.WRITER)
        line.article = article
        line.save(update_fields=["article"])
        return editing.Written(bylines=[(author.pk, author.name, Byline.Role.WRITER, 0)], tags=[])

    editing.save_content(
        article,
        user=user,
        source=Revision.Source.ADMIN,
        expected_version=None,
        write_related=write_related,
    )
    return article


def free_article_slug(base: str) -> str:
    """`base`, numbered if an article has it now or had it before."""
    base = slugify(base)[:180].strip("-") or "budget-line"
    candidates = [base] + [f"{base}-{n}" for n in range(2, SLUG_ATTEMPTS + 2)]
    taken = set(Article.objects.filter(slug__in=candidates).values_list("slug", flat=True))
    taken |= set(PreviousSlug.objects.filter(slug__in=candidates).values_list("slug", flat=True))
    free = [slug for slug in candidates if slug not in taken]
    return free[0] if free else f"{base}-{timezone.now():%Y%m%d%H%M%S%f}"


def author_for(user: Any) -> Author:
    """The byline `user` writes under, made for them (by their name) the first time."""
    author = Author.objects.filter(user=user).first()
    if author is not None:
        return author
    name = person(user)
    base = slugify(name) or f"user-{user.pk}"
    slug, n = base, 1
    while Author.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return Author.objects.create(name=name, slug=slug, user=user)


# --- photo requests --------------------------------------------------------------------------


def request_photo(request: PhotoRequest, *, user: Any) -> PhotoRequest:
    """Save a new request and tell the photo desk and the line's photographer."""
    request.requested_by = user
    request.save()
    line = request.line
    desk = [*holders("desk.change_photorequest"), line.photographer]
    text = f"{person(user)} asked for a photo for {line.slug} ({line.day:%d %b}): {request.brief}"
    url = reverse("admin:desk_photorequest_change", args=[request.pk])
    notify(desk, Kind.PHOTO_REQUESTED, text=text[:300], url=url, actor=user)
    return request


def mark_done(requests: QuerySet[PhotoRequest]) -> int:
    return requests.exclude(status=PhotoRequest.Status.DONE).update(status=PhotoRequest.Status.DONE)
