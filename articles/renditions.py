"""Renditions off the request path: the task that makes what readers' pages use of a photo.

A photo's renditions are queued when it comes in (the desk's upload forms, the wire), when its
focal point or embedded metadata changes, when it becomes an article's lead photo and whenever a
teaser row is built while some are missing (`queue()`). The worker (`manage.py db_worker`) runs
`make_photo_renditions`: it makes every rendition the pages, feeds, structured data and the ninjs
export use (`wanted_specs()`), then rewrites the teaser rows of the articles that show the photo
and retires their cached pages. Until then rows point at the nearest rendition there is, or the
original (media_assets.figures), and nothing on a reader's path runs Pillow.

The task lives here, not in media_assets, because it must know the specs the pages use and the
rows to rewrite; media_assets makes the specs it is given (`make_renditions()`) and keeps the
state the photo desk sees (`media_assets.rendition_jobs`).
"""

import logging
from functools import partial

from django.db import transaction
from django.tasks import task
from django.tasks.backends.immediate import ImmediateBackend
from django.utils import timezone
from django_tasks_db import DatabaseBackend

from articles import live, teaser_pictures, teasers
from articles.body import BODY_SPEC
from articles.cache import articles_changed
from media_assets import rendition_jobs
from media_assets.imaging import parse_spec, srcset_specs
from media_assets.models import Photo
from media_assets.rendition_store import make_renditions, missing_specs

logger = logging.getLogger(__name__)


def wanted_specs(photo: Photo) -> list[str]:
    """Every rendition readers are shown of `photo`: each figure's srcset, and the single images."""
    names = [
        spec.name
        for figure in [*teaser_pictures.FIGURE_SPECS, BODY_SPEC]
        for spec in srcset_specs(parse_spec(figure), original_width=photo.width)
    ]
    return list(dict.fromkeys([*names, *teaser_pictures.IMAGE_SPECS]))


def make_now(photo: Photo) -> None:
    """Make the photo's renditions in this process: for management commands (the demo, the
    article generator), whose pages then show them without waiting for a worker."""
    make_renditions(photo, wanted_specs(photo))
    rendition_jobs.mark_ready(photo, photo.rendition_key())


def queue(photo: Photo) -> bool:
    """Have the worker make the photo's missing renditions; True when a task was queued.

    Nothing is queued when they all exist for the photo's current key, or when a task for that
    key is already pending. Call it inside the change's transaction: see `_enqueue()`.
    """
    key = photo.rendition_key()
    if not missing_specs(photo, wanted_specs(photo)):
        rendition_jobs.mark_ready(photo, key)
        return False
    if not rendition_jobs.claim(photo):
        return False
    _enqueue(photo.pk)
    return True


def _enqueue(photo_id: int, attempt: int = 1) -> None:
    """Enqueue in the caller's transaction when the queue is this database: the task's row then
    commits or rolls back with the change that asked for it, and no worker sees it before the
    commit. (The immediate backend of the tests runs it in place.) Any other backend would run
    it before the change is visible, so it is handed over on commit."""
    when = make_photo_renditions
    backend = when.get_backend()
    if attempt > 1 and backend.supports_defer:
        when = when.using(run_after=timezone.now() + rendition_jobs.retry_delay(attempt - 1))
    if isinstance(backend, DatabaseBackend | ImmediateBackend):
        when.enqueue(photo_id, attempt)
    else:
        transaction.on_commit(partial(when.enqueue, photo_id, attempt))


@task
def make_photo_renditions(photo_id: int, attempt: int = 1) -> int:
    """Make the photo's renditions, then rewrite the rows showing it; how many were made.

    A failure is recorded on the photo for the desk and retried later (MAX_ATTEMPTS in all,
    waiting longer each time when the backend can defer), then raised so the queue shows it too.
    """
    photo = Photo.objects.filter(pk=photo_id).first()
    if photo is None:
        return 0  # deleted since: nothing to make
    key = photo.rendition_key()
    try:
        made = make_renditions(photo, wanted_specs(photo))
    except Exception as error:  # whatever Pillow or the storage raise, the desk is told
        error_text = f"{type(error).__name__}: {error}"
        logger.warning("Renditions of photo %s failed (attempt %s): %s", photo_id, attempt, error)
        if rendition_jobs.record_failure(photo, key, attempt=attempt, error=error_text):
            _enqueue(photo_id, attempt + 1)
        raise
    with transaction.atomic():
        rendition_jobs.mark_ready(photo, key)
        articles_changed(teasers.refresh_for_photo(photo) + live.refresh_for_photo(photo))
    return len(made)
