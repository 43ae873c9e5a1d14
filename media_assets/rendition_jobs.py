"""Where a photo's renditions stand, for the task that makes them and for the photo desk.

The apps above own the task (they know which renditions their pages use); this module keeps its
bookkeeping on the photo's row, so the desk sees "ready", "queued" or "failed: <error>" and one
task at most is pending for a photo and its `rendition_key()`. Every change is one conditional
UPDATE, so two editors (or an editor and the worker) racing on the same photo cannot both claim it.
"""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from media_assets.models import Photo, RenditionState

MAX_ATTEMPTS = 4
FIRST_RETRY = timedelta(seconds=30)
# A task claimed longer ago than this is presumed lost (a worker killed mid-task, a queue
# emptied by hand): the next caller may queue another. Making renditions is idempotent.
STALE = timedelta(minutes=15)


def claim(photo: Photo) -> bool:
    """Mark the photo's renditions queued for its current key; False when a task is already
    pending for that key (the caller then queues nothing). Resets the attempts and the error."""
    key = photo.rendition_key()
    now = timezone.now()
    pending = Q(
        renditions_state=RenditionState.QUEUED,
        renditions_key=key,
        renditions_queued_at__gt=now - STALE,
    )
    claimed = (
        Photo.objects.filter(pk=photo.pk)
        .exclude(pending)
        .update(
            renditions_state=RenditionState.QUEUED,
            renditions_key=key,
            renditions_queued_at=now,
            renditions_attempts=0,
            renditions_error="",
        )
    )
    return claimed == 1


def mark_ready(photo: Photo, key: str) -> None:
    """Every rendition asked for exists for `key`; a newer key's task, if any, stays in charge."""
    newer_pending = Q(renditions_state=RenditionState.QUEUED) & ~Q(renditions_key=key)
    done = Q(renditions_state=RenditionState.READY, renditions_key=key)
    Photo.objects.filter(pk=photo.pk).exclude(newer_pending | done).update(
        renditions_state=RenditionState.READY,
        renditions_key=key,
        renditions_attempts=0,
        renditions_error="",
    )


def record_failure(photo: Photo, key: str, *, attempt: int, error: str) -> bool:
    """Note a failed attempt for `key`; True when another attempt is due (see retry_delay())."""
    again = attempt < MAX_ATTEMPTS
    Photo.objects.filter(pk=photo.pk, renditions_key=key).update(
        renditions_state=RenditionState.QUEUED if again else RenditionState.FAILED,
        renditions_attempts=attempt,
        renditions_error=error[:1000],
        renditions_queued_at=timezone.now(),
    )
    return again


def retry_delay(attempt: int) -> timedelta:
    """How long to wait after failed attempt number `attempt`: 30 s, 2 min, 8 min."""
    return FIRST_RETRY * 4 ** (attempt - 1)


def waiting(photo: Photo) -> bool:
    """Ready, or queued recently enough that its task should still come: nothing to ask for."""
    if photo.renditions_state == RenditionState.READY:
        return True
    queued_at = photo.renditions_queued_at
    recent = queued_at is not None and queued_at > timezone.now() - STALE
    return photo.renditions_state == RenditionState.QUEUED and recent


def describe(photo: Photo) -> str:
    """The state as the desk reads it: "ready", "queued", "failed: <error>", …"""
    state = RenditionState(photo.renditions_state)
    if state == RenditionState.FAILED:
        return f"failed after {photo.renditions_attempts} attempts: {photo.renditions_error}"
    if state == RenditionState.QUEUED and photo.renditions_attempts:
        attempt = photo.renditions_attempts
        return f"queued again (attempt {attempt} failed: {photo.renditions_error})"
    return str(state.label)
