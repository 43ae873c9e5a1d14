"""Feed URLs pulled defensively: answers cut short or trickled, validators kept only for a whole
import, and only public addresses reached (the form, each connection, each redirect), never
through an environment proxy."""

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.wire.conftest import example
from wire import addresses, feeds
from wire.importer import SKIPPED, Outcome
from wire.models import WireFeed, WireItem

pytestmark = pytest.mark.django_db

ETAG = '"v1"'
BODY = json.dumps({"items": [json.loads(example("3.0_dpa_text.json"))]}).encode()


class Server:
    """A local HTTP server; `answer(handler)` writes each response, `requests` records paths."""

    def __init__(self):
        self.requests: list[str] = []
        self.answer = whole(BODY)

    def __enter__(self):
        state = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                state.requests.append(self.path)
                state.answer(self)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/feed"
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def whole(body: bytes, **headers):
    def answer(handler):
        handler.send_response(200)
        for name, value in {"Content-Length": str(len(body)), **headers}.items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(body)

    return answer


@pytest.fixture
def served():
    with Server() as server:
        yield server


@pytest.fixture
def local(settings):
    settings.WIRE_FEED_ALLOW_PRIVATE = True


@pytest.fixture
def feed(served):
    return WireFeed.objects.create(name="dpa", url=served.url)


def last_error(feed) -> str:
    feed.refresh_from_db()
    return feed.last_error


# 3. Answers cut short; validators only for a whole import


def test_a_body_shorter_than_its_content_length_is_refused(served, feed, local):
    def cut_short(handler):  # a whole JSON document, but the connection ends early
        handler.send_response(200)
        handler.send_header("Content-Length", str(len(BODY) + 100))
        handler.send_header("ETag", ETAG)
        handler.end_headers()
        handler.wfile.write(BODY)

    served.answer = cut_short
    assert feeds.check(feed) == []
    cut = f"the answer was cut short: {len(BODY)} of {len(BODY) + 100} bytes arrived"
    assert last_error(feed) == cut
    assert feed.etag == "" and not WireItem.objects.exists()


def test_a_chunked_body_cut_short_is_recorded_not_raised(served, feed, local):
    def cut_short(handler):
        handler.protocol_version = "HTTP/1.1"
        handler.send_response(200)
        handler.send_header("Transfer-Encoding", "chunked")
        handler.send_header("Connection", "close")
        handler.end_headers()
        handler.wfile.write(b"400\r\n" + BODY[:100])
        handler.close_connection = True

    served.answer = cut_short
    assert feeds.check(feed) == []
    assert last_error(feed).startswith("could not read the feed: IncompleteRead")
    assert not WireItem.objects.exists()


def test_a_body_trickled_past_the_deadline_is_refused(served, feed, local, monkeypatch):
    monkeypatch.setattr(feeds, "BODY_SECONDS", 0.5)

    def trickle(handler):  # every read well within the socket timeout, the whole not
        handler.send_response(200)
        handler.send_header("Content-Length", str(len(BODY)))
        handler.end_headers()
        for start in range(0, len(BODY), len(BODY) // 8 + 1):
            handler.wfile.write(BODY[start : start + len(BODY) // 8 + 1])
            handler.wfile.flush()
            time.sleep(0.15)

    served.answer = trickle
    assert feeds.check(feed) == []
    assert last_error(feed) == "the feed took over 0.5 seconds to send"
    assert not WireItem.objects.exists()


@pytest.mark.parametrize("headers", [True, False])
def test_an_answer_whose_headers_trickle_is_cut_at_the_deadline(
    served, feed, local, monkeypatch, headers
):
    """Each line well within the socket's timeout: only the whole answer's deadline stops it
    (before the body is reached, so read_limited's own check never runs)."""
    monkeypatch.setattr(feeds, "BODY_SECONDS", 0.5)
    stop = threading.Event()

    def trickle(handler):
        handler.send_response(200)
        give_up = time.monotonic() + 5  # without the deadline the test fails, never hangs
        while not stop.is_set() and time.monotonic() < give_up:
            if headers:
                handler.send_header("X-Padding", "x")
                handler.flush_headers()
            time.sleep(0.1)

    served.answer = trickle
    started = time.monotonic()
    try:
        assert feeds.check(feed) == []
    finally:
        stop.set()
    assert time.monotonic() - started < 3
    assert last_error(feed) == "the feed took over 0.5 seconds to send"


def test_validators_are_kept_only_when_every_item_imported(served, feed, local):
    items = [json.loads(example("3.0_dpa_text.json")), {"uri": "x"}]
    served.answer = whole(json.dumps({"items": items}).encode(), ETag=ETAG)
    assert [o.result for o in feeds.check(feed)] == ["created", "failed"]
    feed.refresh_from_db()
    assert feed.etag == ""  # the next pull fetches the whole answer, the failed item again

    served.answer = whole(BODY, ETag=ETAG)
    assert [o.result for o in feeds.check(feed)] == ["skipped"]
    feed.refresh_from_db()
    assert feed.etag == ETAG


def test_validators_are_not_kept_when_an_item_is_to_be_tried_again(
    served, feed, local, monkeypatch
):
    busy = Outcome("dpa item 1", SKIPPED, "database is locked")
    busy.temporary = True
    monkeypatch.setattr(feeds, "import_file", lambda *args, **kwargs: [busy])
    served.answer = whole(BODY, ETag=ETAG)
    feeds.check(feed)
    feed.refresh_from_db()
    assert feed.etag == ""


def test_an_unexpected_error_in_a_pull_is_recorded_in_one_line(served, feed, local, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("kaboom\nTraceback …")

    monkeypatch.setattr(feeds, "import_file", broken)
    assert feeds.check(feed) == []
    assert last_error(feed) == "RuntimeError: kaboom"


# 4. Public addresses only


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1",
        "0.0.0.0", "224.0.0.1", "240.0.0.1", "255.255.255.255", "::1", "::", "fe80::1%eth0",
        "fc00::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "fec0::1",
    ],
)  # fmt: skip
def test_private_loopback_link_local_multicast_and_reserved_addresses_are_not_public(address):
    assert not addresses.is_public(address)


@pytest.mark.parametrize(
    "address", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946", "::ffff:93.184.216.34"]
)
def test_internet_addresses_are_public(address):
    assert addresses.is_public(address)


def test_a_feed_on_a_private_address_is_refused_before_any_request(served, feed):
    assert feeds.check(feed) == []
    assert last_error(feed) == (
        "127.0.0.1 is at 127.0.0.1, a private or reserved address: "
        "feeds are pulled from the public internet only"
    )
    assert served.requests == []


def fake_dns(monkeypatch, answers: dict[str, list[str]]) -> list[str]:
    """getaddrinfo answering from `answers` (each name's list taken in turn); the names asked."""
    asked = []

    def getaddrinfo(host, port, *args, **kwargs):
        asked.append(host)
        address = answers[host].pop(0) if len(answers[host]) > 1 else answers[host][0]
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return asked


def test_a_name_resolving_to_a_private_address_is_refused(served, feed, monkeypatch):
    fake_dns(monkeypatch, {"wire.example": ["10.0.0.7"]})
    feed.url = served.url.replace("127.0.0.1", "wire.example")
    feeds.check(feed)
    assert last_error(feed).startswith("wire.example is at 10.0.0.7, a private or reserved")
    assert served.requests == []


def test_the_connection_goes_to_the_address_checked_not_to_a_second_answer(
    served, feed, monkeypatch
):
    # As if 127.0.0.1 were public: DNS answers it first, then (rebinding) an office address.
    monkeypatch.setattr(addresses, "is_public", lambda address: address == "127.0.0.1")
    asked = fake_dns(monkeypatch, {"wire.example": ["127.0.0.1", "10.0.0.7"]})
    feed.url = served.url.replace("127.0.0.1", "wire.example")
    assert [o.result for o in feeds.check(feed)] == ["created"]
    assert asked == ["wire.example"] and served.requests == ["/feed"]


def test_a_redirect_is_checked_like_the_first_address(served, feed, monkeypatch):
    monkeypatch.setattr(addresses, "is_public", lambda address: address == "127.0.0.1")

    def redirect(handler):
        handler.send_response(302)
        handler.send_header("Location", f"http://127.0.0.2:{served.port}/internal")
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    served.answer = redirect
    feeds.check(feed)
    assert last_error(feed).startswith("127.0.0.2 is at 127.0.0.2, a private or reserved")
    assert served.requests == ["/feed"]


def test_environment_proxies_are_never_used(served, local, monkeypatch):
    with Server() as proxy:
        for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY"):
            monkeypatch.setenv(name, f"http://127.0.0.1:{proxy.port}")
        for name in ("no_proxy", "NO_PROXY"):
            monkeypatch.delenv(name, raising=False)
        opener = addresses.opener(feeds.SameSchemesRedirects)
        with opener.open(served.url, timeout=5) as response:
            assert response.read() == BODY
        assert proxy.requests == [] and served.requests == ["/feed"]


@pytest.mark.parametrize(
    ("url", "address"),
    [
        ("http://127.0.0.1:8000/feed", "127.0.0.1"),
        ("http://localhost/feed", "127.0.0.1"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254"),
        ("http://10.0.0.8/ninjs", "10.0.0.8"),
        ("http://[::1]/feed", "::1"),
    ],
    ids=["loopback", "localhost", "metadata", "office", "ipv6-loopback"],
)
def test_the_admin_refuses_a_feed_url_on_a_private_address(admin_client, url, address):
    data = {"name": "x", "kind": "url", "url": url, "path": "", "interval": "60"}
    response = admin_client.post("/admin/wire/wirefeed/add/", {**data, "quiet_after": "120"})
    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors["url"]
    assert f"is at {address}, a private or reserved address" in error
    assert not WireFeed.objects.exists()


def test_the_admin_takes_a_private_feed_url_where_allowed(admin_client, local):
    data = {"name": "x", "kind": "url", "url": "http://10.0.0.8/ninjs", "path": ""}
    response = admin_client.post(
        "/admin/wire/wirefeed/add/", {**data, "interval": "60", "quiet_after": "120"}
    )
    assert response.status_code == 302
    assert WireFeed.objects.get().url == "http://10.0.0.8/ninjs"


def test_the_admin_refuses_a_port_out_of_range_in_one_line(admin_client):
    data = {"name": "x", "kind": "url", "url": "http://wire.example:99999/", "path": ""}
    response = admin_client.post(
        "/admin/wire/wirefeed/add/", {**data, "interval": "60", "quiet_after": "120"}
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["url"] == [
        "The address's port is not a number from 1 to 65535."
    ]
