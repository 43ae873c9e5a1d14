"""When a front changes for readers: at once when an editor saves, or at a scheduled time.

A front's pages carry its own surrogate key (`key(page)`), purged when an editor saves an
arrangement and again at its `goes_live_at` and at each of its slots' `expires_at`: by a task
queued for that moment (as articles.cache does for scheduled articles). Without a worker that
can wait, the moments still cap every cache: `next_from_database()` is one of
articles.cache's schedules (fronts.apps), so no page-cache entry, browser or edge keeps a page
past the next arrangement going live or the next slot expiring.
"""

from datetime import datetime

from django.db import transaction
from django.db.models import Min, OuterRef, Q, Subquery
from django.tasks import default_task_backend, task
from django.utils import timezone

from articles.cache import next_scheduled, purge, purge_now, schedule_changed
from fronts.models import Arrangement, Slot


def key(page: str) -> str:
    """The surrogate key of a front's pages ("front-home", "front-section-3")."""
    return f"front-{page}"


def arranged(arrangement: Arrangement) -> None:
    """An editor saved an arrangement (call inside its transaction, after its slots): purge
    the front on commit, and again when it goes live and as each of its slots expires."""
    page = arrangement.front.page
    purge({key(page)})
    forget_next_change()
    if not default_task_backend.supports_defer:
        return  # no page outlives next_change() anyway
    now = timezone.now()
    expiries = arrangement.slots.filter(expires_at__gt=now).values_list("expires_at", flat=True)
    moments = {arrangement.goes_live_at, *(e for e in expiries if e is not None)}
    for moment in sorted(m for m in moments if m > now):
        goes_live.using(run_after=moment).enqueue(page)


@task
def goes_live(page: str) -> None:
    """A scheduled arrangement's time came, or a slot expired: readers see it now."""
    purge_now({key(page)})


def forget_next_change() -> None:
    """The schedule changed: read it afresh once the change is committed."""
    transaction.on_commit(schedule_changed)


def next_change() -> float | None:
    """When any public page next changes by itself, fronts included (a Unix time)."""
    return next_scheduled()


def next_from_database() -> float | None:
    """The next arrangement going live, or slot of a live or scheduled arrangement expiring."""
    now = timezone.now()
    arrangement = Arrangement.objects.filter(goes_live_at__gt=now).aggregate(
        at=Min("goes_live_at")
    )["at"]
    live = (
        Arrangement.objects.filter(front=OuterRef("arrangement__front"), goes_live_at__lte=now)
        .order_by("-goes_live_at", "-pk")
        .values("pk")[:1]
    )
    expiry = (
        Slot.objects.filter(expires_at__gt=now)
        .filter(Q(arrangement__goes_live_at__gt=now) | Q(arrangement=Subquery(live)))
        .aggregate(at=Min("expires_at"))["at"]
    )
    moments: list[datetime] = [m for m in (arrangement, expiry) if m]
    return min(moments).timestamp() if moments else None
