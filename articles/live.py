"""Live blogs: entries posted one by one under a live article, and closing the coverage.

Every change goes through these functions (the admin calls them): each checks who may make it,
validates the entry as the body is validated (articles.html's allow-list, a library photo with
credit and alt text, an embed from an accepted provider), records it in the audit log and, when
the blog is public, purges the pages that show it (the article's page, its fragment and its
feeds all carry the article's surrogate key).
"""

from dataclasses import dataclass
from html import escape, unescape
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.html import strip_tags

from articles import body as bodies
from articles import embeds, renditions, surrogate_keys
from articles.cache import purge
from articles.html import sanitize_body
from articles.models import Article, LiveEntry, Status
from articles.models.live import LiveRevision
from articles.teaser_pictures import inline_photo_data
from articles.workflow import photo_problems
from audit.models import record as audit
from media_assets.models import Photo

POST, DELETE = "articles.change_article", "articles.publish_article"


class LiveAction(models.TextChoices):
    POSTED = "live_posted", "Live blog entry posted"
    EDITED = "live_edited", "Live blog entry edited"
    DELETED = "live_deleted", "Live blog entry deleted"
    CLOSED = "live_closed", "Live blog closed"
    REOPENED = "live_reopened", "Live blog reopened"


@dataclass
class Entry:
    """What an editor writes in an entry; `clean()` gives it back sanitised or raises."""

    body: str
    photo: Photo | None = None
    embed_url: str = ""
    pinned: bool = False
    key_event: bool = False
    summary: str = ""

    def clean(self) -> "Entry":
        body = sanitize_body(self.body)
        problems = [] if strip_tags(body).strip() else ["An entry needs some text."]
        if self.photo is not None:
            problems += photo_problems(self.photo, "The photo")
        url = self.embed_url.strip()
        if url and embeds.match(url) is None:
            problems.append("The embed's address is not one of the accepted providers' posts.")
        if problems:
            raise ValidationError(problems)
        summary = self.summary.strip()
        return Entry(body, self.photo, url, self.pinned, self.key_event, summary)


# --- who may do what ---------------------------------------------------------------------


def may_post(user: Any, article: Article) -> bool:
    """Anyone on the story: editors on any live blog, reporters on the ones they own."""
    if not (user.is_active and article.is_live and article.live_closed_at is None):
        return False
    if user.has_perm("articles.edit_any_article"):
        return True
    return user.has_perm(POST) and article.is_owned_by(user)


def may_edit(user: Any, entry: LiveEntry) -> bool:
    return may_post(user, entry.article)


def may_delete(user: Any) -> bool:
    """Deleting what readers saw is an editor's decision."""
    return bool(user.is_active and user.has_perm(DELETE))


def may_close(user: Any, article: Article) -> bool:
    return may_delete(user) and article.is_live and article.live_closed_at is None


def may_reopen(user: Any, article: Article) -> bool:
    return may_delete(user) and article.is_live and article.live_closed_at is not None


# --- changes -----------------------------------------------------------------------------


def post(
    article: Article, user: Any, entry: Entry, *, instance: LiveEntry | None = None
) -> LiveEntry:
    """Post one entry now (into `instance`, the admin's unsaved object, when given);
    PermissionDenied or ValidationError change nothing."""
    if not may_post(user, article):
        raise PermissionDenied("You may not post to this live blog.")
    clean = entry.clean()
    with transaction.atomic():
        posted = instance if instance is not None else LiveEntry()
        posted.article, posted.author, posted.posted_at = article, user, timezone.now()
        _fill(posted, clean)
        posted.save()
        audit(LiveAction.POSTED, article, actor=user, detail=excerpt(posted), data=_data(posted))
        readers_see_change(article)
    return posted


def edit(entry: LiveEntry, user: Any, changed: Entry) -> LiveEntry:
    """Rewrite an entry; readers see it marked as updated."""
    if not may_edit(user, entry):
        raise PermissionDenied("You may not edit this live blog.")
    clean = changed.clean()
    with transaction.atomic():
        _fill(entry, clean)
        entry.edited_at = timezone.now()
        entry.save()
        detail, data = excerpt(entry), _data(entry)
        audit(LiveAction.EDITED, entry.article, actor=user, detail=detail, data=data)
        readers_see_change(entry.article, revised=True)
    return entry


def delete(entry: LiveEntry, user: Any) -> None:
    """Remove an entry (editors only); the log keeps what it said."""
    if not may_delete(user):
        raise PermissionDenied("Only editors may delete live blog entries.")
    article = entry.article
    with transaction.atomic():
        data = _data(entry)
        audit(LiveAction.DELETED, article, actor=user, detail=excerpt(entry), data=data)
        entry.delete()
        readers_see_change(article, revised=True)


def close(article: Article, user: Any) -> None:
    """End the coverage: no more entries, and readers' pages stop asking for them."""
    if not may_close(user, article):
        raise PermissionDenied("Only editors may close an open live blog.")
    with transaction.atomic():
        article.live_closed_at = timezone.now()
        article.save(update_fields=["live_closed_at"])
        audit(LiveAction.CLOSED, article, actor=user, detail="Live coverage ended")
        readers_see_change(article)


def reopen(article: Article, user: Any) -> None:
    """Resume a closed blog's coverage (an editor's decision, as closing is): entries may be
    posted again, and readers' pages ask for them again once purged."""
    if not may_reopen(user, article):
        raise PermissionDenied("Only editors may reopen a closed live blog.")
    with transaction.atomic():
        article.live_closed_at = None
        article.save(update_fields=["live_closed_at"])
        audit(LiveAction.REOPENED, article, actor=user, detail="Live coverage resumed")
        readers_see_change(article)


def readers_see_change(article: Article, *, revised: bool = False) -> None:
    """Purge, on commit, everything showing the blog: its page, fragment and feeds (all carry
    the article's key). A draft's blog is on no public page: nothing to purge. (A scheduled
    or embargoed one has no page yet either; purging its key costs nothing.)

    `revised`: entries readers may have were changed or removed (an edit, an unpin, a legal
    takedown), which the fragment of newer entries cannot carry; the new revision stamp tells
    open pages to refetch their whole list (static/site/live.js)."""
    if revised:
        LiveRevision.objects.update_or_create(
            article=article, defaults={"revised_at": timezone.now()}
        )
    if article.status == Status.PUBLISHED:
        purge({surrogate_keys.article(article.pk)})


def refresh_for_photo(photo: Photo) -> list[int]:
    """Rewrite what readers see of `photo` in the entries showing it (a new credit, renditions
    made); the ids of the public blogs concerned, for articles_changed()."""
    entries = list(LiveEntry.objects.filter(photo=photo).select_related("article"))
    data = inline_photo_data(photo) if entries else {}
    for entry in entries:
        entry.photo_data = data
        render_stored(entry)
    LiveEntry.objects.bulk_update(entries, ["photo_data", *RENDERED])
    blogs = {entry.article for entry in entries}
    return [blog.pk for blog in blogs if blog.status == Status.PUBLISHED]


def rerender_all(batch: int = 500) -> int:
    """Render every entry's stored HTML again (after an upgrade that changes the renderer or
    the providers' frames, or a change of MEDIA_URL: manage.py refresh_teasers runs it); how
    many. Photos are shown from what each entry kept of them."""
    done, last = 0, 0
    while entries := list(LiveEntry.objects.filter(pk__gt=last).order_by("pk")[:batch]):
        for entry in entries:
            render_stored(entry)
        LiveEntry.objects.bulk_update(entries, RENDERED)
        done, last = done + len(entries), entries[-1].pk
    return done


# --- what readers see, rendered on save ---------------------------------------------------

RENDERED = ["rendered_html", "plain_text"]


def stored(entry: Any) -> tuple[str, dict[str, dict[str, Any]]]:
    """The entry as one stored body (its text, then its photo and embed as the body's
    structured figures) and the photos it shows, for articles.body's renderers."""
    html, photos = entry.body, {}  # type: tuple[str, dict[str, dict[str, Any]]]
    if entry.photo_id and entry.photo_data:
        html += f'<figure data-photo="{entry.photo_id}"></figure>'
        photos[str(entry.photo_id)] = entry.photo_data
    if entry.embed_url:
        url = escape(entry.embed_url, quote=True)
        html += bodies.normalize(f'<figure data-embed-url="{url}"></figure>')
    return html, photos


def render_stored(entry: Any) -> None:
    """Fill the entry's `rendered_html` and `plain_text` from what it says and shows.

    Pages output `rendered_html` as it is: it is articles.body.render() of the body as
    sanitize_body() left it (the allow-list) and of the photo and embed figures rebuilt above
    from checked data (the photo's stored figure, an embed re-derived by embeds.match()): the
    same markup, from the same renderer, as an article's body on its page.
    (Any object with the entry's fields will do: the data migration passes its own.)"""
    entry.rendered_html = str(bodies.render(*stored(entry)))
    entry.plain_text = unescape(" ".join(strip_tags(entry.body).split()))


def _fill(target: LiveEntry, entry: Entry) -> None:
    target.body, target.photo, target.embed_url = entry.body, entry.photo, entry.embed_url
    target.pinned, target.key_event, target.summary = entry.pinned, entry.key_event, entry.summary
    if entry.photo is not None:
        renditions.queue(
            entry.photo
        )  # once made, the worker rewrites photo_data: refresh_for_photo
    # Read once here, so readers' pages show the photo without the library or Pillow.
    target.photo_data = inline_photo_data(entry.photo) if entry.photo else {}
    render_stored(target)


def _data(entry: LiveEntry) -> dict[str, Any]:
    return {"entry": entry.pk, "text": excerpt(entry, 500)}


def excerpt(entry: LiveEntry, length: int = 80) -> str:
    """The entry's summary, else the start of its text, as plain text."""
    return clip(entry.summary or entry.plain_text, length)


def clip(text: str, length: int) -> str:
    """`text` in at most `length` characters, "…" ending a cut one. (Django's Truncator does
    the same a hundred times slower, translating its ellipsis each time: pages clip dozens.)"""
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
