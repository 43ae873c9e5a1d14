"""The fronts through the page cache, the editor's bad posts and the plain change form."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles import cache as page_cache
from articles.models import Teaser
from fronts import read, schedule
from fronts.models import HOME, Crop, Front
from tests.fronts.test_fronts import ARRANGE, arrange, form_data, published

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]


@pytest.fixture
def page_cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 3600


def s_maxage(response) -> int:
    return int(response.headers["Cache-Control"].split("s-maxage=")[1].split(",")[0])


@pytest.mark.usefixtures("page_cache_on")
def test_an_expiring_slot_caps_the_page_cache_and_the_edge(client):
    a, b = published(2)
    arrange(lead=b, expires_at=timezone.now() + timedelta(seconds=90))
    assert 0 < s_maxage(client.get("/")) <= 90
    assert page_cache._seconds_left(3600) <= 90
    assert schedule.next_change() <= (timezone.now() + timedelta(seconds=90)).timestamp()


def test_an_old_arrangements_expiry_caps_nothing():
    a, b = published(2)
    old = arrange(lead=b, expires_at=timezone.now() + timedelta(seconds=90))
    old.goes_live_at = timezone.now() - timedelta(hours=1)
    old.save()
    arrange(lead=a)  # the newest live arrangement has no expiry
    # b's slot belongs to an arrangement no longer live
    assert schedule.next_from_database() is None


def test_saving_queues_a_purge_at_each_slot_expiry(task_queue):
    (a,) = published(1)
    expiry = timezone.now() + timedelta(minutes=30)
    arrangement = arrange(lead=a, expires_at=expiry)
    schedule.arranged(arrangement)
    runs = DBTaskResult.objects.filter(task_path="fronts.schedule.goes_live")
    assert expiry in set(runs.values_list("run_after", flat=True))


def test_the_schedule_is_forgotten_only_once_the_save_commits(
    django_capture_on_commit_callbacks,
):
    cache.set(page_cache.NEXT_SCHEDULED_KEY, 12345.0, timeout=None)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        schedule.forget_next_change()
        assert cache.get(page_cache.NEXT_SCHEDULED_KEY) == 12345.0
    assert cache.get(page_cache.NEXT_SCHEDULED_KEY) is None


def test_the_plain_change_form_cannot_change_a_fronts_page(client, editor):
    (a,) = published(1)
    front = arrange(lead=a).front
    client.force_login(editor)
    url = f"/admin/fronts/front/{front.pk}/change/"
    answer = client.post(url, {"page": "section-1"})
    assert answer.status_code == 403
    assert Front.objects.get().page == HOME


@pytest.mark.parametrize(
    "extra",
    [
        {"move": "0:up", "form-TOTAL_FORMS": "abc"},
        {"move": "0:up", "form-0-position": "--1"},
        {"form-0-position": "--1", "action": "save"},
        {"move": "0:up", "form-TOTAL_FORMS": "1000000000"},
        {"action": "save", "form-TOTAL_FORMS": "1000000000"},
    ],
)
def test_bad_posts_to_the_editor_are_refused_not_500s(client, editor, extra):
    (a,) = published(1)
    client.force_login(editor)
    answer = client.post(ARRANGE, form_data([{"article": a.pk}], **extra))
    assert answer.status_code in (200, 400)
    assert not Front.objects.exists()


def test_a_curated_front_sends_no_last_modified(client):
    (a,) = published(1)
    arrange(lead=a)
    answer = client.get("/")
    assert "Last-Modified" not in answer.headers and answer.headers["ETag"]


def test_the_fronts_visibility_check_is_the_teaser_querysets():
    """read.visible() checks a row read with its slot as Teaser.objects.visible() filters."""
    now = timezone.now()
    hour = timedelta(hours=1)
    cases = [(-hour, None), (-hour, -hour / 2), (-hour, hour), (hour, None), (hour, 2 * hour)]
    stories = published(len(cases))
    for story, (published_at, embargo) in zip(stories, cases, strict=True):
        Teaser.objects.filter(pk=story.pk).update(
            published_at=now + published_at, embargo_until=embargo and now + embargo
        )
    rows = Teaser.objects.filter(pk__in=[s.pk for s in stories])
    by_rule = {row.pk for row in rows if read.visible(row.published_at, row.embargo_until, now)}
    assert by_rule == set(rows.visible().values_list("pk", flat=True))  # an hour from any edge
    assert len(by_rule) == 2
    assert not read.visible(None, None, now)  # no row: not published


def test_a_slot_is_read_back_column_for_column():
    """The hand-written query's columns reach each Placing field (and its teaser row's)."""
    (story,) = published(1)
    slot = {"headline": "Front only", "standfirst": "Short", "crop": Crop.WIDE}
    slot["expires_at"] = timezone.now() + timedelta(hours=2)
    arrange(blocks={"Opinion": [story]}, **slot)
    found = read.live(HOME, timezone.now())
    expected = read.Placing(story.pk, "block", "Opinion", 0, **slot)
    assert found.slots == [expected]
    assert found.slots[0].expires_at.tzinfo is not None
    row = found.rows[story.pk]
    assert (row.published_at, row.data) == (story.teaser.published_at, story.teaser.data)
    assert found.article_ids == [story.pk]
