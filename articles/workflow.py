"""The editorial workflow: the ONLY code that changes Article.status.

draft → edit → published, and back. Each move names the permission it needs and the checks it
runs; `available()` answers "what may this user do now" for the admin's buttons, and `perform()`
checks, changes, records and returns inside one transaction.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from articles import editing, log, notices
from articles.body import photo_ids
from articles.log import ArticleAction
from articles.models import Article, Revision, ShareLink, Status
from audit.models import AuditEntry
from media_assets.models import Photo


class TransitionNotAllowed(PermissionDenied):
    """This user may not make this move on this article now (answered with a 403)."""


class TransitionBlocked(ValidationError):
    """The move is allowed but the article is not ready; the messages say what is missing."""


Check = Callable[[Article], list[str]]
# Who asks: request.user, signed in or not.
AnyUser = User | AnonymousUser


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    source: str
    target: str
    permission: str
    checks: tuple[Check, ...] = ()
    note_required: bool = False
    note_label: str = "Note"
    own_drafts: bool = field(default=False)  # reporters may make this move on their own articles


def check_complete(article: Article) -> list[str]:
    problems = []
    if not article.headline.strip():
        problems.append("It needs a headline.")
    if not article.body.strip():
        problems.append("It needs a body.")
    if not article.section_id:
        problems.append("It needs a section.")
    if not article.bylines.exists():
        problems.append("It needs at least one byline.")
    return problems


def check_lead_photo(article: Article) -> list[str]:
    photo = article.lead_photo
    if photo is None:
        if article.no_photo:
            return []
        return ["Choose a lead photo, or tick “publish without a photo”."]
    return photo_problems(photo, "The lead photo", credit=article.lead_credit or photo.credit)


def check_social_image(article: Article) -> list[str]:
    """The social card's own picture is published like the lead photo."""
    photo = article.social_image
    return [] if photo is None else photo_problems(photo, "The social image")


def check_body_photos(article: Article) -> list[str]:
    """Each photo in the body obeys the lead photo's rules, and must be in the library."""
    ids = photo_ids(article.body)
    photos = Photo.objects.in_bulk(ids)
    problems = []
    for pk in ids:
        photo = photos.get(pk)
        if photo is None:
            problems.append(
                f"The body shows photo #{pk}, which is not in the library: remove it or choose "
                "another."
            )
        else:
            problems += photo_problems(photo, "The photo", where=" in the body")
    return problems


def photo_problems(
    photo: Photo, label: str, *, where: str = "", credit: str | None = None
) -> list[str]:
    """What keeps a picture off a public page: no credit (the photo's, or `credit` where the
    article gives its own), no alt text, an expired licence."""
    credited = photo.credit if credit is None else credit
    missing = [
        what
        for what, present in (("a credit", credited), ("alt text", photo.alt_text.strip()))
        if not present
    ]
    problems = []
    if missing:
        problems.append(f"{label} “{photo}” (#{photo.pk}){where} lacks {' and '.join(missing)}.")
    if not photo.licence_valid():
        problems.append(
            f"{label} “{photo}” (#{photo.pk}){where} may not be used: its licence expired on "
            f"{photo.licence_expires:%d %B %Y}."
        )
    return problems


TRANSITIONS = {
    t.name: t
    for t in [
        Transition(
            "submit",
            "Submit for editing",
            Status.DRAFT,
            Status.EDIT,
            "articles.change_article",
            checks=(check_complete,),
            own_drafts=True,
        ),
        Transition(
            "return",
            "Return to reporter",
            Status.EDIT,
            Status.DRAFT,
            "articles.publish_article",
            note_required=True,
            note_label="What the reporter should change",
        ),
        Transition(
            "publish",
            "Publish",
            Status.EDIT,
            Status.PUBLISHED,
            "articles.publish_article",
            checks=(check_complete, check_lead_photo, check_body_photos, check_social_image),
        ),
        Transition(
            "unpublish",
            "Unpublish",
            Status.PUBLISHED,
            Status.EDIT,
            "articles.publish_article",
            note_required=True,
            note_label="Why it comes down",
        ),
    ]
}


def may(transition: Transition, article: Article, user: AnyUser) -> bool:
    """Whether `user` holds the right to make this move on this article in its current state."""
    if article.status != transition.source or not user.has_perm(transition.permission):
        return False
    if transition.own_drafts and not user.has_perm("articles.edit_any_article"):
        return article.is_owned_by(user)
    return True


def available(article: Article, user: AnyUser) -> list[Transition]:
    """The moves this user may make on this article now, in table order."""
    return [t for t in TRANSITIONS.values() if may(t, article, user)]


def get_transition(name: str) -> Transition:
    try:
        return TRANSITIONS[name]
    except KeyError:
        raise TransitionNotAllowed(f"There is no workflow step called “{name}”.") from None


def perform(
    article: Article,
    name: str,
    user: AnyUser,
    *,
    note: str = "",
    publish_at: datetime | None = None,
) -> AuditEntry:
    """Make the move `name`, or raise TransitionNotAllowed/TransitionBlocked, changing nothing.

    `publish_at`, for "publish" only, schedules the article: it stays invisible until then."""
    transition = get_transition(name)
    with transaction.atomic():
        # Lock the row so two editors pressing buttons at once cannot both move it.
        article = Article.objects.select_for_update().get(pk=article.pk)
        if not may(transition, article, user):
            raise TransitionNotAllowed(
                f"You may not {transition.label.lower()} an article that is "
                f"{article.get_status_display().lower()}."
            )
        problems = [problem for check in transition.checks for problem in check(article)]
        if transition.note_required and not note.strip():
            problems.append(f"{transition.note_label}: please write a note.")
        problems += check_publish_at(transition, publish_at)
        if problems:
            raise TransitionBlocked(problems)
        return _apply(article, transition, user, note.strip(), publish_at)


def check_publish_at(transition: Transition, publish_at: datetime | None) -> list[str]:
    if publish_at is None:
        return []
    if transition.name != "publish":
        return ["Only publishing can be scheduled."]
    if publish_at <= timezone.now():
        return ["The publication time has passed: leave it empty to publish now."]
    return []


def _apply(
    article: Article,
    transition: Transition,
    user: AnyUser,
    note: str,
    publish_at: datetime | None,
) -> AuditEntry:
    now = timezone.now()
    from_status = article.status
    article.status = transition.target
    if transition.target == Status.PUBLISHED:
        article.published_at = publish_at or now
        article.first_published_at = article.first_published_at or article.published_at
    article.save(update_fields=["status", "published_at", "first_published_at", "updated_at"])
    if Status.PUBLISHED in (from_status, transition.target):
        editing.readers_see_change(article)
    if transition.name == "unpublish":
        revoke_share_links(article, user)
    action = ArticleAction.SCHEDULE if publish_at else transition.name
    when = f"for {timezone.localtime(publish_at):%d %b %Y %H:%M %Z}" if publish_at else ""
    step = log.record_step(
        action,
        article,
        actor=user,
        from_status=from_status,
        to_status=transition.target,
        note=" ".join(filter(None, [when, note])),
        at=now,
    )
    # In this transaction: a step that fails after this point tells nobody.
    notices.step_taken(article, transition.name, actor=user, note=note, publish_at=publish_at)
    return step


def revoke_share_links(article: Article, user: AnyUser) -> None:
    """An article taken down is down for link holders too: its usable share links stop working.

    A link made for review before publication would otherwise show the pulled text ("pulled for
    legal") to whoever holds it. An editor may make a new link after the pull; each revocation is
    in the article's log.
    """
    now = timezone.now()
    usable = ShareLink.objects.filter(article=article, revoked_at__isnull=True)
    for link in usable.filter(expires_at__gt=now):
        link.revoked_at = now
        link.save(update_fields=["revoked_at"])
        note = f" for {link.note}" if link.note else ""
        detail = f"link #{link.pk}{note}, revoked: the article was unpublished"
        log.record_share(ArticleAction.SHARE_REVOKED, link, actor=user, detail=detail)


def lift_embargo(article: Article, user: AnyUser) -> AuditEntry:
    """Make an embargoed article public now (if it is published); editors only, and recorded."""
    if not user.has_perm("articles.publish_article"):
        raise TransitionNotAllowed("Only editors may lift an embargo.")
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        if not article.is_embargoed:
            raise TransitionBlocked("This article is not under embargo.")
        article.embargo_until = None
        # A content save: a form opened before this is stale, and the lift is audited there.
        editing.save_content(
            article,
            user=user,
            source=Revision.Source.ADMIN,
            expected_version=article.version,
            note="Embargo lifted",
        )
        notices.embargo_lifted(article, actor=user)
        return log.history(article).filter(action=ArticleAction.LIFT_EMBARGO)[0]
