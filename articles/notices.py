"""Who is told of a workflow step, and the line they read (through notifications.sending).

`workflow._apply()` calls `step_taken()` once the step is recorded, inside perform's transaction:
a step that fails tells nobody. The rules:

- submit: the section's editors (none chosen: everyone who may publish);
- return, publish (or schedule), unpublish: the article's owners (who created it, and the
  accounts of its bylines' authors), with the note or reason where there is one;
- a scheduled article: its owners again when it goes live (`went_live`, a task run then);
- an agency withdrawing a published story: who published it and the section's editors.

Everyone told may see the article (permissions.may_see; for the owners, its equivalent in one
query: see `owners`); `notify()` leaves out the actor. `holders(permission)` is who holds a
permission, for any caller choosing people by what they may do.
"""

from collections.abc import Iterable
from datetime import datetime
from functools import partial
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import transaction
from django.db.models import Q, QuerySet
from django.tasks import task
from django.tasks.backends.immediate import ImmediateBackend
from django.urls import reverse
from django.utils import timezone
from django_tasks_db import DatabaseBackend

from articles import log
from articles.models import Article
from articles.permissions import may_see
from notifications.models import Kind, Notification
from notifications.sending import notify


def step_taken(
    article: Article, name: str, *, actor: Any, note: str = "", publish_at: datetime | None = None
) -> None:
    """Tell those concerned that `actor` took the workflow step `name` on `article`."""
    who, headline = _name(actor), f"“{article.headline}”"
    tell = partial(_tell, article, actor=actor)
    if name == "submit":
        tell(section_editors(article), Kind.SUBMITTED, f"{who} submitted {headline} for edit.")
    elif name == "return":
        tell(owners(article), Kind.RETURNED, f"{who} returned {headline} to you: {note}")
    elif name == "unpublish":
        tell(owners(article), Kind.UNPUBLISHED, f"{who} unpublished {headline}: {note}")
    elif name == "publish" and publish_at:
        when = f"{timezone.localtime(publish_at):%d %b %Y %H:%M %Z}"
        tell(owners(article), Kind.PUBLISHED, f"{who} scheduled {headline} for {when}.")
        _tell_when_live(article)
    elif name == "publish":
        tell(owners(article), Kind.PUBLISHED, f"{who} published {headline}{_embargo(article)}.")


def _tell(article: Article, recipients: Iterable[Any], kind: str, text: str, *, actor: Any) -> None:
    """`recipients` are people who may see the article: section_editors and owners check."""
    notify(recipients, kind, text=text, url=admin_url(article), actor=actor)


def admin_url(article: Article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def _name(user: Any) -> str:
    return (user.get_full_name() or user.get_username()) if user.is_authenticated else "Someone"


def _embargo(article: Article) -> str:
    if not article.is_embargoed:
        return ""
    assert article.embargo_until is not None  # is_embargoed says so
    return f", under embargo until {timezone.localtime(article.embargo_until):%d %b %Y %H:%M %Z}"


# --- who ---------------------------------------------------------------------------------------


def holders(permission: str, *, include_superusers: bool = True) -> QuerySet[Any]:
    """The active accounts holding `permission` ("app.codename"), through a group or directly,
    superusers too unless left out: one query, whatever their number.

    ModelBackend's own query: the configured backends are several (axes first, which grants
    nothing), and Django's `User.objects.with_perm()` asks which one to use."""
    backend = ModelBackend()
    return backend.with_perm(permission, is_active=True, include_superusers=include_superusers)


def owners(article: Article) -> list[Any]:
    """Who created the article and the accounts of its bylines' authors, among those who may
    see it: active and holding view_article.

    That is may_see() for them, in one query for all: the rest of may_see() (a role that sees
    every article, or owning this one) is proven by being an owner. Asking may_see() of each
    loaded the article's bylines and authors and the owner's permissions again for every owner
    of every article (a bulk publish of 200 paid it 200 times over)."""
    mine = Q(pk=article.created_by_id) | Q(author__bylines__article=article)
    may_view = holders("articles.view_article").values("pk")
    return list(get_user_model().objects.filter(mine, pk__in=may_view).distinct())


def section_editors(article: Article) -> list[Any]:
    """The editors chosen for the article's section who may see it; when none may (none chosen,
    or those chosen left the desk or were switched off), everyone who may publish and see it."""
    chosen = article.section.editors.filter(is_active=True) if article.section else []
    allowed = [user for user in chosen if may_see(user, article)]
    if allowed:
        return allowed
    return [user for user in holders("articles.publish_article") if may_see(user, article)]


# --- an agency withdraws what is published ------------------------------------------------------


def agency_withdrew(article: Article, notice: str) -> None:
    """The agency cancelled or withheld the wire item behind a published article that stays up
    (an editor published it, or its automatic unpublication was refused): whoever published it
    and the section's editors are told at once, with `notice` (wire.routing.withdraw's line),
    since a kill is the one wire message that cannot wait for someone to open the wire list."""
    step = log.workflow_history(article).first()
    publisher = step.actor if step and step.action == log.ArticleAction.PUBLISH else None
    people = [*section_editors(article)]
    if publisher is not None and may_see(publisher, article):
        people.append(publisher)
    text = f"An agency withdrew “{article.headline}”, which is published: {notice}"
    _tell(article, people, Kind.WIRE_WITHDRAWN, text, actor=None)


# --- a scheduled article goes live ---------------------------------------------------------------


def _tell_when_live(article: Article) -> None:
    """Queue `went_live` for the article's publication time, in this transaction when the queue
    is this database (a rolled-back schedule takes it back), else once it commits. A backend
    that cannot wait runs it at once (the tests' immediate one): it finds the article not yet
    public and does nothing, so only a deferring queue tells anyone."""
    assert article.published_at is not None  # publishing set it
    live = went_live
    backend = live.get_backend()
    if backend.supports_defer:
        live = live.using(run_after=article.published_at)
    enqueue = partial(live.enqueue, article.pk, article.published_at.isoformat())
    if isinstance(backend, DatabaseBackend | ImmediateBackend):
        enqueue()
    else:
        transaction.on_commit(enqueue)


@task
def went_live(article_id: int, published_at: str) -> None:
    """Tell the owners that the article scheduled for `published_at` is public now.

    Nothing when it was unpublished or rescheduled meanwhile (a later schedule has its own
    task), or is still under embargo then: lifting the embargo tells them instead
    (`embargo_lifted`); an embargo that simply runs out tells nobody.
    """
    with transaction.atomic():
        # The lock makes two runs for the same moment (a worker retry) tell them once.
        when = datetime.fromisoformat(published_at)
        article = Article.objects.select_for_update().filter(pk=article_id).first()
        if article is None or article.published_at != when or not _public(article):
            return
        _tell_live(article)


def embargo_lifted(article: Article, *, actor: Any) -> None:
    """An editor lifted the embargo of a published article: if that made it public, its owners
    are told it went live (the schedule's own task found it embargoed and kept quiet)."""
    if _public(article):
        _tell_live(article, actor=actor)


def _public(article: Article) -> bool:
    public = Article.objects.published()  # type: ignore[no-untyped-call]  # (models untyped)
    return bool(public.filter(pk=article.pk).exists())


def _tell_live(article: Article, *, actor: Any = None) -> None:
    # Once per publication: not if they were told since its last workflow step.
    last_step = log.workflow_history(article).values_list("at", flat=True).first()
    told = Notification.objects.filter(kind=Kind.WENT_LIVE, url=admin_url(article))
    if told.filter(created_at__gte=last_step or article.published_at).exists():
        return
    text = f"“{article.headline}” went live."
    _tell(article, owners(article), Kind.WENT_LIVE, text, actor=actor)
