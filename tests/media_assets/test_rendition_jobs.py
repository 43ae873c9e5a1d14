"""The photo's renditions state (one pending task per key, attempts, errors) and the maker that
reads the original once and makes only what is missing. media_assets alone: no articles here."""

from datetime import timedelta

import pytest

from media_assets import rendition_jobs
from media_assets.models import Photo, RenditionState
from media_assets.rendition_store import make_renditions, missing_specs

pytestmark = pytest.mark.django_db
SPECS = ["fill-400x225", "width-800", "crop-1x1"]


def state(photo) -> tuple:
    return Photo.objects.values_list(
        "renditions_state", "renditions_key", "renditions_attempts", "renditions_error"
    ).get(pk=photo.pk)


def test_a_photo_and_key_are_claimed_once(photo):
    assert rendition_jobs.claim(photo) is True
    assert rendition_jobs.claim(photo) is False
    assert state(photo) == (RenditionState.QUEUED, photo.rendition_key(), 0, "")


def test_a_new_key_is_claimed_again(photo):
    rendition_jobs.claim(photo)
    photo.credit_line = "AFP/SOMEONE ELSE"
    photo.save()
    assert rendition_jobs.claim(photo) is True
    assert state(photo)[1] == photo.rendition_key()


def test_a_claim_long_unanswered_is_presumed_lost(photo):
    rendition_jobs.claim(photo)
    assert rendition_jobs.waiting(Photo.objects.get(pk=photo.pk))
    stale = photo.created_at - rendition_jobs.STALE - timedelta(seconds=1)
    Photo.objects.filter(pk=photo.pk).update(renditions_queued_at=stale)
    assert not rendition_jobs.waiting(Photo.objects.get(pk=photo.pk))  # the desk may ask again
    assert rendition_jobs.claim(photo) is True


def test_failures_count_up_to_the_last_attempt_then_stay_failed_until_claimed(photo):
    key = photo.rendition_key()
    rendition_jobs.claim(photo)
    for attempt in range(1, rendition_jobs.MAX_ATTEMPTS):
        assert rendition_jobs.record_failure(photo, key, attempt=attempt, error="OSError: x")
        assert state(photo)[0] == RenditionState.QUEUED
    last = rendition_jobs.MAX_ATTEMPTS
    assert not rendition_jobs.record_failure(photo, key, attempt=last, error="OSError: x")
    assert state(photo) == (RenditionState.FAILED, key, last, "OSError: x")
    photo.refresh_from_db(fields=["renditions_state", "renditions_attempts", "renditions_error"])
    assert rendition_jobs.describe(photo) == "failed after 4 attempts: OSError: x"
    assert rendition_jobs.claim(photo) is True  # the desk asks again
    assert state(photo) == (RenditionState.QUEUED, key, 0, "")


def test_the_wait_grows_between_attempts():
    delays = [rendition_jobs.retry_delay(n) for n in (1, 2, 3)]
    assert delays == [timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=8)]


def test_a_finished_task_does_not_hide_a_newer_pending_one(photo):
    old_key = photo.rendition_key()
    photo.focal_x = 0.2
    photo.save()
    rendition_jobs.claim(photo)  # for the new focal point
    rendition_jobs.mark_ready(photo, old_key)
    assert state(photo)[:2] == (RenditionState.QUEUED, photo.rendition_key())
    rendition_jobs.mark_ready(photo, photo.rendition_key())
    assert state(photo)[:2] == (RenditionState.READY, photo.rendition_key())


def test_the_maker_reads_the_original_once_and_makes_only_what_is_missing(photo, monkeypatch):
    opened = []
    storage = photo.image.storage
    real_open = storage.open
    monkeypatch.setattr(storage, "open", lambda *a, **k: opened.append(a[0]) or real_open(*a, **k))
    assert missing_specs(photo, SPECS) == SPECS
    made = make_renditions(photo, SPECS)
    assert sorted(r.spec for r in made) == sorted(SPECS) and opened == [photo.image.name]
    fresh = Photo.objects.get(pk=photo.pk)
    assert missing_specs(fresh, SPECS) == [] and make_renditions(fresh, SPECS) == []
    fresh.focal_y = 0.9  # crops depend on it, "width-800" does not
    assert missing_specs(fresh, SPECS) == ["fill-400x225", "crop-1x1"]
