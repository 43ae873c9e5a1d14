"""Invalidation of the public page cache, and the cache itself.

Cached public pages are keyed by a generation number; bumping it retires every cached page at once,
so whatever changes what readers see calls `public_content_changed()` explicitly (no signals).

The cache is a help, never a dependency: when it cannot be reached, readers are served straight
from the database and an editor's save still succeeds (its pages then live out their timeout).
"""

import hashlib
import logging
import time
from collections.abc import Iterable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.http import parse_http_date_safe

GENERATION_KEY = "newsroom:public-generation"
logger = logging.getLogger(__name__)


def generation() -> str:
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = str(time.time_ns())
        cache.add(GENERATION_KEY, value, timeout=None)
        value = cache.get(GENERATION_KEY, value)
    return value


def public_content_changed() -> None:
    try:
        cache.set(GENERATION_KEY, str(time.time_ns()), timeout=None)
    except Exception:  # any backend's failure: the change is saved; only the cache missed it
        logger.exception("The page cache could not be told of a change: pages may be stale")


def articles_changed(article_ids: Iterable[int]) -> None:
    """What readers see of these articles changed: retire the pages that show them, on commit.

    Call it inside the transaction that made the change; nothing is retired if it rolls back.
    """
    if list(article_ids):
        transaction.on_commit(public_content_changed)


def page_seconds() -> int:
    """How long a rendered page is kept; 0 turns the page cache off (benchmarks, query counts)."""
    return settings.PUBLIC_PAGE_CACHE_SECONDS


def _next_scheduled(gen: str) -> float | None:
    """When the next scheduled article goes public (a Unix time), looked up once per generation.

    A scheduled article appears without anyone calling public_content_changed(), so no page may
    be kept past that moment.
    """
    # Imported here so the models may one day call public_content_changed() without a cycle.
    from articles.models import Article, Status

    key = f"newsroom:next-scheduled:{gen}"
    stored = cache.get(key)
    if stored is None or (stored and stored <= time.time()):
        now = timezone.now()
        published = Article.objects.filter(status=Status.PUBLISHED)
        # The next article to go public: a scheduled time, or the end of an embargo.
        moments = [
            published.filter(published_at__gt=now).aggregate(at=Min("published_at"))["at"],
            published.filter(embargo_until__gt=now).aggregate(at=Min("embargo_until"))["at"],
        ]
        upcoming = min((m for m in moments if m), default=None)
        stored = upcoming.timestamp() if upcoming else 0
        cache.set(key, stored, timeout=None)
    return stored or None


def _page_key(request, gen: str) -> str:
    path = hashlib.md5(request.get_full_path().encode(), usedforsecurity=False).hexdigest()
    return f"newsroom:page:{gen}:{request.method == 'HEAD'}:{path}"


def _store(key: str, response, gen: str) -> None:
    try:
        _keep(key, response, gen)
    except Exception:  # any backend's failure: the reader has the page; the cache goes without
        logger.exception("The page cache cannot be reached: page not kept")


def _keep(key: str, response, gen: str) -> None:
    timeout = page_seconds()
    upcoming = _next_scheduled(gen)
    if upcoming:
        timeout = min(timeout, int(upcoming - time.time()))
    if timeout > 0:
        cache.set(key, response, timeout)


def _conditional(request, response):
    last_modified = parse_http_date_safe(response.headers.get("Last-Modified", ""))
    return get_conditional_response(
        request, etag=response.headers.get("ETag"), last_modified=last_modified, response=response
    )


def public_page(view):
    """Serve a GET from the page cache when it holds the current generation's copy.

    Every successful response gets an ETag (and the view's Last-Modified) and answers conditional
    GETs with 304. Pages are the same for every reader, so nothing here looks at the session.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        caching, gen, response = page_seconds() > 0, "", None
        if caching:
            try:
                gen = generation()
                response = cache.get(_page_key(request, gen))
            except Exception:  # any backend's failure: serve the page from the database
                logger.exception("The page cache cannot be reached: serving uncached")
                caching = False
        if response is None:
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.streaming:
                return response
            if hasattr(response, "render"):
                response.render()  # template responses: the ETag and the cache need the bytes
            set_response_etag(response)
            # Browsers revalidate every time, so an unpublished article vanishes at once.
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
            if caching:
                _store(_page_key(request, gen), response, gen)
        return _conditional(request, response)

    return wrapper
