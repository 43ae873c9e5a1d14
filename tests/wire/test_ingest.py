"""Drop folders, in process: what is taken when, where files go, and a crash's leftovers."""

import io
import os
import socket
import subprocess
import sys
import threading
import time
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import OperationalError

from articles.models import Article
from tests.wire.conftest import example, run
from wire import ingest
from wire.ingest import DropFolder
from wire.models import WireFeed, WireItem

pytestmark = pytest.mark.django_db

TEXT = b"Council approves budget\n\nLONDON, November 28. /TASS/. The council approved it.\n"


def settle(path, seconds=60):
    """As if the file was last written `seconds` ago."""
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_a_settled_file_is_imported_and_moved_to_done(folder, inbox):
    (inbox / "budget.txt").write_bytes(TEXT)
    (inbox / "dpa.json").write_bytes(example("3.0_dpa_text.json"))
    settle(inbox / "budget.txt")
    settle(inbox / "dpa.json")

    results = run(folder)

    assert [(r.name, r.error, r.imported) for r in results] == [
        ("budget.txt", "", 1),
        ("dpa.json", "", 1),
    ]
    assert sorted(os.listdir(inbox / "done")) == ["budget.txt", "dpa.json"]
    assert [p.name for p in inbox.iterdir() if p.is_file()] == []
    assert WireItem.objects.count() == Article.objects.count() == 2
    assert WireItem.objects.get(filename="budget.txt").article.headline == "Council approves budget"


def test_a_file_still_being_written_is_left_until_it_settles(folder, inbox):
    upload = inbox / "budget.txt"
    upload.write_bytes(TEXT[:20])  # the FTP upload has begun
    assert run(folder) == []
    upload.write_bytes(TEXT)
    assert run(folder) == []  # written a moment ago: maybe not finished
    settle(upload)
    assert [r.name for r in run(folder)] == ["budget.txt"]
    assert WireItem.objects.get().article.headline == "Council approves budget"


@pytest.mark.parametrize("name", [".budget.txt", "budget.txt.part", "budget.tmp", "b.filepart"])
def test_hidden_and_partial_uploads_are_never_taken(folder, inbox, name):
    (inbox / name).write_bytes(TEXT)
    settle(inbox / name)
    assert run(folder) == []
    assert (inbox / name).exists()
    assert not WireItem.objects.exists()


def test_a_refused_file_goes_to_failed_with_its_reason_in_one_line_beside_it(folder, inbox):
    (inbox / "broken.json").write_bytes(b'{"uri": ')
    (inbox / "empty.txt").write_bytes(b"")
    for path in inbox.iterdir():
        if path.is_file():
            settle(path)

    results = run(folder)

    assert {r.name: r.error for r in results} == {
        "broken.json": (inbox / "failed" / "broken.json.error.txt").read_text().strip(),
        "empty.txt": "empty: no headline, no text",
    }
    assert sorted(os.listdir(inbox / "failed")) == [
        "broken.json",
        "broken.json.error.txt",
        "empty.txt",
        "empty.txt.error.txt",
    ]
    reason = (inbox / "failed" / "empty.txt.error.txt").read_text()
    assert reason == "empty: no headline, no text\n"
    assert os.listdir(inbox / "done") == []
    assert not WireItem.objects.exists() and not Article.objects.exists()


def test_an_oversized_file_is_refused_unread(folder, inbox, settings):
    settings.WIRE_MAX_BYTES = 1000
    (inbox / "huge.txt").write_bytes(b"x" * 2000)
    settle(inbox / "huge.txt")
    [result] = run(folder)
    assert result.error == "2 KB is too large for a wire item (the limit is 1 KB)"
    assert (inbox / "failed" / "huge.txt").exists()


def test_the_same_name_sent_again_keeps_both_files(folder, inbox):
    for text in (TEXT, TEXT.replace(b"budget", b"plan")):
        (inbox / "story.txt").write_bytes(text)
        settle(inbox / "story.txt")
        run(folder)
    assert sorted(os.listdir(inbox / "done")) == ["story-2.txt", "story.txt"]
    assert WireItem.objects.count() == 2


def test_the_same_file_dropped_twice_is_imported_once(folder, inbox):
    for name in ("first.txt", "again.txt"):
        (inbox / name).write_bytes(TEXT)
        settle(inbox / name)
    results = run(folder)
    assert [r.outcomes[0].result for r in results] == ["created", "skipped"]
    assert sorted(os.listdir(inbox / "done")) == ["again.txt", "first.txt"]
    assert WireItem.objects.count() == 1


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_file_a_killed_worker_imported_but_never_moved_is_done_once(inbox, folder):
    """The crash between import and move: the file waits in the dead worker's claim folder."""
    claims = inbox / ".processing" / f"{socket.gethostname()}.{dead_pid()}"
    claims.mkdir(parents=True)
    (claims / "budget.txt").write_bytes(TEXT)
    ingest.import_file("budget.txt", TEXT)  # imported before the worker died
    assert WireItem.objects.count() == 1

    assert folder.recover() == 1
    settle(inbox / "budget.txt")  # a rename keeps the time of the last write
    [result] = run(folder)

    assert result.outcomes[0].result == "skipped"
    assert os.listdir(inbox / "done") == ["budget.txt"]
    assert not claims.exists()
    assert WireItem.objects.count() == Article.objects.count() == 1


def test_a_live_workers_claimed_files_are_left_alone(inbox, folder):
    claims = inbox / ".processing" / f"{socket.gethostname()}.{os.getppid()}"
    claims.mkdir(parents=True)
    (claims / "budget.txt").write_bytes(TEXT)
    other_host = inbox / ".processing" / f"elsewhere.{dead_pid()}"
    other_host.mkdir()
    (other_host / "other.txt").write_bytes(TEXT)
    assert folder.recover() == 0
    assert (claims / "budget.txt").exists() and (other_host / "other.txt").exists()


def test_of_two_workers_racing_for_a_file_one_takes_it(inbox, folder):
    (inbox / "budget.txt").write_bytes(TEXT)
    rival = DropFolder(inbox)
    assert folder.claim("budget.txt") is not None
    assert rival.claim("budget.txt") is None


def test_a_database_outage_puts_the_file_back_for_the_next_pass(folder, inbox):
    (inbox / "budget.txt").write_bytes(TEXT)
    settle(inbox / "budget.txt")
    with (
        mock.patch.object(ingest, "import_file", side_effect=OperationalError("gone")),
        pytest.raises(OperationalError),
    ):
        run(folder)
    assert (inbox / "budget.txt").exists()
    assert [r.name for r in run(folder)] == ["budget.txt"]


def test_the_command_makes_one_pass_with_once(inbox, capsys):
    inbox.mkdir()
    (inbox / "budget.txt").write_bytes(TEXT)
    (inbox / "empty.txt").write_bytes(b"")
    for name in ("budget.txt", "empty.txt"):
        settle(inbox / name)
    # A pass that refused a file fails as a command: cron and systemd see it.
    with pytest.raises(CommandError, match="^1 of 2 files failed$") as failed:
        call_command("ingest_wire", "--watch", str(inbox), "--once")
    assert failed.value.returncode == 1
    assert capsys.readouterr().out.splitlines() == [
        "budget.txt: 1 imported, 0 not new",
        "empty.txt: empty: no headline, no text",
    ]
    assert os.listdir(inbox / "done") == ["budget.txt"]


def test_a_pass_that_refused_nothing_succeeds(inbox, capsys):
    inbox.mkdir()
    (inbox / "budget.txt").write_bytes(TEXT)
    settle(inbox / "budget.txt")
    call_command("ingest_wire", "--watch", str(inbox), "--once")
    assert capsys.readouterr().out == "budget.txt: 1 imported, 0 not new\n"


def test_a_watched_folder_configured_as_a_feed_records_its_health(inbox):
    inbox.mkdir()
    feed = WireFeed.objects.create(name="TASS drop", kind="folder", path=str(inbox))
    (inbox / "budget.txt").write_bytes(TEXT)
    (inbox / "empty.txt").write_bytes(b"")
    for name in ("budget.txt", "empty.txt"):
        settle(inbox / name)
    with pytest.raises(CommandError):
        call_command("ingest_wire", "--watch", str(inbox), "--once", stdout=io.StringIO())
    feed.refresh_from_db()
    assert feed.items_imported == 1 and feed.last_item_at is not None
    assert feed.last_error == "failed: empty.txt: empty: no headline, no text"
    assert feed.failing


def test_the_command_refuses_a_missing_folder(tmp_path):
    with pytest.raises(CommandError, match="is not a folder"):
        call_command("ingest_wire", "--watch", str(tmp_path / "nowhere"), "--once")


def test_the_watcher_polls_until_stopped_and_stops_between_files(folder, inbox):
    for name in ("a.txt", "b.txt"):
        (inbox / name).write_bytes(TEXT.replace(b"budget", name.encode()))
        settle(inbox / name)
    stopping, results, passes = threading.Event(), [], []

    def stop_after_first(result):
        results.append(result)
        stopping.set()  # SIGTERM arrives while the first file is imported

    ingest.watch(folder, interval=0.01, stopping=stopping, on_result=stop_after_first)
    assert [r.name for r in results] == ["a.txt"]
    assert (inbox / "b.txt").exists()  # left for the next worker, unclaimed
    assert not folder.claims.exists()

    stopping.clear()

    def count_passes():
        passes.append(True)
        if len(passes) == 3:
            stopping.set()

    ingest.watch(
        DropFolder(inbox, settle=2),
        interval=0.01,
        stopping=stopping,
        on_result=results.append,
        on_pass=count_passes,
    )
    assert [r.name for r in results] == ["a.txt", "b.txt"] and len(passes) == 3
    assert sorted(os.listdir(inbox / "done")) == ["a.txt", "b.txt"]


def test_files_left_by_an_earlier_process_with_the_same_pid_are_put_back(inbox):
    """Containers restart their worker as pid 1 every time."""
    claims = inbox / ".processing" / f"{socket.gethostname()}.{os.getpid()}"
    claims.mkdir(parents=True)
    (claims / "budget.txt").write_bytes(TEXT)
    settle(claims / "budget.txt")
    folder = DropFolder(inbox, settle=2)
    assert (inbox / "budget.txt").exists()
    assert [r.name for r in run(folder)] == ["budget.txt"]
