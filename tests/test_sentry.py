"""With SENTRY_DSN set, an unhandled error reaches Sentry, without cookies or passwords.

The DSN points at a stub HTTP server on a real socket in this process; the site runs in a
subprocess, so the SDK's global set-up never leaks into the rest of the suite.
"""

import gzip
import json
import os
import subprocess
import sys
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# The site, with a view that fails on a form post carrying a password and a session cookie.
SITE = """
import django, sentry_sdk
from django.test import Client, override_settings
from django.urls import include, path

django.setup()


def fails(request, token=""):
    raise RuntimeError("the wire feed sent something unexpected")


# A share link's address, as if its page failed: the token opens an unpublished article.
urlpatterns = [path("preview/<str:token>/", fails), path("", include("newsroom.urls"))]
handler500 = "newsroom.errors.server_error"

with override_settings(ROOT_URLCONF=__name__):
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "session-cookie-value-42"
    response = client.post(
        "/preview/share-token-secret-77/",
        {"username": "editor", "password": "correct-horse-battery"},
        secure=True,
    )
    assert response.status_code == 500, response.status_code
sentry_sdk.flush(timeout=10)
"""


class Collector(BaseHTTPRequestHandler):
    bodies: list[bytes] = []

    def do_POST(self):
        raw = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding", "")
        if encoding == "gzip":
            raw = gzip.decompress(raw)
        elif encoding == "deflate":
            raw = zlib.decompress(raw)
        elif encoding:
            raise AssertionError(f"unexpected encoding {encoding}")
        type(self).bodies.append(raw)
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def sentry_stub():
    Collector.bodies = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Collector)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], Collector.bodies
    server.shutdown()
    server.server_close()


def events(bodies):
    """The error events in the envelopes: header line, then item header and payload pairs."""
    found = []
    for body in bodies:
        lines = body.split(b"\n")
        for header, payload in zip(lines[1::2], lines[2::2], strict=False):
            if json.loads(header).get("type") == "event":
                found.append(json.loads(payload))
    return found


def test_an_unhandled_error_reaches_sentry_without_cookies_or_passwords(sentry_stub, tmp_path):
    port, bodies = sentry_stub
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SENTRY_"))},
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DEBUG": "false",
        "SECRET_KEY": "sentry-test-" + "x" * 50,
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        "SENTRY_DSN": f"http://publickey@127.0.0.1:{port}/7",
        "SENTRY_ENVIRONMENT": "test-newsroom",
        "SENTRY_RELEASE": "newsroom@1.2.3",
        "LOG_FORMAT": "json",
        # No collectstatic here: plain static names for the error page.
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    }
    result = subprocess.run(
        [sys.executable, "-c", SITE],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr

    [event] = events(bodies)
    assert event["exception"]["values"][-1]["type"] == "RuntimeError"
    assert event["exception"]["values"][-1]["value"] == "the wire feed sent something unexpected"
    assert event["environment"] == "test-newsroom"
    assert event["release"] == "newsroom@1.2.3"
    assert event["request"]["data"] == {"username": "editor", "password": "[Filtered]"}
    sent = b"".join(bodies).decode()
    assert "correct-horse-battery" not in sent
    assert "session-cookie-value-42" not in sent
    assert "share-token-secret-77" not in sent + result.stderr  # neither Sentry nor the log
    assert "/preview/[token]/" in sent  # the address is kept, without its key
    assert "cookies" not in event["request"]
    assert "Cookie" not in event["request"].get("headers", {})
    # The error was logged as one JSON line as well.
    logged = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    assert any(line["status"] == 500 and "RuntimeError" in line["exception"] for line in logged)
