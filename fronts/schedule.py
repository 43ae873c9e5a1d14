"""When a front changes for readers: at once when an editor saves, or at a scheduled time.

A front's pages carry its own surrogate key (`key(page)`), purged when an editor saves an
arrangement and again at its `goes_live_at`: by a task queued for that moment (as
articles.cache does for scheduled articles) and, without a worker that can wait, by the first
front request after it (`catch_up()`: one cache read per request). Front responses are never
kept by browsers or the edge past the next scheduled arrangement (`cap()`).
"""

import logging
import re
import time
from datetime import datetime

from django.core.cache import cache
from django.db.models import Min
from django.tasks import default_task_backend, task
from django.utils import timezone

from articles.cache import purge, purge_now
from fronts.models import Arrangement

NEXT_CHANGE_KEY = "fronts:next-change"
logger = logging.getLogger(__name__)


def key(page: str) -> str:
    """The surrogate key of a front's pages ("front-home", "front-section-3")."""
    return f"front-{page}"


def arranged(arrangement: Arrangement) -> None:
    """An editor saved an arrangement (call inside its transaction): purge the front on commit,
    and again when a scheduled one goes live."""
    page = arrangement.front.page
    purge({key(page)})
    forget_next_change()
    if arrangement.goes_live_at > timezone.now() and default_task_backend.supports_defer:
        goes_live.using(run_after=arrangement.goes_live_at).enqueue(page)


@task
def goes_live(page: str) -> None:
    """A scheduled arrangement's time came: readers see it now."""
    purge_now({key(page)})


def forget_next_change() -> None:
    try:
        cache.delete(NEXT_CHANGE_KEY)
    except Exception:
        logger.exception("The cache cannot be reached: the fronts' schedule not reset")


def next_change() -> float | None:
    """When the next scheduled arrangement of any front goes live (a Unix time), kept in the
    cache until a save or that moment."""
    try:
        stored = cache.get(NEXT_CHANGE_KEY)
    except Exception:
        stored = None
    if stored is None:
        upcoming = Arrangement.objects.filter(goes_live_at__gt=timezone.now()).aggregate(
            at=Min("goes_live_at")
        )["at"]
        stored = upcoming.timestamp() if upcoming else 0
        try:
            cache.set(NEXT_CHANGE_KEY, stored, timeout=None)
        except Exception:
            logger.exception("The cache cannot be reached: the fronts' schedule not kept")
    return stored or None


def catch_up() -> float | None:
    """Purge the fronts whose scheduled arrangement went live since the last look (when no
    task did); the next scheduled moment after now."""
    upcoming = next_change()
    if upcoming is None or upcoming > time.time():
        return upcoming
    since = datetime.fromtimestamp(upcoming, tz=timezone.get_current_timezone())
    pages = Arrangement.objects.filter(goes_live_at__gte=since, goes_live_at__lte=timezone.now())
    purge_now({key(page) for page in pages.values_list("front__page", flat=True)})
    forget_next_change()
    return next_change()


def cap(response, upcoming: float | None) -> None:
    """No browser or edge keeps a front past the next scheduled arrangement."""
    if upcoming is None or "Cache-Control" not in response.headers:
        return
    left = max(0, int(upcoming - time.time()))

    def shorter(match: re.Match) -> str:
        return f"{match[1]}={min(left, int(match[2]))}"

    response.headers["Cache-Control"] = re.sub(
        r"\b(max-age|s-maxage)=(\d+)", shorter, response.headers["Cache-Control"]
    )
