"""Feed URLs pulled from a real local HTTP server: conditional requests, errors recorded on the
feed in one line, the task chain, the admin, and the health box on the wire list."""

import json
import os
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.processes import free_port
from tests.wire.conftest import example
from wire import feeds
from wire.models import WireFeed, WireItem

pytestmark = pytest.mark.django_db

ETAG = '"v1"'
MODIFIED = "Wed, 02 Dec 2026 10:00:00 GMT"


class Feed:
    """What the server answers next, and the request headers it has seen."""

    def __init__(self) -> None:
        self.status, self.body, self.delay = 200, b"", 0.0
        self.headers: dict[str, str] = {}  # what the answer carries
        self.redirects: dict[str, str] = {}  # path → Location
        self.requests: list[dict[str, str]] = []


@pytest.fixture(autouse=True)
def local_feeds(settings):
    settings.WIRE_FEED_ALLOW_PRIVATE = True  # the test server is on 127.0.0.1


@pytest.fixture
def served():
    state = Feed()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            state.requests.append(dict(self.headers))
            time.sleep(state.delay)
            if self.path in state.redirects:
                self.send_response(302)
                self.send_header("Location", state.redirects[self.path])
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            conditional = self.headers.get("If-None-Match") == state.headers.get("ETag")
            if state.headers.get("ETag") and conditional:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(state.status)
            for name, value in state.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(state.body)))
            self.end_headers()
            self.wfile.write(state.body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/feed"
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def feed(served):
    return WireFeed.objects.create(name="dpa", url=served.url, agency="dpa")


def ninjs_list(*names: str) -> bytes:
    """Our own export's shape (wire.views.ninjs_list): the items under `items`."""
    items = [json.loads(example(name)) for name in names]
    return json.dumps({"count": len(items), "page": 1, "items": items}).encode()


def test_an_item_holding_half_a_surrogate_pair_fails_alone(served, feed):
    body = ninjs_list("3.0_dpa_text.json", "3.0_ntb_text.json").decode()
    served.body = body.replace('"uri": "', '"uri": "\\ud800', 1).encode()  # the first item's
    outcomes = feeds.check(feed)
    assert [(o.result, o.message) for o in outcomes][0] == (
        "failed",
        "invalid JSON: half a surrogate pair (U+D800) alone in a string",
    )
    assert [o.result for o in outcomes][1:] == ["created"]
    assert WireItem.objects.count() == 1


def test_a_feed_answering_200_is_imported_and_its_validators_kept(served, feed):
    served.body = ninjs_list("3.0_dpa_text.json", "3.0_ntb_text.json")
    served.headers = {"ETag": ETAG, "Last-Modified": MODIFIED}

    outcomes = feeds.check(feed)

    assert [o.result for o in outcomes] == ["created", "created"]
    feed.refresh_from_db()
    assert (feed.etag, feed.last_modified) == (ETAG, MODIFIED)
    assert feed.items_imported == 2 and feed.last_item_at is not None
    assert feed.last_error == "" and not feed.failing
    assert WireItem.objects.count() == 2
    assert "If-None-Match" not in served.requests[0]


def test_the_next_pull_is_conditional_and_a_304_imports_nothing(served, feed):
    served.body = ninjs_list("3.0_dpa_text.json")
    served.headers = {"ETag": ETAG, "Last-Modified": MODIFIED}
    feeds.check(feed)
    imported_at = WireFeed.objects.get().last_item_at

    assert feeds.check(feed) == []

    sent = served.requests[-1]
    assert sent["If-None-Match"] == ETAG
    assert sent["If-Modified-Since"] == MODIFIED
    feed.refresh_from_db()
    assert feed.items_imported == 1 and feed.last_item_at == imported_at
    assert not feed.failing
    assert WireItem.objects.count() == 1


def test_a_changed_feed_imports_only_what_is_new(served, feed):
    served.body = ninjs_list("3.0_dpa_text.json")
    feeds.check(feed)
    served.body = ninjs_list("3.0_dpa_text.json", "3.0_ntb_text.json")
    assert [o.result for o in feeds.check(feed)] == ["skipped", "created"]
    assert WireFeed.objects.get().items_imported == 2


@pytest.mark.parametrize(
    "body",
    [
        json.dumps([json.loads(example("3.0_dpa_text.json"))]).encode(),
        example("3.0_dpa_text.json"),
    ],
    ids=["array", "single-item"],
)
def test_a_bare_array_or_a_single_item_is_read_too(served, feed, body):
    served.body = body
    assert [o.result for o in feeds.check(feed)] == ["created"]


@pytest.mark.parametrize(
    ("status", "body", "error"),
    [
        (500, b"oops", "the feed answered 500 Internal Server Error"),
        (404, b"", "the feed answered 404 Not Found"),
        (200, b'{"items": [', "the feed is not valid JSON: Expecting value: line 1 column 12"),
        (200, b"Hello, world", "the feed is neither JSON nor XML"),
        (200, b'{"items": [1, 2]}', "the feed's list holds something other than items"),
        (200, b"[" * 100_000, "the feed is nested more than 32 levels deep; the limit is 32"),
        (200, b"[\xff]", "the feed is not valid JSON: 'utf-8' codec can't decode byte 0xff"),
    ],
    ids=["500", "404", "broken-json", "not-json", "not-items", "too-deep", "not-utf8"],
)
def test_a_failed_pull_is_recorded_on_the_feed_in_one_line(served, feed, status, body, error):
    served.status, served.body = status, body
    assert feeds.check(feed) == []
    feed.refresh_from_db()
    assert feed.last_error.startswith(error)
    assert "\n" not in feed.last_error
    assert feed.failing and feed.last_error_at == feed.last_checked_at
    assert not WireItem.objects.exists()


def test_a_feed_that_does_not_answer_in_time_is_recorded(served, feed, monkeypatch):
    monkeypatch.setattr(feeds, "TIMEOUT_SECONDS", 0.3)
    served.delay, served.body = 1.0, ninjs_list("3.0_dpa_text.json")
    feeds.check(feed)
    feed.refresh_from_db()
    assert feed.last_error == "no answer within 0.3 seconds"
    assert not WireItem.objects.exists()


def test_a_feed_over_the_size_limit_is_refused_unread(served, feed, settings):
    settings.WIRE_MAX_BYTES = 1024
    served.body = ninjs_list("3.0_dpa_text.json", "3.0_ntb_text.json")
    feeds.check(feed)
    feed.refresh_from_db()
    assert feed.last_error.startswith("the feed is too large: ")
    assert "the limit is 1 KB" in feed.last_error
    assert not WireItem.objects.exists()


def test_one_bad_item_is_recorded_and_the_others_imported(served, feed):
    items = [json.loads(example("3.0_dpa_text.json")), {"uri": "x"}]
    served.body = json.dumps({"items": items}).encode()
    assert [o.result for o in feeds.check(feed)] == ["created", "failed"]
    feed.refresh_from_db()
    assert feed.items_imported == 1
    assert feed.last_error.startswith("failed: dpa item 2: ")
    assert feed.failing


def test_a_successful_check_after_a_failure_clears_the_warning(served, feed):
    served.status = 500
    feeds.check(feed)
    assert feed.failing
    served.status, served.body = 200, ninjs_list("3.0_dpa_text.json")
    feeds.check(feed)
    feed.refresh_from_db()
    assert not feed.failing
    assert feed.last_error.startswith("the feed answered 500")  # kept as history


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "ftp://example.org/feed.json", "gopher://example.org/"],
)
def test_only_http_and_https_are_pulled(url):
    with pytest.raises(feeds.FeedError, match="only http and https"):
        feeds.fetch(url)


def test_a_redirect_to_another_scheme_is_not_followed(served, feed):
    served.redirects["/feed"] = "file:///etc/passwd"
    feeds.check(feed)
    feed.refresh_from_db()
    assert feed.last_error == "redirected to a file address"


def test_a_redirect_to_a_malformed_address_is_one_line(served, feed, caplog):
    served.redirects["/feed"] = "http://[::1"
    feeds.check(feed)
    feed.refresh_from_db()
    assert feed.last_error == "redirected to a malformed address 'http://[::1'"
    assert "Traceback" not in caplog.text


def test_a_redirect_to_http_is_followed(served, feed):
    served.redirects["/feed"] = served.url + "?moved"
    served.body = ninjs_list("3.0_dpa_text.json")
    feeds.check(feed)
    assert len(served.requests) == 2
    assert WireItem.objects.count() == 1


def test_a_feed_is_checked_once_per_interval(feed):
    assert feeds.claim_check(feed)
    assert not feeds.claim_check(feed)  # checked just now
    rival = WireFeed.objects.get()
    rival.last_checked_at = timezone.now() - timedelta(hours=1)  # a stale copy
    assert not feeds.claim_check(rival)  # the row moved on: the other process has it
    feed.interval, feed.last_checked_at = 5, timezone.now() - timedelta(seconds=6)
    feed.save()
    assert feeds.claim_check(feed)


def test_the_worker_checks_every_due_active_feed(served, feed, capsys):
    served.body = ninjs_list("3.0_dpa_text.json")
    WireFeed.objects.create(name="off", url=served.url + "?off", active=False)
    call_command("ingest_wire", "--feeds", "--once")
    assert WireItem.objects.count() == 1
    assert [r["Host"] for r in served.requests] == [served.url.split("/")[2]]
    assert WireFeed.objects.get(name="off").last_checked_at is None


def test_pull_command_pulls_an_unconfigured_url_once(served, capsys):
    served.body = ninjs_list("3.0_dpa_text.json")
    call_command("ingest_wire", "--pull", served.url, "--once")
    assert capsys.readouterr().out == f"{served.url}: 1 imported, 0 not new\n"
    assert WireItem.objects.count() == 1


def test_a_failed_pull_fails_the_command(served, capsys):
    served.status, served.body = 500, b"down"
    with pytest.raises(CommandError, match="the pull failed") as failed:
        call_command("ingest_wire", "--pull", served.url, "--once")
    assert failed.value.returncode == 1
    captured = capsys.readouterr()
    assert captured.err.startswith(f"{served.url}: ")
    assert captured.out == f"{served.url}: 0 imported, 0 not new\n"


def test_the_task_checks_its_feed_and_comes_back_after_the_interval(
    served, feed, task_queue, django_capture_on_commit_callbacks
):
    served.body = ninjs_list("3.0_dpa_text.json")
    with django_capture_on_commit_callbacks(execute=True):
        feeds.check_feed.call(feed.pk)
    assert WireItem.objects.count() == 1
    [queued] = DBTaskResult.objects.all()
    assert queued.args_kwargs["args"] == [feed.pk]
    expected = timezone.now() + timedelta(seconds=feed.interval)
    assert abs((queued.run_after - expected).total_seconds()) < 5

    # A second chain (the feed saved in the admin meanwhile) finds it not due and ends.
    with django_capture_on_commit_callbacks(execute=True):
        feeds.check_feed.call(feed.pk)
    assert DBTaskResult.objects.count() == 1
    assert len(served.requests) == 1


def test_the_task_chain_ends_when_the_feed_is_switched_off(feed, task_queue):
    WireFeed.objects.filter(pk=feed.pk).update(active=False)
    feeds.check_feed.call(feed.pk)
    assert not DBTaskResult.objects.exists()


def test_enqueue_starts_a_chain_per_active_feed(feed, task_queue, capsys):
    WireFeed.objects.create(name="off", url=feed.url, active=False)
    call_command("ingest_wire", "--feeds", "--enqueue")
    assert capsys.readouterr().out == "started the checks of 1 feeds\n"
    assert [t.args_kwargs["args"] for t in DBTaskResult.objects.all()] == [[feed.pk]]


def test_a_redirect_to_ftp_is_not_followed(served, feed):
    served.redirects["/feed"] = "ftp://127.0.0.1/feed.json"
    feeds.check(feed)
    feed.refresh_from_db()
    assert feed.last_error == "redirected to a ftp address"


def test_a_feed_nobody_answers_at_is_recorded(feed):
    feed.url = f"http://127.0.0.1:{free_port()}/feed"
    feeds.check(feed)
    feed.refresh_from_db()
    assert feed.last_error.startswith("could not reach the feed: ")
    assert "refused" in feed.last_error


def test_the_worker_sweeps_a_configured_drop_folder(tmp_path, settings):
    settings.WIRE_DROP_ROOTS = [str(tmp_path)]
    inbox = tmp_path / "afp"
    inbox.mkdir()
    feed = WireFeed.objects.create(name="AFP drop", kind="folder", path=str(inbox))
    (inbox / "dpa.json").write_bytes(example("3.0_dpa_text.json"))
    (inbox / "broken.json").write_bytes(b"{")
    for path in inbox.iterdir():
        os.utime(path, (time.time() - 60, time.time() - 60))

    assert feeds.check_due_feeds() == 1

    feed.refresh_from_db()
    assert feed.items_imported == 1 and feed.last_item_at is not None
    assert feed.last_error.startswith("failed: broken.json: ")
    assert os.listdir(inbox / "done") == ["dpa.json"]
    assert sorted(os.listdir(inbox / "failed")) == ["broken.json", "broken.json.error.txt"]


def test_a_worker_told_to_stop_checks_no_further_feed(feed):
    stopping = threading.Event()
    stopping.set()
    assert feeds.check_due_feeds(stopping) == 0
    feed.refresh_from_db()
    assert feed.last_checked_at is None
