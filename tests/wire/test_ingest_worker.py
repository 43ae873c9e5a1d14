"""Watched folder, the production shape: `manage.py ingest_wire --watch` as real processes on the
test's database, files dropped while they run, killed (SIGKILL and SIGTERM) and restarted, two at
once at the end: every file imported once, none lost, none twice."""

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.processes import stop
from wire.models import WireItem

FILES = 1000
pytestmark = pytest.mark.django_db(transaction=True)


def dispatch(n: int) -> str:
    return (
        f"Council approves budget number {n}\n\n"
        f"LONDON, November 28. /TASS/. The council approved budget {n} after a long debate.\n"
    )


def drop(folder: Path, numbers: range, *, pause: float = 0.002) -> None:
    """Write the files the way FTP does: in place, every tenth in two parts with a pause
    between (a half-written file must not be taken)."""
    for n in numbers:
        path = folder / f"item{n:04}.txt"
        text = dispatch(n).encode()
        if n % 10 == 0:
            with path.open("wb") as file:
                file.write(text[:40])
                file.flush()
                time.sleep(0.05)
                file.write(text[40:])
        else:
            path.write_bytes(text)
        time.sleep(pause)


def dropping(folder: Path, numbers: range) -> threading.Thread:
    thread = threading.Thread(target=drop, args=(folder, numbers))
    thread.start()
    return thread


@pytest.fixture
def database_url(tmp_path):
    """The test database, reachable from another process (SQLite: copied to a file)."""
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
        host = db["HOST"] or "127.0.0.1"
        yield f"postgres://{db['USER']}{password}@{host}:{db['PORT'] or 5432}/{db['NAME']}"
        return
    path = tmp_path / "worker.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(path) as target:
        connection.connection.backup(target)
    target.close()
    yield f"sqlite:///{path}"


def imported_headlines(database_url: str) -> list[str]:
    if connection.vendor == "postgresql":
        return list(WireItem.objects.values_list("article__headline", flat=True))
    with sqlite3.connect(database_url.removeprefix("sqlite:///")) as reader:
        rows = reader.execute(
            "select a.headline from wire_wireitem w join articles_article a on a.id = w.article_id"
        ).fetchall()
    reader.close()
    return [headline for (headline,) in rows]


def count(folder: Path) -> int:
    return len(os.listdir(folder)) if folder.exists() else 0


def wait_for(condition, *, timeout: float = 60, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def test_a_thousand_files_dropped_while_workers_run_die_and_restart_are_each_imported_once(
    tmp_path, database_url
):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    done, failed = inbox / "done", inbox / "failed"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DATABASE_URL": database_url,
        "DEBUG": "true",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    logs = []

    def worker() -> subprocess.Popen:
        log = (tmp_path / f"worker{len(logs)}.log").open("w")
        logs.append(log)
        command = ["manage.py", "ingest_wire", "--watch", str(inbox)]
        return subprocess.Popen(
            [sys.executable, *command, "--interval", "0.1", "--settle", "0.3"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    drop(inbox, range(0, 200))  # waiting before the first worker starts
    first = worker()
    writer = dropping(inbox, range(200, 450))
    wait_for(lambda: count(done) >= 300, what="the first worker's progress")
    first.send_signal(signal.SIGKILL)  # mid-file, very likely: its claimed file is put back
    first.wait()
    writer.join()

    second = worker()
    writer = dropping(inbox, range(450, 700))
    wait_for(lambda: count(done) >= 550, what="the second worker's progress")
    second.send_signal(signal.SIGTERM)
    assert second.wait(timeout=30) == 0, "SIGTERM stops the worker cleanly, between files"
    writer.join()

    # Two at once: they share the folder and never take the same file.
    third, fourth = worker(), worker()
    drop(inbox, range(700, FILES))
    try:
        wait_for(lambda: count(done) >= FILES, timeout=120, what="all files in done/")
    finally:
        stop(third)
        stop(fourth)
    for log in logs:
        log.close()

    assert third.returncode == fourth.returncode == 0
    assert count(failed) == 0, sorted(os.listdir(failed))
    assert sorted(os.listdir(done)) == [f"item{n:04}.txt" for n in range(FILES)]
    assert sorted(p.name for p in inbox.iterdir() if p.is_file()) == []
    assert list((inbox / ".processing").glob("*/*")) == []
    headlines = imported_headlines(database_url)
    assert len(headlines) == FILES
    assert sorted(headlines) == sorted(f"Council approves budget number {n}" for n in range(FILES))
