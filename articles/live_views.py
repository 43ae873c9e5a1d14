"""Live blogs for readers: the entries on the article's page, the fragment of new ones that
static/site/live.js polls, and the blog's LiveBlogPosting JSON-LD.

Each costs a fixed number of queries whatever the number of entries (one for the entries,
their authors joined), and none runs Pillow: an entry's photo is shown from what was stored
when it was saved (LiveEntry.photo_data).

An open blog's pages are kept briefly by browsers and shared caches (LIVE_MAX_AGE): a post
purges them by the article's key, and the short lifetime bounds what a lost purge costs. A
closed blog is cached like any article.
"""

import json
from dataclasses import dataclass
from datetime import datetime
from functools import wraps
from html import escape

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.html import strip_tags
from django.utils.http import parse_http_date_safe
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_safe

from articles import body, surrogate_keys
from articles.cache import public_page, shows
from articles.live import excerpt
from articles.models import Article, LiveEntry
from articles.models.live import revision_of
from articles.templatetags.article_meta import JSON_ESCAPES, absolute

LIVE_MAX_AGE = 5  # seconds an open blog's page or fragment may be kept anywhere
OPEN = "live-open"  # the surrogate key every open live blog's page and fragment carries
POLL_SECONDS = 15  # how often readers' pages ask for new entries (data-live-poll)


@dataclass
class EntryView:
    """One entry as pages show it, rendered once per request in Python."""

    pk: int
    html: SafeString
    author: str
    posted_at: datetime
    edited_at: datetime | None
    pinned: bool
    key_event: bool
    title: str
    embeds: str  # the entry's embed as a stored figure, or ""


def stored(entry: LiveEntry) -> tuple[str, dict[str, dict]]:
    """The entry as one stored body (its text, then its photo and embed as the body's
    structured figures) and the photos it shows, for articles.body's renderers."""
    html, photos = entry.body, {}
    if entry.photo_id and entry.photo_data:
        html += f'<figure data-photo="{entry.photo_id}"></figure>'
        photos[str(entry.photo_id)] = entry.photo_data
    if entry.embed_url:
        url = escape(entry.embed_url, quote=True)
        html += body.normalize(f'<figure data-embed-url="{url}"></figure>')
    return html, photos


def entry_view(entry: LiveEntry) -> EntryView:
    author = entry.author.get_full_name() or entry.author.username if entry.author else ""
    return EntryView(
        pk=entry.pk,
        html=body.render(*stored(entry)),
        author=author,
        posted_at=entry.posted_at,
        edited_at=entry.edited_at,
        pinned=entry.pinned,
        key_event=entry.key_event,
        title=excerpt(entry),
        embeds=stored(entry)[0] if entry.embed_url else "",
    )


def reader_context(article: Article, url: str) -> dict:
    """What the article page (at `url`) adds for a live blog: the entries (pinned first, then
    newest first), the key events in order, the poll address and the JSON-LD."""
    entries = [entry_view(e) for e in LiveEntry.objects.for_readers(article)]
    if article.live_closed_at is None:
        shows(OPEN)
    newest = entries[0].pk if entries else 0
    return {
        "live": {
            "entries": [e for e in entries if e.pinned] + [e for e in entries if not e.pinned],
            "key_events": [e for e in entries if e.key_event],
            "newest": newest,
            "revision": revision_of(article),
            "open": article.live_closed_at is None,
            "closed_at": article.live_closed_at,
            # live.js appends the newest entry's id and "/" to this address.
            "poll_base": reverse("articles:live_since", args=[article.pk, 0]).removesuffix("0/"),
            "poll_seconds": POLL_SECONDS,
            "rss": reverse("articles:live_rss", args=[article.pk]),
            "atom": reverse("articles:live_atom", args=[article.pk]),
            "jsonld": jsonld(article, url, entries),
            # The entries' embeds, so the page's policy lets their frames load (views.article).
            "frames": "".join(e.embeds for e in entries),
        }
    }


# --- structured data ---------------------------------------------------------------------


def live_blog_posting(article: Article, path: str, entries: list[EntryView]) -> dict:
    """schema.org LiveBlogPosting: the coverage's start and end, and one BlogPosting an entry."""
    url = absolute(path)
    data = {
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting",
        "@id": url + "#live",
        "url": url,
        "headline": article.headline,
        "description": article.standfirst,
        "datePublished": _time(article.first_published_at or article.published_at),
        "dateModified": _time(max((e.edited_at or e.posted_at for e in entries), default=None)),
        "coverageStartTime": _time(article.first_published_at or article.published_at),
        "coverageEndTime": _time(article.live_closed_at),
        "liveBlogUpdate": [
            {
                "@type": "BlogPosting",
                "@id": f"{url}#entry-{e.pk}",
                "url": f"{url}#entry-{e.pk}",
                "headline": e.title,
                "articleBody": " ".join(strip_tags(e.html).split()),
                "datePublished": _time(e.posted_at),
                "dateModified": _time(e.edited_at or e.posted_at),
                "author": {"@type": "Person", "name": e.author} if e.author else None,
            }
            for e in entries
        ],
    }
    return _without_empty(data)


def _without_empty(value):
    if isinstance(value, dict):
        return {k: _without_empty(v) for k, v in value.items() if v not in (None, "", [])}
    if isinstance(value, list):
        return [_without_empty(v) for v in value]
    return value


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def jsonld(article: Article, path: str, entries: list[EntryView]) -> SafeString:
    text = json.dumps(live_blog_posting(article, path, entries), ensure_ascii=False, indent=1)
    for character, escaped in JSON_ESCAPES:
        text = text.replace(character, escaped)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # every part escaped


# --- caching -----------------------------------------------------------------------------


CONDITIONS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")


def kept_briefly_when_live(view):
    """Outside public_page: an open live blog's page (it carries the OPEN key) is kept
    LIVE_MAX_AGE seconds by browsers and shared caches, not the article's long lifetime.

    A 304 carries no Surrogate-Key to tell it by, and an edge cache revalidating its copy would
    keep it an hour more: so the inner view answers in full and the 304 is made here, after
    the lifetime is set (from the page cache, the full answer costs no rendering)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        conditions = {name: request.META.pop(name) for name in CONDITIONS if name in request.META}
        try:
            response = view(request, *args, **kwargs)
        finally:
            request.META.update(conditions)
        if OPEN in response.headers.get("Surrogate-Key", "").split():
            response.headers["Cache-Control"] = (
                f"public, max-age={LIVE_MAX_AGE}, s-maxage={LIVE_MAX_AGE}, "
                f"stale-while-revalidate={LIVE_MAX_AGE}"
            )
        if conditions and response.status_code == 200:
            modified = parse_http_date_safe(response.headers.get("Last-Modified", ""))
            return get_conditional_response(
                request,
                etag=response.headers.get("ETag"),
                last_modified=modified,
                response=response,
            )
        return response

    return wrapper


def without_last_modified(response):
    """A live blog's entries are edited and deleted without the article changing, and leave
    no date behind: its responses send none, and conditional requests go by the ETag (made
    from the content) alone."""
    if "Last-Modified" in response.headers:
        del response.headers["Last-Modified"]
    return response


# --- the fragment ------------------------------------------------------------------------


def public_live_blog(pk: int) -> Article:
    """A live blog the public may see, or 404 (a draft's entries are nobody's business)."""
    blogs = Article.objects.published().filter(is_live=True)
    blogs = blogs.select_related("section", "live_revision")
    return get_object_or_404(blogs.order_by(), pk=pk)


@require_safe
@kept_briefly_when_live
@public_page
def since(request, pk: int, after: int):
    """The entries newer than `after` (the newest the reader has), pinned then newest first,
    as HTML, with the blog's revision stamp: a reader whose page has another one refetches the
    whole list here (`after` 0), as entries it shows were edited or deleted."""
    article = public_live_blog(pk)
    shows(surrogate_keys.article(article.pk))
    if article.live_closed_at is None:
        shows(OPEN)
    found = LiveEntry.objects.for_readers(article).filter(pk__gt=after)
    entries = [entry_view(e) for e in found]
    newest = entries[0].pk if entries else after
    entries = [e for e in entries if e.pinned] + [e for e in entries if not e.pinned]
    revision = revision_of(article)
    context = {"article": article, "entries": entries, "newest": newest, "revision": revision}
    # Without the request: no context processor (the menu) runs for a fragment that has none.
    return HttpResponse(render_to_string("articles/_live_since.html", context))
