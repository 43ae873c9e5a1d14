"""Feeds in the admin, and their health on the wire list."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from wire.models import WireFeed

pytestmark = pytest.mark.django_db
WIRE_LIST = "/admin/wire/wireitem/"
ADD_FEED = "/admin/wire/wirefeed/add/"


def make_feed(name, **fields):
    fields.setdefault("url", f"http://agency.example/{name}")
    return WireFeed.objects.create(name=name, **fields)


def health_box(response) -> str:
    html = response.content.decode()
    start = html.index('id="feed-health"')
    return html[start : html.index("</table>", start)]


def test_the_wire_list_shows_each_feeds_health(client, editor):
    now = timezone.now()
    make_feed("AFP", last_item_at=now - timedelta(minutes=3), last_checked_at=now)
    make_feed(
        "Reuters",
        last_item_at=now - timedelta(minutes=10),
        last_checked_at=now,
        last_error_at=now,
        last_error="the feed answered 500 Internal Server Error",
    )
    make_feed("dpa", last_item_at=now - timedelta(hours=5), last_checked_at=now, quiet_after=60)
    make_feed("Old", active=False)
    client.force_login(editor)

    response = client.get(WIRE_LIST)

    assert response.status_code == 200
    box = health_box(response)
    assert "Feeds: 2 need attention" in box
    rows = box.split("<tr>")[2:]
    assert [row.split("</th>")[0].rsplit(">", 1)[-1] for row in rows] == ["AFP", "Reuters", "dpa"]
    afp, reuters, dpa = rows
    assert "3\xa0minutes ago" in afp and ">OK<" in afp
    # The error's text is for those who configure feeds (test_ingest_robust.py).
    assert "Last check failed<" in reuters and "error (0\xa0minutes ago)" in reuters
    assert "Nothing delivered for over 60 minutes" in dpa
    assert "5\xa0hours ago" in dpa
    assert "agency.example" not in box  # addresses may carry an agency's token


def test_the_wire_list_shows_a_feeds_error_only_to_who_configures_feeds(client, editor):
    now = timezone.now()
    error = "could not reach the feed: feeds.intranet.local refused"  # an internal name
    make_feed("Reuters", last_checked_at=now, last_error_at=now, last_error=error)
    client.force_login(editor)
    row = health_box(client.get(WIRE_LIST))
    assert "intranet" not in row
    assert "error (0\xa0minutes ago)" in row and "Last check failed<" in row

    editor.user_permissions.add(Permission.objects.get(codename="change_wirefeed"))
    editor = type(editor).objects.get(pk=editor.pk)  # permissions are cached on the user
    client.force_login(editor)
    row = health_box(client.get(WIRE_LIST))
    assert "Last check failed: could not reach the feed: feeds.intranet.local refused" in row
    assert "could not reach the feed: feeds.intranet.local refused (0\xa0minutes ago)" in row


def test_a_feed_never_delivering_warns_once_past_its_quiet_time(client, editor):
    feed = make_feed("AP", quiet_after=30)
    client.force_login(editor)
    assert ">OK<" in health_box(client.get(WIRE_LIST))
    WireFeed.objects.filter(pk=feed.pk).update(created_at=timezone.now() - timedelta(hours=1))
    box = health_box(client.get(WIRE_LIST))
    assert "Nothing delivered for over 30 minutes" in box and "never" in box


def test_no_box_without_feeds(client, editor):
    client.force_login(editor)
    assert 'id="feed-health"' not in client.get(WIRE_LIST).content.decode()


def test_the_feed_box_costs_one_query_however_many_feeds(client, editor):
    client.force_login(editor)
    make_feed("first")
    with CaptureQueriesContext(connection) as one:
        client.get(WIRE_LIST)
    for n in range(5):
        make_feed(f"feed{n}")
    with CaptureQueriesContext(connection) as six:
        assert len(health_box(client.get(WIRE_LIST)).split("<tr>")) == 8
    assert len(six) == len(one)


def test_an_admin_adds_a_feed(admin_client, task_queue, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            ADD_FEED,
            {
                "name": "dpa",
                "kind": "url",
                "url": "https://agency.example/ninjs",
                "path": "",
                "agency": "dpa",
                "active": "on",
                "interval": "60",
                "quiet_after": "120",
            },
        )
    assert response.status_code == 302
    feed = WireFeed.objects.get()
    assert feed.url == "https://agency.example/ninjs"
    # Its check chain starts in the task queue, not in the request.
    assert feed.last_checked_at is None
    assert [t.args_kwargs["args"] for t in DBTaskResult.objects.all()] == [[feed.pk]]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"kind": "url", "url": ""}, "url", "A feed URL needs its address."),
        (
            {"kind": "url", "url": "ftp://agency.example/f"},
            "url",
            "Only http and https addresses can be pulled.",
        ),
        ({"kind": "folder", "path": ""}, "path", "A drop folder needs its path."),
        (
            {"kind": "folder", "path": "incoming/afp"},
            "path",
            "Give the folder's full path, starting with /.",
        ),
    ],
    ids=["url-missing", "ftp", "path-missing", "relative-path"],
)
def test_a_feed_without_a_usable_address_is_refused(admin_client, fields, field, message):
    data = {"name": "x", "url": "", "path": "", "interval": "60", "quiet_after": "120", **fields}
    response = admin_client.post(ADD_FEED, data)
    assert response.status_code == 200
    assert message in response.context["adminform"].form.errors[field]
    assert not WireFeed.objects.exists()


def test_check_now_queues_the_selected_feeds(
    admin_client, task_queue, django_capture_on_commit_callbacks
):
    feed = make_feed("AFP", last_checked_at=timezone.now())
    off = make_feed("Old", active=False)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/wire/wirefeed/",
            {"action": "check_now", "_selected_action": [feed.pk, off.pk]},
        )
    assert response.status_code == 302
    feed.refresh_from_db()
    assert feed.last_checked_at is None  # due at once
    assert [t.args_kwargs["args"] for t in DBTaskResult.objects.all()] == [[feed.pk]]


@pytest.mark.parametrize("role", ["reporter", "editor"])
def test_only_admins_configure_feeds(client, cast, role):
    client.force_login(cast[role])
    assert client.get(ADD_FEED).status_code == 403
