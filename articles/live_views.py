"""Live blogs for readers: the entries on the article's page, the fragment of new ones that
static/site/live.js polls, and the blog's LiveBlogPosting JSON-LD.

The article's page shows the pinned entries, then the newest PAGE_SIZE; "Older entries" leads to
`?from=<id>` (the PAGE_SIZE entries from that one down, not pinned, noindex: the canonical
address stays the article's). Such a page never changes as entries are posted, and the key
events summary links each event to `?from=<its id>` unless the latest page holds it. Pages
show what each entry's save rendered (LiveEntry.rendered_html): no entry is rendered, and none
runs Pillow, on a reader's request.

Each costs a fixed number of queries whatever the number of entries: one for the page's entries
(their authors joined) and the key events (a few columns of each). What they make of them (the
entries, the key events and the JSON-LD, rendered) is remembered in the cache until a change
purges the article's key (reader_context): between two posts, readers' pages cost what an
ordinary article page does.

An open blog's pages are kept briefly by browsers and shared caches (LIVE_MAX_AGE): a post
purges them by the article's key, and the short lifetime bounds what a lost purge costs. A
closed blog is cached like any article.
"""

import hashlib
import json
import time
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from functools import wraps
from typing import NamedTuple

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_safe

from articles import embeds, surrogate_keys
from articles.cache import public_page, recall, remember, shows
from articles.live import clip, stored  # noqa: F401 (stored: feeds render entries by it)
from articles.models import Article
from articles.models.live import revision_of
from articles.templatetags.article_meta import JSON_ESCAPES, absolute
from newsroom import rawsql
from newsroom.numbers import whole_number

LIVE_MAX_AGE = 5  # seconds an open blog's page or fragment may be kept anywhere
OPEN = "live-open"  # the surrogate key every open live blog's page and fragment carries
POLL_SECONDS = 15  # how often readers' pages ask for new entries (data-live-poll)
PAGE_SIZE = 25  # entries a page shows besides the pinned ones; the fragment never sends more
TITLE_LENGTH = 80  # a key event's line, an entry's headline in structured data


class When(NamedTuple):
    """A moment as entries show it, in the site's zone: <time datetime> and the clock."""

    iso: str
    clock: str  # as the `date("H:i")` filter writes it


def when(value: datetime, zone: tzinfo) -> When:
    # The zone is read once a page: the template filters read it (a context variable behind
    # asgiref's lock) for every time of every entry and key event, most of a page's cost.
    # The clock is the ISO time's hours and minutes: one formatting a time, not two.
    iso = value.astimezone(zone).isoformat(timespec="seconds")
    return When(iso, iso[11:16])


@dataclass
class EntryView:
    """One entry as pages show it, from what its save rendered."""

    pk: int
    html: SafeString
    text: str
    author: str
    posted_at: datetime
    edited_at: datetime | None
    posted: When
    edited: When | None
    pinned: bool
    key_event: bool
    title: str
    embed_url: str


def entry_view(row: "Row", zone: tzinfo) -> EntryView:
    """An entry the page shows, from its row: what its save rendered, its author, its times."""
    posted_at, edited_at = row.posted_at, row.edited_at
    return EntryView(
        pk=row.pk,
        # Rendered on save by articles.body.render() from the sanitised body and checked
        # figures (articles.live.render_stored): the allow-listed markup of any body.
        html=mark_safe(row.html),
        text=row.text,
        author=_author(row.first_name, row.last_name, row.username),
        posted_at=posted_at,
        edited_at=edited_at,
        posted=when(posted_at, zone),
        edited=when(edited_at, zone) if edited_at else None,
        pinned=row.pinned,
        key_event=row.key_event,
        title=clip(row.summary or row.text, TITLE_LENGTH),
        embed_url=row.embed_url,
    )


def _author(first_name: str | None, last_name: str | None, username: str | None) -> str:
    """User.get_full_name() or the username, from the joined columns ("": no author left)."""
    if username is None:
        return ""
    return f"{first_name} {last_name}".strip() or username


@dataclass
class Page:
    """The entries one page shows: pinned first (on the latest page only), then newest first;
    and the rows of the blog's key events, read with them (key_events() links them)."""

    entries: list[EntryView]
    start: int | None  # this page's `from`; None for the latest page
    older: int | None  # where the next older page starts, if any
    events: list["Row"] = field(default_factory=list)  # pinned first, then newest first
    latest_ends: int | None = None  # the latest page's oldest unpinned entry, if older follow

    def __post_init__(self):
        self.ids = {entry.pk for entry in self.entries}


# The newest unpinned entries' ids, from `start` down on an older page.
UNPINNED = (
    "SELECT n.id FROM articles_liveentry n WHERE n.article_id = %s AND NOT n.pinned{below} "
    "ORDER BY n.id DESC LIMIT %s{offset}"
)
# Whether the page shows an entry `e`. The latest page shows the pinned entries and the newest
# PAGE_SIZE others (one more is read: whether older ones follow).
LATEST_SHOWN = f"(e.pinned OR e.id IN ({UNPINNED.format(below='', offset='')}))"
# An older page shows PAGE_SIZE entries from `start` down (and reads one more), and links the
# key events on the latest page by where that page ends (the PAGE_SIZE-th newest unpinned
# entry).
OLDER_SHOWN = f"e.id IN ({UNPINNED.format(below=' AND n.id <= %s', offset='')})"
LATEST_ENDS = UNPINNED.format(below="", offset=" OFFSET %s")
# What pages show of an entry: what its save rendered (not the body, nor the photo's data), and
# its author's names; {shown} says whether the page shows it (the others read are key
# events), {ends} adds where the latest page ends. Written by hand: the ORM took longer to
# build this query than the database to answer it (0.8 ms against 0.3).
ENTRIES = (
    "SELECT e.id, e.pinned, e.key_event, e.summary, e.posted_at, e.edited_at, e.embed_url, "
    "e.rendered_html, e.plain_text, u.first_name, u.last_name, u.username, {shown}{ends} "
    "FROM articles_liveentry e LEFT JOIN {users} u ON u.id = e.author_id "
    "WHERE e.article_id = %s AND (e.key_event OR {shown}) ORDER BY e.id DESC"
)


class Row(NamedTuple):
    """An entry as read (ENTRIES), and on an older page where the latest page ends."""

    pk: int
    pinned: bool
    key_event: bool
    summary: str
    posted_at: datetime
    edited_at: datetime | None
    embed_url: str
    html: str
    text: str
    first_name: str | None
    last_name: str | None
    username: str | None  # None: no author (the account was deleted)
    shown: bool  # on this page; the others read are key events
    latest_ends: int | None = None


def _read(article: Article, shown: str, params: tuple, ends: tuple | None = None):
    """The entries the page shows (`shown`, SQL with `params`) and the key events' rows
    (pinned first, then newest), as plain values in one query: no model objects, no rendering.
    `ends`: the parameters of LATEST_ENDS, read as the rows' last column."""
    sql = ENTRIES.format(
        shown=shown,
        ends=f", ({LATEST_ENDS})" if ends else "",
        users=rawsql.table(get_user_model()),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (*params, *(ends or ()), article.pk, *params))
        rows = [_row(values) for values in cursor.fetchall()]
    zone = timezone.get_current_timezone()
    entries = [entry_view(row, zone) for row in rows if row.shown]
    events = sorted((row for row in rows if row.key_event), key=lambda row: not row.pinned)
    return entries, events


def _row(values: tuple) -> Row:
    """A Row from the database's values: booleans as such (SQLite answers an expression's
    truth as 0 or 1) and times aware."""
    row = Row(*values)
    return row._replace(
        pinned=bool(row.pinned),
        key_event=bool(row.key_event),
        shown=bool(row.shown),
        posted_at=rawsql.aware(row.posted_at),
        edited_at=rawsql.maybe_aware(row.edited_at),
    )


def latest_page(article: Article) -> Page:
    """The pinned entries and the newest PAGE_SIZE others, the next one's id (whether older
    ones follow), and the key events: one query."""
    entries, events = _read(article, LATEST_SHOWN, (article.pk, PAGE_SIZE + 1))
    pinned = [e for e in entries if e.pinned]
    others = [e for e in entries if not e.pinned]
    shown = others[:PAGE_SIZE]
    older = others[PAGE_SIZE].pk if len(others) > PAGE_SIZE else None
    ends = shown[-1].pk if shown and older else None
    return Page(pinned + shown, None, older, events, latest_ends=ends)


def older_page(article: Article, start: int) -> Page:
    """PAGE_SIZE entries (not pinned) from `start` down, where the next page starts, and the
    key events: one query."""
    # Where the latest page ends: LIMIT 1 OFFSET PAGE_SIZE - 1 of the newest unpinned entries.
    latest_ends = (article.pk, 1, PAGE_SIZE - 1)
    shown = (article.pk, start, PAGE_SIZE + 1)
    entries, events = _read(article, OLDER_SHOWN, shown, latest_ends)
    # Only an entry's own id names a page: any other number would make another copy of one in
    # the page and edge caches, on demand.
    if not entries or entries[0].pk != start:
        raise Http404("This live blog has no entries there.")
    older = entries[PAGE_SIZE].pk if len(entries) > PAGE_SIZE else None
    ends = events[0].latest_ends if events else None
    return Page(entries[:PAGE_SIZE], start, older, events, latest_ends=ends)


def page_from(article: Article, start: str | None) -> Page:
    """The page `?from=` names (absent: the latest); 404 for anything but an entry's id."""
    if start is None:
        return latest_page(article)
    number = whole_number(start)
    if not number:
        raise Http404("There is no such page of this live blog.")
    return older_page(article, number)


@dataclass
class KeyEvent:
    pk: int
    posted: When
    title: str
    href: str


def key_events(url: str, page: Page) -> list[KeyEvent]:
    """The blog's key events (read with the page), each linked to its entry on the page
    holding it: this one, the latest, or the older page that starts with it."""
    events, zone, ends = [], timezone.get_current_timezone(), page.latest_ends
    for row in page.events:
        pk = row.pk
        if pk in page.ids:
            href = f"#entry-{pk}"
        elif row.pinned or ends is None or pk >= ends:
            href = f"{url}#entry-{pk}"
        else:
            href = f"{url}?from={pk}#entry-{pk}"
        title = clip(row.summary or row.text, TITLE_LENGTH)
        events.append(KeyEvent(pk, when(row.posted_at, zone), title, href))
    return events


def frame_origins(article: Article, page: Page) -> list[str]:
    """The origins the page lets frames come from once a reader asks (views.allow_frames):
    while the blog is open, every accepted provider's, since an entry that live.js brings in
    may embed any of them; once closed, those of the entries on the page."""
    if article.live_closed_at is None:
        return sorted({o for provider in embeds.PROVIDERS.values() for o in provider.frame_origins})
    found = [embeds.match(entry.embed_url) for entry in page.entries if entry.embed_url]
    return embeds.frame_origins([embed for embed in found if embed is not None])


def reader_context(article: Article, url: str, start: str | None = None) -> dict:
    """What the article page (at `url`, `?from=start` for older entries) adds for a live blog:
    its head (robots, feeds, JSON-LD) and its section (key events, entries, pager), rendered,
    and the origins it may frame.

    Both are remembered in the cache until the article's key is purged (every change readers
    see purges it: an entry posted, edited, deleted or pinned, the blog closed, the article
    saved) or settings.LIVE_REMEMBERED_SECONDS pass: between two posts every reader's page is
    the same, and making it is most of an uncached live page's cost."""
    if article.live_closed_at is None:
        shows(OPEN)
    # The keys whose purge retires them: the article's, and every page's (refresh_teasers).
    keys = [surrogate_keys.ALL, surrogate_keys.article(article.pk)]
    seconds = settings.LIVE_REMEMBERED_SECONDS
    name = _remembered_as(article, url, start)
    live = recall(name, keys) if seconds > 0 else None
    if live is None:
        started = time.time_ns()
        live = _rendered(article, url, start)
        if seconds > 0:
            remember(name, live, keys, started, seconds)
    return {"live": live}


def _remembered_as(article: Article, url: str, start: str | None) -> str:
    """The cache's name for this page's live parts: they differ by the page's address and
    `from`, and by the time zone their clocks are shown in."""
    where = f"{url}|{start}|{timezone.get_current_timezone_name()}".encode()
    return f"newsroom:live:{article.pk}:{hashlib.md5(where, usedforsecurity=False).hexdigest()}"


def _rendered(article: Article, url: str, start: str | None) -> dict:
    live = _live(article, url, start)
    return {
        "head": mark_safe(
            render_to_string("articles/_live_head.html", {"article": article, "live": live})
        ),
        "section": mark_safe(render_to_string("articles/_live.html", {"live": live})),
        "frame_origins": live["frame_origins"],
    }


def _live(article: Article, url: str, start: str | None) -> dict:
    """What the live blog's templates show: the page's entries, the key events, the poll
    address and the JSON-LD (of this page's entries: the latest ones on the article's own
    address)."""
    page = page_from(article, start)
    newest = max((e.pk for e in page.entries), default=0)
    return {
        "entries": page.entries,
        "page": page,
        "url": url,
        "key_events": key_events(url, page),
        "newest": newest,
        "revision": revision_of(article),
        "open": article.live_closed_at is None,
        "closed_at": article.live_closed_at,
        # live.js appends the newest entry's id and "/" to this address.
        "poll_base": reverse("articles:live_since", args=[article.pk, 0]).removesuffix("0/"),
        "poll_seconds": POLL_SECONDS,
        "rss": reverse("articles:live_rss", args=[article.pk]),
        "atom": reverse("articles:live_atom", args=[article.pk]),
        "jsonld": jsonld(article, url, page.entries),
        "frame_origins": frame_origins(article, page),
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
        "liveBlogUpdate": [_blog_posting(url, e) for e in entries],
    }
    return _without_empty(data)


def _blog_posting(url: str, e: EntryView) -> dict:
    return _without_empty(
        {
            "@type": "BlogPosting",
            "@id": f"{url}#entry-{e.pk}",
            "url": f"{url}#entry-{e.pk}",
            "headline": e.title,
            "articleBody": e.text,
            "datePublished": _time(e.posted_at),
            "dateModified": _time(e.edited_at or e.posted_at),
            "author": {"@type": "Person", "name": e.author} if e.author else None,
        }
    )


def _without_empty(data: dict) -> dict:
    """`data` without the properties that have no value (None, "" or [])."""
    return {key: value for key, value in data.items() if value not in (None, "", [])}


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
    as HTML, with the blog's revision stamp, and never more than the latest page.

    A reader further behind than PAGE_SIZE entries, or whose page has another revision stamp
    (entries it shows were edited or deleted) and asks for everything (`after` 0), gets the
    latest page marked data-live-replace, with its key events and older-entries link: live.js
    replaces its list with it. The key events come too whenever a new entry is one."""
    article = public_live_blog(pk)
    shows(surrogate_keys.article(article.pk))
    if article.live_closed_at is None:
        shows(OPEN)
    page = latest_page(article)
    replace = after == 0 or (page.older is not None and page.older > after)
    entries = page.entries if replace else [e for e in page.entries if e.pk > after]
    newest = max([0 if replace else after, *(e.pk for e in entries)])
    url = article.get_absolute_url()
    live: dict = {"page": page, "url": url}
    if replace or any(e.key_event for e in entries):
        live["key_events"] = key_events(url, page)
    context = {
        "article": article,
        "entries": entries,
        "newest": newest,
        "revision": revision_of(article),
        "replace": replace,
        "live": live,
    }
    # Without the request: no context processor (the menu) runs for a fragment that has none.
    return HttpResponse(render_to_string("articles/_live_since.html", context))
