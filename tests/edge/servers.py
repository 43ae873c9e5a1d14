"""Real processes and sockets for the edge tests: varnishd, a TCP relay, a stub HTTP API.

Plain helpers; the fixtures that start them are in tests/edge/conftest.py.
"""

import contextlib
import http.client
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.processes import free_port, stop

VCL = Path(__file__).resolve().parents[2] / "deploy" / "varnish" / "newsroom.vcl"


def varnishd_or_fail() -> str:
    """varnishd's path; without it the test is skipped, but fails in CI (make test-deps)."""
    path = shutil.which("varnishd") or next(
        (p for p in ("/usr/sbin/varnishd",) if os.access(p, os.X_OK)), None
    )
    if path is None:
        message = "varnishd is not installed (make test-deps installs varnish varnish-modules)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


class Relay:
    """A TCP relay between Varnish and the live server, which the test can cut (backend down)."""

    def __init__(self, target_port: int):
        self.target_port = target_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.sockets: list[socket.socket] = []
        self.running = True
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while self.running:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)
                end.close()

    def cut(self):
        """Refuse every new connection and drop the open ones: the application is down."""
        self.running = False
        with contextlib.suppress(OSError):  # shutdown wakes accept(); close() alone does not
            self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()
        for sock in self.sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()


class Varnish:
    """varnishd in the foreground with deploy/varnish/newsroom.vcl, pointed at `backend_port`."""

    def __init__(self, backend_port: int, *, stale_while_revalidate: int):
        binary = varnishd_or_fail()
        # varnishd reads the VCL and its work directory as an unprivileged user.
        self.dir = Path(tempfile.mkdtemp(prefix="newsroom-varnish-"))
        self.dir.chmod(0o755)
        vcl = VCL.read_text()
        vcl = vcl.replace('.port = "8000";', f'.port = "{backend_port}";')
        vcl = vcl.replace('.host_header = "news.example.org";', '.host_header = "localhost";')
        vcl = vcl.replace("set req.grace = 60s;", f"set req.grace = {stale_while_revalidate}s;")
        (self.dir / "newsroom.vcl").write_text(vcl)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = (self.dir / "varnishd.log").open("w")
        self.process = subprocess.Popen(
            [
                binary,
                "-F",
                "-a",
                f"127.0.0.1:{self.port}",
                "-f",
                str(self.dir / "newsroom.vcl"),
                "-n",
                str(self.dir / "work"),
                "-s",
                "malloc,64m",
            ],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self._wait()

    def _wait(self):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"varnishd exited: {(self.dir / 'varnishd.log').read_text()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.1)
        pytest.fail("varnishd did not answer within 30 s")

    def get(self, path: str, headers: dict | None = None) -> "Response":
        return request("127.0.0.1", self.port, "GET", path, headers or {})

    def stop(self):
        stop(self.process)
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    text: str


def request(host, port, method, path, headers, *, source=None) -> Response:
    connection = http.client.HTTPConnection(
        host, port, timeout=30, source_address=(source, 0) if source else None
    )
    try:
        connection.request(method, path, headers=headers)
        answer = connection.getresponse()
        return Response(answer.status, answer.headers, answer.read().decode())
    finally:
        connection.close()


@dataclass
class Received:
    method: str
    path: str
    headers: http.client.HTTPMessage  # names case-insensitive
    body: bytes


@dataclass
class StubAPI:
    """An HTTP server on a real socket that records each request and answers `status`."""

    status: int = 200
    received: list[Received] = field(default_factory=list)
    url: str = ""

    def start(self) -> str:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                stub.received.append(Received(self.command, self.path, self.headers, body))
                payload = b'{"status": "ok"}'
                self.send_response(stub.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_POST = do_PURGE = do_GET = _answer

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        return self.url

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
