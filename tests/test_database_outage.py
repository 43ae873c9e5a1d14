"""The database goes away and comes back while gunicorn keeps running (PostgreSQL).

gunicorn runs with deploy/gunicorn.conf.py and a kept database connection (`conn_max_age`)
through a TCP proxy in this process. Stopping the proxy cuts that connection and refuses new
ones, as a database restart or a network fault does: pages answer the 503 page and /healthz
answers 503. Starting it again brings the pages back, with nothing restarted: the kept
connection fails its health check (CONN_HEALTH_CHECKS) and a new one is opened.

SQLite has no connection to cut; tests/test_health.py covers the 503 page on both databases.
"""

import contextlib
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from tests.articles.site_fixtures import publish
from tests.factories import make_article, make_section
from tests.processes import free_port

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (a TCP connection to cut); make test runs it there too")


class TcpProxy:
    """Forwards 127.0.0.1:port to the database; stop() cuts every connection and refuses more."""

    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self.port = free_port()
        self.accepted = 0
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._running = False

    def start(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", self.port))
        self._listener.settimeout(0.1)
        self._running = True
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._running = False
        self._thread.join()
        self._listener.close()
        with self._lock:
            for sock in self._open:
                self._cut(sock)
            self._open.clear()

    def _accept(self) -> None:
        while self._running:
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            client.settimeout(None)
            server = socket.create_connection(self.upstream)
            with self._lock:
                self.accepted += 1
                self._open |= {client, server}
            for source, target in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        self._cut(source)
        self._cut(target)

    @staticmethod
    def _cut(sock: socket.socket) -> None:
        with contextlib.suppress(OSError):  # already cut from the other side
            sock.shutdown(socket.SHUT_RDWR)
        sock.close()


@pytest.fixture
def proxy():
    settings = connection.settings_dict
    database = TcpProxy((settings["HOST"] or "127.0.0.1", int(settings["PORT"] or 5432)))
    database.start()
    yield database
    if database._running:
        database.stop()


def get(url: str) -> tuple[int, dict[str, str], str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


@pytest.fixture
def site(proxy, tmp_path):
    """gunicorn serving the test database through the proxy; its log lines are kept."""
    settings = connection.settings_dict
    port = free_port()
    user = settings["USER"] or "postgres"
    log = tmp_path / "gunicorn.log"
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DEBUG": "false",
        "SECRET_KEY": "outage-test-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": (
            f"postgres://{user}@127.0.0.1:{proxy.port}/{settings['NAME']}?conn_max_age=600"
        ),
        "SECURE_SSL_REDIRECT": "false",
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "STATIC_ROOT": str(tmp_path),
        "MEDIA_ROOT": str(tmp_path / "media"),
        # Every page from the database, as on a page-cache miss.
        "PUBLIC_PAGE_CACHE_SECONDS": "0",
        "LOG_FORMAT": "json",
        "LOG_LEVEL": "INFO",
    }
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"]
            + ["--bind", f"127.0.0.1:{port}", "--workers", "1"],
            cwd=ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                get(base + "/healthz")
                break
            except OSError:
                assert server.poll() is None, log.read_text()
                assert time.monotonic() < deadline, "gunicorn did not start: " + log.read_text()
                time.sleep(0.2)
        yield base, server, log
    finally:
        server.terminate()
        server.wait(timeout=30)


def health(base: str) -> tuple[int, dict]:
    status, _, text = get(base + "/healthz")
    return status, json.loads(text)


def test_pages_answer_503_while_the_database_is_cut_and_recover_without_a_restart(site, proxy):
    story = publish(make_article(headline="Floods close the bridge", section=make_section("UK")))
    base, server, log = site
    pages = [base + "/", base + story.get_absolute_url()]

    for url in pages:
        status, _, text = get(url)
        assert status == 200, url
        assert "Floods close the bridge" in text
    assert health(base)[0] == 200
    assert proxy.accepted == 1  # one kept connection served every request

    proxy.stop()
    for url in pages:
        status, headers, text = get(url)
        assert status == 503, url
        assert headers["Retry-After"] == "30"
        assert "no-store" in headers["Cache-Control"]
        assert "Back in a moment" in text
    status, report = health(base)
    assert status == 503
    assert report["checks"]["database"]["status"] == "error"
    assert str(proxy.port) not in json.dumps(report)

    proxy.start()
    for url in pages:
        status, _, text = get(url)
        assert status == 200, url
        assert "Floods close the bridge" in text
    status, report = health(base)
    assert (status, report["checks"]["database"]["status"]) == (200, "ok")
    assert server.poll() is None  # the same gunicorn, never restarted
    assert proxy.accepted == 2  # one new connection after the cut

    # A restart between two requests: the kept connection is dead, and the health check finds
    # that out before the next reader's query does, so that reader never sees the 503 page.
    proxy.stop()
    proxy.start()
    assert get(pages[1])[0] == 200
    assert proxy.accepted == 3

    server.terminate()
    server.wait(timeout=30)
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.strip()]
    requests = [line for line in lines if line["logger"] == "newsroom.requests"]
    assert not [line for line in lines if line["logger"] == "gunicorn.access"]  # no repeats
    # Two pages, two 503 pages, the failed probe (ok probes stay quiet), three pages again.
    assert [line["status"] for line in requests] == [200, 200, 503, 503, 503, 200, 200, 200]
