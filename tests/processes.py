"""Helpers for tests that start real servers (Varnish, nginx, moto, gunicorn, stubs)."""

import socket
import subprocess


def free_port() -> int:
    """A port nothing listens on now, for a server a test is about to start."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def stop(process: subprocess.Popen) -> None:
    """Ask a server to stop, and kill it if it has not within ten seconds."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
