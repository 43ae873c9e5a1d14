"""The breaking news banner as readers see it, and what a change to it does.

Every public HTML page shows the banner up now (articles.context_processors.navigation), at a
cost of one cache lookup: the default cache keeps the banner up now and the moment that answer
next changes (a banner starting or ending). Past that moment the next request reads the
database once and keeps the answer again; an editor's change writes the fresh answer on commit.

A change purges every HTML page (the `nav` key) on commit and queues the same purge for each
moment a banner starts or ends; until such a moment no page is kept past it (articles.cache caps
every page-cache timeout and s-maxage at `next_change()`), so the banner comes and goes on every
page at once. While several banners run, the newest wins (models.breaking.BreakingNews).
"""

import logging
import time
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from django.core.cache import cache
from django.db import transaction
from django.tasks import default_task_backend, task
from django.utils import timezone

from articles import surrogate_keys
from articles.cache import purge, purge_now
from articles.log import ArticleAction
from articles.models import BreakingNews
from audit.models import record

STATE_KEY = "newsroom:breaking"
logger = logging.getLogger(__name__)


class Banner(NamedTuple):
    text: str
    url: str


# The banner up now, and when that next changes (a Unix time; 0: nothing is scheduled).
State = tuple[Banner | None, float]


def showing() -> Banner | None:
    """The banner every public page shows now, if any."""
    return _state()[0]


def next_change() -> float | None:
    """When a banner next starts or ends (a Unix time): no page may be kept past it."""
    return _state()[1] or None


def _state() -> State:
    try:
        stored: State | None = cache.get(STATE_KEY)
        if stored is not None and not (stored[1] and stored[1] <= time.time()):
            return stored
        if stored is not None:
            cache.delete(STATE_KEY)  # its moment came: the next answer is the database's
    except Exception:  # any backend's failure: the database answers
        logger.exception("The cache cannot be reached: the banner is read from the database")
        return _from_database()
    state = _from_database()
    try:
        # add, not set: an editor's change committed meanwhile wrote a fresher answer.
        cache.add(STATE_KEY, state, timeout=None)
    except Exception:
        logger.exception("The cache cannot be reached: the banner is not kept")
    return state


def _from_database() -> State:
    now = timezone.now()
    fields = ("text", "url", "starts_at", "ends_at")
    rows = list(BreakingNews.objects.not_ended(now).values_list(*fields))
    # Newest first (the model's ordering): the first that has started is the one shown.
    up = next((Banner(text, url) for text, url, starts, _ in rows if starts <= now), None)
    moments = [starts for _, _, starts, _ in rows if starts > now] + [ends for *_, ends in rows]
    return up, min(moments).timestamp() if moments else 0.0


def _refresh() -> None:
    try:
        cache.set(STATE_KEY, _from_database(), timeout=None)
    except Exception:
        logger.exception("The cache cannot be reached: the banner may show late")


# --- changes ------------------------------------------------------------------------------------


def save(banner: BreakingNews, actor: Any, *, added: bool, changed: Iterable[str] = ()) -> None:
    """Save the banner, log it and tell the caches (inside the caller's transaction)."""
    if added:
        banner.created_by = actor
    banner.save()
    action = ArticleAction.BANNER_ADDED if added else ArticleAction.BANNER_CHANGED
    _log(action, banner, actor, changed=sorted(changed))
    pages_change(at=[banner.starts_at, banner.ends_at])


def end_now(banner: BreakingNews, actor: Any) -> None:
    """Take a running or scheduled banner off every page now."""
    now = timezone.now()
    banner.ends_at = now
    banner.starts_at = min(banner.starts_at, now - timedelta(microseconds=1))
    banner.save(update_fields=["starts_at", "ends_at"])
    _log(ArticleAction.BANNER_ENDED, banner, actor)
    pages_change()


def delete(banner: BreakingNews, actor: Any) -> None:
    _log(ArticleAction.BANNER_DELETED, banner, actor)  # before: the entry names its object
    banner.delete()
    pages_change()


def pages_change(*, at: Iterable[datetime] = ()) -> None:
    """What every HTML page shows changed: the fresh banner is kept and the pages purged on
    commit, and purged again at each moment of `at` still ahead (a start or an end)."""
    transaction.on_commit(_refresh)  # before the purge: pages rendered after it read the new one
    purge({surrogate_keys.NAV})
    if not default_task_backend.supports_defer:
        return  # no page outlives next_change() anyway, and the cached answer expires then
    now = timezone.now()
    for moment in sorted(set(at)):
        if moment > now:
            banner_moment.using(run_after=moment).enqueue()


@task
def banner_moment() -> None:
    """A banner starts or ends now: every HTML page shows the change."""
    _refresh()
    purge_now({surrogate_keys.NAV})


def _log(action: str, banner: BreakingNews, actor: Any, **facts: Any) -> None:
    data = {
        "text": banner.text,
        "url": banner.url,
        "starts_at": banner.starts_at.isoformat(),
        "ends_at": banner.ends_at.isoformat(),
        **facts,
    }
    record(action, banner, actor=actor, detail=banner.text, data=data)
