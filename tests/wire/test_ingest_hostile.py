"""The commands and the drop folder with what an operator or an FTP client may hand them: an
empty folder name, a pipe, a device, a name that is not UTF-8, a name at the file system's limit,
an interval of nothing. One line each, files never lost, and a failed pass fails the command."""

import os
import re
import time

import pytest
from django.core.management import CommandError, call_command

from tests.wire.conftest import run
from wire.folders import MAX_NAME_BYTES
from wire.ingest import DropFolder
from wire.models import WireItem

pytestmark = pytest.mark.django_db
TEXT = b"Budget talks resume\n\nMOSCOW, November 28 (TASS) - Talks resumed on Friday.\n"


def settle(path):
    os.utime(path, (0, 0))


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--watch", ""], "argument --watch: empty (an unset variable?)"),
        (["--pull", " "], "argument --pull: empty (an unset variable?)"),
        (["--feeds", "--interval", "0"], "argument --interval: 0 is not from 0.1 to 86400"),
        (["--feeds", "--interval", "inf"], "argument --interval: inf is not from 0.1 to 86400"),
        (["--feeds", "--settle", "nan"], "argument --settle: nan is not from 0 to 86400"),
        (["--feeds", "--settle", "soon"], "argument --settle: 'soon' is not a number of seconds"),
    ],
)
def test_ingest_wire_refuses_what_would_sweep_the_wrong_folder_or_hammer_a_feed(
    arguments, message, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "manage.py").write_text("# not copy")
    with pytest.raises(CommandError, match=f"^Error: {re.escape(message)}"):
        call_command("ingest_wire", *arguments, "--once")
    assert os.listdir(tmp_path) == ["manage.py"]  # nothing swept into done/


def test_import_wire_refuses_a_pipe_a_device_and_a_folder_unread_and_goes_on(tmp_path, capsys):
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "story.txt").write_bytes(TEXT)
    paths = [tmp_path / "pipe", "/dev/zero", tmp_path, tmp_path / "story.txt"]
    with pytest.raises(CommandError, match="^3 of 4 items failed to import$"):
        call_command("import_wire", *map(str, paths))
    assert capsys.readouterr().err.splitlines()[-3:] == [
        f"{tmp_path / 'pipe'}: not a plain file (a pipe, socket or device)",
        "/dev/zero: not a plain file (a pipe, socket or device)",
        f"{tmp_path}: a folder, not a file",
    ]
    assert WireItem.objects.get().filename == str(tmp_path / "story.txt")


def test_a_file_name_that_is_not_utf_8_is_imported_under_a_name_the_desk_can_show(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    name = os.fsdecode(b"caf\xe9.txt")  # a latin-1 FTP client's name
    (inbox / name).write_bytes(TEXT)
    settle(inbox / name)
    [result] = run(DropFolder(inbox, settle=0))
    assert (result.name, result.error) == ("caf\N{REPLACEMENT CHARACTER}.txt", "")
    assert WireItem.objects.get().filename == "caf\N{REPLACEMENT CHARACTER}.txt"
    assert os.listdir(inbox / "done") == [name]


@pytest.mark.parametrize("data, where", [(TEXT, "done"), (b"", "failed")])
def test_a_name_at_the_file_systems_limit_is_moved_out_and_the_next_file_imports(
    tmp_path, data, where
):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    long_name = "é" * 125 + ".txt"  # 254 bytes: no room for ".error.txt" or "-2"
    assert len(os.fsencode(long_name)) == 254
    (inbox / long_name).write_bytes(data)
    (inbox / "next.txt").write_bytes(TEXT.replace(b"Budget", b"Trade"))
    for name in (long_name, "next.txt"):
        os.utime(inbox / name, (0, 0) if name == long_name else (1, 1))
    results = run(DropFolder(inbox, settle=0))
    assert [r.error for r in results] == [
        "" if where == "done" else "empty: no headline, no text",
        "",
    ]
    moved = sorted(name for name in os.listdir(inbox / where) if name != "next.txt")
    assert all(len(os.fsencode(name)) <= MAX_NAME_BYTES for name in moved)
    assert moved[0].startswith("é" * 100) and moved[0].endswith(".txt")
    if where == "failed":
        assert moved[1] == moved[0] + ".error.txt"
    assert set(os.listdir(inbox)) == {"done", "failed", ".processing"}  # nothing left behind
    assert WireItem.objects.count() == (2 if where == "done" else 1)


def test_a_link_and_a_pipe_go_to_failed_unread_and_a_subfolder_stays(tmp_path):
    inbox = tmp_path / "inbox"
    (inbox / "2026-12-04").mkdir(parents=True)  # an agency's own subfolder: not ours to move
    (inbox / "passwd.txt").symlink_to("/etc/passwd")
    os.mkfifo(inbox / "pipe.txt")
    results = run(DropFolder(inbox, settle=0))
    assert sorted((r.name, r.error) for r in results) == [
        ("passwd.txt", "a symbolic link, not a file"),
        ("pipe.txt", "not a plain file"),
    ]
    failed = inbox / "failed"
    assert (failed / "passwd.txt").is_symlink()  # the link itself moved, never what it names
    assert (failed / "passwd.txt.error.txt").read_text() == "a symbolic link, not a file\n"
    assert sorted(os.listdir(inbox)) == [".processing", "2026-12-04", "done", "failed"]
    assert not WireItem.objects.exists()


def test_a_file_dated_ahead_of_our_clock_is_taken_once_it_stays_the_same(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    path = inbox / "skewed.txt"
    path.write_bytes(TEXT)
    ahead = time.time() + 3 * 60 * 60  # the FTP server's clock three hours ahead
    os.utime(path, (ahead, ahead))
    changed = path.stat().st_ctime  # our kernel's clock, at the last write or date setting
    assert DropFolder(inbox, settle=2).settled(now=changed + 1) == []
    # Judged from the file alone: a --once run or a folder feed's sweep, each a new DropFolder.
    assert DropFolder(inbox, settle=2).settled(now=changed + 2) == ["skewed.txt"]


def test_a_name_whose_extension_alone_passes_the_limit_is_cut_and_imported(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    name = "a." + "x" * 250  # 252 bytes: legal, but its "extension" and ".error.txt" are not
    (inbox / name).write_bytes(TEXT)
    settle(inbox / name)
    [result] = run(DropFolder(inbox, settle=0))
    assert result.error == ""
    [done] = os.listdir(inbox / "done")
    assert done.startswith("a.xxx") and len(done) == MAX_NAME_BYTES - len(".error.txt")


def test_a_file_another_worker_moved_first_is_not_reported_again(tmp_path):
    folder = DropFolder(tmp_path / "inbox", settle=0)
    assert folder._put_away(tmp_path / "inbox" / "gone.txt", folder.failed, "a reason") is False
