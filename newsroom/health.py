"""`/healthz`: what a load balancer asks before sending readers here.

Each check answers "ok" or "error" with the milliseconds it took. A reason is our own words or an
exception's class name, never its text: driver messages can hold host names, users and DSNs.

Only the database decides the status code. Without it no page can be served (503, take this
machine out of rotation); without the cache, storage or the task queue pages are still served
(the page cache is a help, renditions fall back to ready ones), so those answer 200 "degraded":
taking every machine out of rotation because a shared Redis blinked would turn a slow site into
no site at all. Monitoring reads the body.
"""

import time
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection
from django.db.models import Case, Count, Min, When
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_tasks_db.models import DBTaskResult, get_date_max

PROBE_NAME = "healthz-probe"

Check = Callable[[], dict[str, Any]]


class Unhealthy(Exception):
    """A check ran but the answer was wrong; the message is ours and safe to show."""


def database() -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise Unhealthy("SELECT 1 gave a different answer")
    return {}


def page_cache() -> dict[str, Any]:
    # A key of its own per probe: two workers probing at once never read each other's value.
    key, token = f"newsroom:healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, token, timeout=10)
    try:
        if cache.get(key) != token:
            raise Unhealthy("a value written was not read back")
    finally:
        cache.delete(key)
    return {}


def storage() -> dict[str, Any]:
    # One cheap call through the storage API (a stat on disk, a HEAD on object storage); the
    # answer does not matter, only that the storage gave one.
    default_storage.exists(PROBE_NAME)
    return {}


def queue() -> dict[str, Any]:
    now = timezone.now()
    # A task's wait starts when it was due: when queued, or at its run_after (a deferred one).
    due = Case(When(run_after=get_date_max(), then="enqueued_at"), default="run_after")
    ready = DBTaskResult.objects.ready().aggregate(count=Count("pk"), oldest=Min(due))
    failed = DBTaskResult.objects.failed().filter(finished_at__gte=now - timedelta(hours=1))
    oldest = ready["oldest"]
    return {
        "ready": ready["count"],
        "oldest_ready_seconds": round((now - oldest).total_seconds(), 1) if oldest else None,
        "failed_last_hour": failed.count(),
    }


CHECKS: dict[str, Check] = {
    "database": database,
    "cache": page_cache,
    "storage": storage,
    "queue": queue,
}


def run(check: Check) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        result = {"status": "ok", **check()}
    except Unhealthy as problem:
        result = {"status": "error", "reason": str(problem)}
    except Exception as exc:  # any backend's failure is this check's answer, not a 500
        result = {"status": "error", "reason": f"{type(exc).__name__} raised"}
    result["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Never looks at the session or the user: a probe has neither, and must not make one.

    `?checks=database` runs only the named checks (comma-separated; the database always): the
    edge's probe asks for that alone, so a slow bucket or Redis cannot time it out and mark the
    machine sick while it still serves pages.
    """
    wanted = set(request.GET.get("checks", ",".join(CHECKS)).split(",")) | {"database"}
    checks = {name: run(check) for name, check in CHECKS.items() if name in wanted}
    if checks["database"]["status"] != "ok":
        status, code = "error", 503
    elif any(check["status"] != "ok" for check in checks.values()):
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    return JsonResponse({"status": status, "checks": checks}, status=code)
