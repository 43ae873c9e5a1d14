"""The newsroom's comments on an article or a budget line: who may read and write them, posting
one (with its @mentions and who is told), resolving a thread, and the thread as a page shows it.

A thread is a first comment and its replies (one level, as in Google Docs): a reply's parent is
always the first comment, and resolving or reopening acts on the first comment. Comments live
only here and in the admin: no public page, feed, export, revision or preview reads this model.

Who may resolve or reopen a thread: whoever started it, and editors (`articles.publish_article`),
who run the desk; everyone else who may read it asks them in a reply.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from articles import log
from articles.models import Article
from articles.permissions import may_see
from desk.budget import person
from desk.models import BudgetLine, Comment
from notifications.models import Kind
from notifications.sending import notify

Target = Article | BudgetLine

MAX_LENGTH = Comment._meta.get_field("text").max_length or 5000
# "@name" where the @ starts a word: "a@b.com" is an address, not a mention. Usernames may hold
# letters, digits and . + - _ (Django's rule); a name ends on a letter or digit, so the full stop
# after "ask @anna." is not part of it.
MENTION = re.compile(r"(?<![\w.+\-@])@(\w(?:[\w.+\-]*\w)?)")
MAX_MENTIONS = 20  # names looked up per comment; more is a list, not a mention


# --- who may do what ------------------------------------------------------------------------


def may_read(user: Any, target: Target) -> bool:
    """Whoever may see the article (articles.permissions.may_see), or the budget, reads its
    comments; nobody else learns they exist."""
    if not user.is_authenticated or not user.is_active:
        return False
    if isinstance(target, Article):
        return may_see(user, target)
    return bool(user.has_perm("desk.view_budgetline"))


def may_comment(user: Any, target: Target) -> bool:
    return may_read(user, target) and bool(user.has_perm("desk.add_comment"))


def may_resolve(user: Any, comment: Comment) -> bool:
    """The thread's starter and editors resolve and reopen it (see the module's docstring)."""
    first = thread_of(comment)
    if not may_read(user, target_of(first)):
        return False
    return first.author_id == user.pk or bool(user.has_perm("articles.publish_article"))


# --- targets --------------------------------------------------------------------------------


def target_of(comment: Comment) -> Target:
    target = comment.article if comment.article_id else comment.line
    assert target is not None, "a comment is on an article or a line (a constraint says so)"
    return target


def thread_of(comment: Comment) -> Comment:
    return comment.parent if comment.parent_id and comment.parent else comment


def change_url(target: Target) -> str:
    """The admin page the target's comments are shown on."""
    opts = target._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[target.pk])


def comment_url(comment: Comment) -> str:
    return f"{change_url(target_of(comment))}#comment-{comment.pk}"


def noun(target: Target) -> str:
    return "article" if isinstance(target, Article) else "budget line"


def _on(target: Target) -> dict[str, Target]:
    return {"article": target} if isinstance(target, Article) else {"line": target}


# --- posting --------------------------------------------------------------------------------


def clean_text(text: str) -> str:
    """The comment as stored, or a ValidationError an editor understands."""
    # Browsers send a textarea's line breaks as CRLF; store (and count) them as one character.
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError("Write something before posting a comment.")
    if len(text) > MAX_LENGTH:
        raise ValidationError(
            f"A comment holds at most {MAX_LENGTH} characters; this one has {len(text)}."
        )
    if "\x00" in text:
        raise ValidationError("The comment contains a null character; retype it.")
    return text


def check_parent(target: Target, parent: Comment) -> None:
    on_target = parent.article_id if isinstance(target, Article) else parent.line_id
    if on_target != target.pk or parent.parent_id is not None:
        raise ValidationError("That thread is not on this page any more; reload and try again.")
    if parent.resolved_at is not None:
        raise ValidationError("That thread is resolved; reopen it to answer.")


def mentioned_names(text: str) -> list[str]:
    names = dict.fromkeys(name.lower() for name in MENTION.findall(text))
    return list(names)[:MAX_MENTIONS]


def mentioned_users(text: str) -> list[Any]:
    """The active colleagues `text` mentions by username (any letter case)."""
    names = mentioned_names(text)
    if not names:
        return []
    query = Q()
    for name in names:
        query |= Q(username__iexact=name)
    return list(get_user_model().objects.filter(query, is_active=True))


def post(
    target: Target, author: Any, text: str, *, parent: Comment | None = None
) -> tuple[Comment, list[Any]]:
    """Save a comment (or a reply to `parent`'s thread) and tell those it concerns.

    Returns the comment and the mentioned people who may not read the target: they were told
    nothing, and the poster should know. Raises ValidationError for bad input (nothing saved)
    and PermissionDenied when `author` may not comment here."""
    if not may_comment(author, target):
        raise PermissionDenied(f"You may not comment on this {noun(target)}.")
    text = clean_text(text)
    if parent is not None:
        check_parent(target, parent)
    mentioned = mentioned_users(text)
    with transaction.atomic():
        comment = Comment.objects.create(**_on(target), parent=parent, author=author, text=text)
        comment.mentioned.set(mentioned)
    return comment, tell(comment, target, author, mentioned)


def tell(comment: Comment, target: Target, author: Any, mentioned: list[Any]) -> list[Any]:
    """MENTIONED to the mentioned, REPLIED to the thread's earlier participants, each person
    once (a mention says more than a reply) and only those who may read the target."""
    readers = [u for u in mentioned if u.pk != author.pk and may_read(u, target)]
    not_told = [u for u in mentioned if u.pk != author.pk and u not in readers]
    url = comment_url(comment)
    excerpt = _excerpt(comment.text)
    notify(
        readers,
        Kind.MENTIONED,
        text=f"{person(author)} mentioned you on “{target}”: {excerpt}",
        url=url,
        actor=author,
    )
    if comment.parent is not None:
        told = {u.pk for u in mentioned} | {author.pk}
        others = [u for u in participants(comment.parent) if u.pk not in told]
        notify(
            [u for u in others if may_read(u, target)],
            Kind.REPLIED,
            text=f"{person(author)} replied on “{target}”: {excerpt}",
            url=url,
            actor=author,
        )
    return not_told


def participants(first: Comment) -> list[Any]:
    """Who wrote in a thread: its first comment's author and everyone who replied."""
    replies = first.replies.select_related("author")
    people = {u.pk: u for u in [first.author, *(r.author for r in replies)] if u is not None}
    return list(people.values())


def _excerpt(text: str, length: int = 140) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[: length - 1] + "…"


# --- resolving ------------------------------------------------------------------------------


def resolve(comment: Comment, user: Any) -> Comment:
    """Resolve the thread `comment` is in; returns the thread's first comment."""
    first = thread_of(comment)
    if not may_resolve(user, first):
        raise PermissionDenied("Only the thread's author or an editor may resolve it.")
    if first.resolved_at is None:
        first.resolved_at, first.resolved_by = timezone.now(), user
        first.save(update_fields=["resolved_at", "resolved_by"])
    return first


def reopen(comment: Comment, user: Any) -> Comment:
    first = thread_of(comment)
    if not may_resolve(user, first):
        raise PermissionDenied("Only the thread's author or an editor may reopen it.")
    if first.resolved_at is not None:
        first.resolved_at, first.resolved_by = None, None
        first.save(update_fields=["resolved_at", "resolved_by"])
    return first


# --- reading --------------------------------------------------------------------------------


@dataclass
class Thread:
    first: Comment
    replies: list[Comment] = field(default_factory=list)

    @property
    def at(self) -> datetime:
        return self.first.created_at

    @property
    def resolved(self) -> bool:
        return self.first.resolved_at is not None


@dataclass
class Note:
    """A workflow step's note (a return, an unpublishing) shown among the threads."""

    at: datetime
    line: str
    actor: Any


def on(target: Target) -> QuerySet[Comment]:
    """The target's comments with what a thread shows, in a fixed number of queries."""
    return (
        Comment.objects.filter(**_on(target))
        .select_related("author", "resolved_by")
        .prefetch_related("mentioned")
    )


def threads(target: Target) -> list[Thread]:
    """The target's threads, oldest first, each with its replies in order."""
    by_first: dict[int, Thread] = {}
    comments = list(on(target))
    for comment in comments:
        if comment.parent_id is None:
            by_first[comment.pk] = Thread(comment)
    for comment in comments:
        if comment.parent_id in by_first:
            by_first[comment.parent_id].replies.append(comment)
    return list(by_first.values())


def workflow_notes(target: Target) -> list[Note]:
    """The article's workflow steps that carry a note (a return, an unpublishing), oldest
    first, as one line each: "Returned to reporter by editor: the note"."""
    if not isinstance(target, Article):
        return []
    notes = []
    for entry in log.workflow_history(target):
        note = (entry.data or {}).get("note")
        if note:
            who = f" by {person(entry.actor)}" if entry.actor else ""
            notes.append(Note(entry.at, f"{entry.action_label}{who}: {note}", entry.actor))
    return notes[::-1]


def timeline(target: Target) -> tuple[list[Thread | Note], list[Thread]]:
    """(open threads and workflow notes in time order, resolved threads)."""
    every = threads(target)
    current: list[Thread | Note] = [t for t in every if not t.resolved]
    current += workflow_notes(target)
    current.sort(key=lambda item: item.at)
    return current, [t for t in every if t.resolved]


def as_html(comment: Comment) -> SafeString:
    """The text escaped, its line breaks kept, and the mentions of colleagues marked."""
    names = {u.get_username().lower() for u in comment.mentioned.all()}
    parts: list[str] = []
    last = 0
    for match in MENTION.finditer(comment.text):
        parts.append(str(conditional_escape(comment.text[last : match.start()])))
        mention = str(conditional_escape(match.group(0)))
        if match.group(1).lower() in names:
            mention = f'<mark class="mention">{mention}</mark>'
        parts.append(mention)
        last = match.end()
    parts.append(str(conditional_escape(comment.text[last:])))
    html = "".join(parts).replace("\r\n", "\n").replace("\n", "<br>")
    return mark_safe(html)  # every piece of the text was escaped above
