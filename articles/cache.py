"""The public pages' caching: the page cache, the edge caches' headers, and what retires them.

Every public page names what it shows as surrogate keys (articles.surrogate_keys): views call
`shows()` while they render, and the page goes out with `Surrogate-Key` and `xkey` headers and a
`Cache-Control` that lets shared caches keep it (`s-maxage`, serving it stale while revalidating
or when the site fails). Whatever changes what readers see says so explicitly (no signals):
`articles_changed(ids)`, `tags_changed()`, `authors_changed()` or `public_content_changed()`; on
commit each purges exactly the keys concerned from the page cache and the edge caches
(newsroom.edge).

The page cache retires by the same keys: each key has a generation (the time of its last
purge); a stored page records when it began rendering, and is served only while none of its
keys was purged since (one get_many). Nothing stays past the next scheduled publication or
embargo end, or the next start or end of a breaking news banner, either: that moment caps every
timeout, and a task queued for it purges the article's keys (the banner's: every HTML page) then.

The cache is a help, never a dependency: when it cannot be reached, readers are served straight
from the database and an editor's save still succeeds (the edge caches are still purged).
"""

import hashlib
import logging
import time
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from datetime import datetime
from functools import partial, wraps

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.models import Min
from django.tasks import default_task_backend, task
from django.utils import timezone
from django.utils.cache import get_conditional_response, set_response_etag
from django.utils.http import parse_http_date_safe

from articles import surrogate_keys
from articles.surrogate_keys import Shown
from newsroom import edge

GENERATION_PREFIX = "newsroom:key:"
NEXT_SCHEDULED_KEY = "newsroom:next-scheduled"
UNKNOWN_SCHEDULE_SECONDS = 60  # how long pages are kept when the schedule cannot be read
logger = logging.getLogger(__name__)

# Other apps' next changes (fronts: a scheduled arrangement, a slot's expiry), as Unix times:
# each caps every page's time like a scheduled article does. Added in their AppConfig.ready.
_other_schedules: list[Callable[[], float | None]] = []

# The keys of the page being rendered (a set while a public_page view runs).
_page_keys: ContextVar[set[str] | None] = ContextVar("page_keys", default=None)


def shows(*keys: str) -> None:
    """The page being rendered shows what these keys name."""
    found = _page_keys.get()
    if found is not None:
        found.update(keys)


def shows_articles(article_ids: Iterable[int]) -> None:
    shows(*(surrogate_keys.article(pk) for pk in article_ids))


# --- telling the caches ------------------------------------------------------------------------


def articles_changed(article_ids: Iterable[int], *, before: dict[int, Shown] | None = None) -> None:
    """What readers see of these articles changed: purge the pages that show them, on commit.

    Call it inside the transaction that made the change; nothing is purged if it rolls back.
    `before` is surrogate_keys.shown(ids) read before the teaser rows were rewritten, so the
    lists the articles left are purged as well as those they joined (editing.readers_see_change
    passes it); without it, only the pages showing the articles now.
    """
    ids = list(article_ids)
    if not ids:
        return
    purge(surrogate_keys.for_articles(ids, before))
    _purge_when_public(ids)


def tags_changed(tag_ids: Iterable[int | str], article_ids: Iterable[int]) -> None:
    """Tags were renamed, merged or deleted: their pages and their articles' pages."""
    keys = {surrogate_keys.tag(pk) for pk in tag_ids} | {surrogate_keys.SITEMAPS}
    purge(keys | surrogate_keys.for_articles(article_ids, None))


def authors_changed(author_ids: Iterable[int], article_ids: Iterable[int]) -> None:
    """Authors were renamed or removed: their pages and their articles' pages."""
    keys = {surrogate_keys.author(pk) for pk in author_ids} | {surrogate_keys.SITEMAPS}
    purge(keys | surrogate_keys.for_articles(article_ids, None))


def public_content_changed() -> None:
    """Something every page may show changed (a section: the menu is on every page): purge
    every page now (inside a transaction, call it on commit)."""
    purge_now({surrogate_keys.ALL})


def purge(keys: Iterable[str]) -> None:
    """Retire the keys from the page cache and the edge caches once the transaction commits."""
    keys = set(keys)
    if keys:
        transaction.on_commit(partial(purge_now, keys))


def purge_now(keys: Iterable[str]) -> None:
    keys = set(keys)
    retire(keys)
    edge.purge(keys)


def retire(keys: Iterable[str]) -> None:
    """Pages of the page cache showing any of these keys are no longer served."""
    now = time.time_ns()
    try:
        cache.set_many({GENERATION_PREFIX + key: now for key in keys}, timeout=None)
        cache.delete(NEXT_SCHEDULED_KEY)  # the change may have scheduled an article
    except Exception:  # any backend's failure: the change is saved; only the cache missed it
        logger.exception("The page cache could not be told of a change: pages may be stale")


def _purge_when_public(article_ids: list[int]) -> None:
    """Queue a purge for when each scheduled or embargoed article goes public (in this
    transaction, so a rollback takes it back), if the task backend can wait until then."""
    if not default_task_backend.supports_defer:
        return  # the page cache's timeouts and the s-maxage stop at that moment anyway
    from articles.models import Teaser  # the models import this module's seam

    now = timezone.now()
    rows = Teaser.objects.filter(article_id__in=article_ids).values_list(
        "article_id", "published_at", "embargo_until"
    )
    for pk, published_at, embargo_until in rows:
        public_at = max(published_at, embargo_until or published_at)
        if public_at > now:
            purge_when_public.using(run_after=public_at).enqueue(pk)


@task
def purge_when_public(article_id: int) -> None:
    """A scheduled article's time came, or its embargo ended: it joins its lists now."""
    purge_now(surrogate_keys.for_articles([article_id], before={}))


# --- the page cache --------------------------------------------------------------------------


def page_seconds() -> int:
    """How long a rendered page is kept; 0 turns the page cache off (benchmarks, query counts)."""
    return settings.PUBLIC_PAGE_CACHE_SECONDS


def also_scheduled(moment: Callable[[], float | None]) -> None:
    """`moment()` (read from the database) also caps every page-cache timeout and s-maxage."""
    if moment not in _other_schedules:
        _other_schedules.append(moment)


def schedule_changed() -> None:
    """A scheduled moment was added or moved: the next page reads the schedule afresh."""
    try:
        cache.delete(NEXT_SCHEDULED_KEY)
    except Exception:
        logger.exception("The page cache cannot be reached: schedule not reset")


def next_scheduled() -> float | None:
    """The next moment any public page changes by itself (a Unix time), or None."""
    return _next_scheduled()


def _next_scheduled() -> float | None:
    """When the next scheduled article goes public or a breaking news banner starts or ends
    (a Unix time), kept in the cache until a
    change or that moment: no page may be kept past it."""
    try:
        stored = cache.get(NEXT_SCHEDULED_KEY)
    except Exception:  # the cache is down: ask the database
        return _next_scheduled_from_database()
    if stored is None or (stored and stored <= time.time()):
        try:
            upcoming = _next_scheduled_from_database()
        except DatabaseError:
            # A page from the page cache is still served while the database is away, kept
            # briefly since nobody can say when the next article goes public.
            return time.time() + UNKNOWN_SCHEDULE_SECONDS
        stored = upcoming or 0
        try:
            cache.set(NEXT_SCHEDULED_KEY, stored, timeout=None)
        except Exception:
            logger.exception("The page cache cannot be reached: schedule not kept")
    return stored or None


def _next_scheduled_from_database() -> float | None:
    # Imported here: the models import this module's seam (and the banner imports this module).
    from articles import breaking
    from articles.models import Article, Status

    now = timezone.now()
    published = Article.objects.filter(status=Status.PUBLISHED)
    # The next article to go public: a scheduled time, or the end of an embargo.
    moments: list[datetime | None] = [
        published.filter(published_at__gt=now).aggregate(at=Min("published_at"))["at"],
        published.filter(embargo_until__gt=now).aggregate(at=Min("embargo_until"))["at"],
    ]
    upcoming = min((m for m in moments if m), default=None)
    banner = breaking.next_change()  # a breaking news banner starting or ending
    others = [moment() for moment in _other_schedules]  # fronts' arrangements and expiries
    times = [t for t in (upcoming.timestamp() if upcoming else None, banner, *others) if t]
    return min(times, default=None)


def _seconds_left(limit: int) -> int:
    """`limit`, or less if a scheduled article goes public sooner."""
    upcoming = _next_scheduled()
    if upcoming:
        return max(0, min(limit, int(upcoming - time.time())))
    return limit


def _page_key(request) -> str:
    path = hashlib.md5(request.get_full_path().encode(), usedforsecurity=False).hexdigest()
    return f"newsroom:page:{request.method == 'HEAD'}:{path}"


def _cached(page_key: str):
    """The stored page, if none of its keys was purged since it began rendering."""
    entry = cache.get(page_key)
    if entry is None:
        return None
    started, keys, response = entry
    generations = cache.get_many([GENERATION_PREFIX + key for key in keys])
    if len(generations) == len(keys) and all(g <= started for g in generations.values()):
        return response
    return None


def _store(page_key: str, response, keys: list[str], started: int) -> bool:
    """Keep the page unless one of its keys was purged while it rendered; False if one was."""
    try:
        if not _current(keys, started):
            return False
        timeout = _seconds_left(page_seconds())
        if timeout > 0:
            cache.set(page_key, (started, keys, response), timeout)
    except Exception:  # any backend's failure: the reader has the page; the cache goes without
        logger.exception("The page cache cannot be reached: page not kept")
    return True


def _current(keys: list[str], started: int) -> bool:
    """True if no key was purged since `started`. A key without a generation (never purged,
    or evicted) gets `started`: pages rendered before it can no longer prove they are current."""
    names = [GENERATION_PREFIX + key for key in keys]
    generations = cache.get_many(names)
    for name in names:
        if name not in generations and not cache.add(name, started, timeout=None):
            return False  # a purge set it meanwhile
    return all(generation <= started for generation in generations.values())


# --- parts of pages ------------------------------------------------------------------------------


def recall(name: str, keys: list[str]):
    """What remember() kept as `name`, unless one of `keys` was purged since it was made (one
    round trip to the cache); None when nothing is kept, it is out of date, or the cache
    cannot be reached."""
    generations = [GENERATION_PREFIX + key for key in keys]
    try:
        found = cache.get_many([name, *generations])
    except Exception:  # any backend's failure: the caller makes the part afresh
        return None
    kept = found.get(name)
    if kept is None:
        return None
    started, value = kept
    # A key without a generation (evicted) cannot prove the part current: as _cached().
    if all(found.get(g) is not None and found[g] <= started for g in generations):
        return value
    return None


def remember(name: str, value, keys: list[str], started: int, seconds: int) -> None:
    """Keep `value` (made from what the database held at `started`, time.time_ns()) for
    recall(), unless one of `keys` was purged while it was made."""
    try:
        if _current(keys, started):
            cache.set(name, (started, value), seconds)
    except Exception:  # the reader has the page; the part is made again next time
        logger.warning("The cache cannot be reached: a part of a page not kept", exc_info=True)


def _conditional(request, response):
    last_modified = parse_http_date_safe(response.headers.get("Last-Modified", ""))
    return get_conditional_response(
        request, etag=response.headers.get("ETag"), last_modified=last_modified, response=response
    )


def _render(view, request, args, kwargs, keys: tuple[str, ...]):
    """The view's response, rendered, and the keys of what it shows."""
    token = _page_keys.set({surrogate_keys.ALL, *keys})
    try:
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and hasattr(response, "render"):
            response.render()  # template responses: the ETag and the cache need the bytes
        return response, sorted(_page_keys.get() or ())
    finally:
        _page_keys.reset(token)


def edge_headers(response, *, current: bool = True) -> None:
    """Let browsers keep the page briefly and shared caches long (purges retire it), never
    past the next scheduled publication; serve it stale while revalidating or on errors.

    A page that raced a purge (`current` False: it read the database before the change
    committed, and may reach the edge after its purge) is not kept: the next reader gets a
    fresh one."""
    max_age = _seconds_left(settings.PUBLIC_MAX_AGE) if current else 0
    s_maxage = _seconds_left(settings.EDGE_MAX_AGE) if current else 0
    response.headers["Cache-Control"] = (
        f"public, max-age={max_age}, s-maxage={s_maxage}, "
        f"stale-while-revalidate={settings.EDGE_STALE_WHILE_REVALIDATE}, "
        f"stale-if-error={settings.EDGE_STALE_IF_ERROR}"
    )


def public_page(view=None, *, keys: tuple[str, ...] = ()):
    """A public page: served from the page cache while none of its keys was purged, sent with
    the edge caches' headers (`keys` are added to those the view names with shows()).

    Every successful response gets an ETag (and the view's Last-Modified) and answers conditional
    GETs with 304. Pages are the same for every reader: nothing here looks at the session, and
    nothing may set a cookie (a page that did would not be kept).
    """
    if view is None:
        return partial(public_page, keys=keys)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        caching, response = page_seconds() > 0, None
        if caching:
            try:
                response = _cached(_page_key(request))
            except Exception:  # any backend's failure: serve the page from the database
                logger.exception("The page cache cannot be reached: serving uncached")
                caching = False
        if response is None:
            started = time.time_ns()
            response, shown = _render(view, request, args, kwargs, keys)
            if response.status_code != 200 or response.streaming or response.cookies:
                return response
            set_response_etag(response)
            response.headers["Surrogate-Key"] = response.headers["xkey"] = " ".join(shown)
            if caching:
                current = _store(_page_key(request), response, shown, started)
                edge_headers(response, current=current)
                return _conditional(request, response)
        edge_headers(response)
        return _conditional(request, response)

    return wrapper
