"""Drop folders when things go wrong: unexpected errors, stale claims on any host, names already
taken, a busy database, folders outside WIRE_DROP_ROOTS, symbolic links."""

import io
import logging
import os
import socket
import time
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article
from tests.wire.conftest import run
from wire import feeds, ingest
from wire.importer import FAILED, SKIPPED, Outcome
from wire.ingest import STALE_CLAIM_SECONDS, DropFolder
from wire.models import WireFeed, WireItem

pytestmark = pytest.mark.django_db

TEXT = b"Council approves budget\n\nLONDON, November 28. /TASS/. The council approved it.\n"
PLAN = TEXT.replace(b"budget", b"plan")
REAL_IMPORT = ingest.import_file


def age(path, seconds):
    """As if `path` was last changed `seconds` ago."""
    then = time.time() - seconds
    os.utime(path, (then, then), follow_symlinks=False)


def dropped(inbox, name, data=TEXT):
    (inbox / name).write_bytes(data)
    age(inbox / name, 60)
    return inbox / name


def waiting(inbox):
    return sorted(p.name for p in inbox.iterdir() if p.is_file())


# 1. Any exception while handling one file


def test_an_unexpected_error_sends_the_file_to_failed_and_the_worker_carries_on(
    folder, inbox, caplog
):
    dropped(inbox, "a.txt")
    dropped(inbox, "b.txt", PLAN)
    age(inbox / "b.txt", 30)  # taken after a.txt

    def explode_on_a(name, data, **kwargs):
        if name == "a.txt":
            raise ValueError("subjects\nTraceback (most recent call last): …")
        return REAL_IMPORT(name, data, **kwargs)

    with (
        mock.patch.object(ingest, "import_file", side_effect=explode_on_a),
        caplog.at_level(logging.ERROR, logger="wire.ingest"),
    ):
        results = run(folder)

    assert [(r.name, r.error) for r in results] == [
        ("a.txt", "ValueError: subjects"),
        ("b.txt", ""),
    ]
    assert sorted(os.listdir(inbox / "failed")) == ["a.txt", "a.txt.error.txt"]
    assert (inbox / "failed" / "a.txt.error.txt").read_text() == "ValueError: subjects\n"
    assert os.listdir(inbox / "done") == ["b.txt"]
    assert WireItem.objects.get().article.headline == "Council approves plan"
    assert "a.txt: the import failed unexpectedly" in caplog.text
    assert "Traceback" in caplog.text  # the log has the whole story; the desk one line


def test_a_file_that_cannot_be_moved_out_is_reported_and_the_next_one_still_imported(folder, inbox):
    dropped(inbox, "a.txt")
    dropped(inbox, "b.txt", PLAN)
    age(inbox / "b.txt", 30)
    real_move = ingest.move_into

    def disk_full_once(path, into):
        if path.name == "a.txt":
            raise OSError(28, "No space left on device")
        return real_move(path, into)

    with mock.patch.object(ingest, "move_into", side_effect=disk_full_once):
        results = run(folder)

    assert [(r.name, r.error) for r in results] == [
        ("a.txt", "OSError: [Errno 28] No space left on device"),
        ("b.txt", ""),
    ]
    assert os.listdir(inbox / "done") == ["b.txt"]
    # Still claimed: this worker's next pass puts it back, and its import is then a skip.
    assert os.listdir(folder.claims) == ["a.txt"]
    assert [(r.name, r.error) for r in run(folder)] == [("a.txt", "")]
    assert sorted(os.listdir(inbox / "done")) == ["a.txt", "b.txt"]
    assert os.listdir(folder.claims) == []


def test_a_failed_pass_does_not_stop_the_watcher(folder, inbox, caplog):
    dropped(inbox, "a.txt")
    stopping = ingest.threading.Event()
    results = []
    real_settled = folder.settled
    calls = []

    def unmounted_once():
        calls.append(True)
        if len(calls) == 1:
            raise OSError(5, "Input/output error")
        return real_settled()

    def stop_after_a_file(result):
        results.append(result)
        stopping.set()

    with (
        mock.patch.object(folder, "settled", side_effect=unmounted_once),
        caplog.at_level(logging.ERROR, logger="wire.ingest"),
    ):
        ingest.watch(folder, interval=0.01, stopping=stopping, on_result=stop_after_a_file)

    assert [r.name for r in results] == ["a.txt"] and len(calls) == 2
    assert "the pass over" in caplog.text


# 2. Claims left by a stopped worker, on any host


@pytest.mark.parametrize("owner", ["another-host.4242", "this-host-live-pid"])
def test_a_claim_folder_untouched_for_ten_minutes_is_put_back_whoever_left_it(inbox, folder, owner):
    if owner == "this-host-live-pid":  # alive, but not a worker: its folder went stale
        owner = f"{socket.gethostname()}.{os.getppid()}"
    claims = inbox / ".processing" / owner
    claims.mkdir()
    (claims / "budget.txt").write_bytes(TEXT)
    age(claims / "budget.txt", 60)

    age(claims, STALE_CLAIM_SECONDS - 30)
    assert folder.recover() == 0  # maybe a worker in the middle of a long file

    age(claims, STALE_CLAIM_SECONDS + 1)
    assert folder.recover() == 1
    assert waiting(inbox) == ["budget.txt"] and not claims.exists()
    assert [r.imported for r in run(folder)] == [1]


def test_a_live_worker_touches_its_claim_folder_every_pass(inbox, folder):
    age(folder.claims, STALE_CLAIM_SECONDS * 2)
    run(folder)  # an idle pass: nothing to take
    assert time.time() - folder.claims.stat().st_mtime < 60
    rival = DropFolder(inbox)
    rival.host = "another-host"
    assert rival.recover() == 0
    assert folder.claims.exists()


def test_a_claim_folder_put_away_while_its_worker_paused_is_made_again(inbox, folder):
    dropped(inbox, "budget.txt")
    real_settled = folder.settled

    def paused_long():  # another worker judged the folder stale while this one was stopped
        folder.claims.rmdir()
        return real_settled()

    with mock.patch.object(folder, "settled", side_effect=paused_long):
        assert [r.imported for r in run(folder)] == [1]
    assert os.listdir(inbox / "done") == ["budget.txt"]


def test_putting_a_file_back_never_overwrites_one_of_the_same_name(inbox, folder):
    claims = inbox / ".processing" / "another-host.4242"
    claims.mkdir()
    (claims / "story.txt").write_bytes(TEXT)
    age(claims, STALE_CLAIM_SECONDS + 1)
    (inbox / "story.txt").write_bytes(PLAN)  # the agency sent the same name again

    assert folder.recover() == 1

    assert waiting(inbox) == ["story-2.txt", "story.txt"]
    assert (inbox / "story.txt").read_bytes() == PLAN
    assert (inbox / "story-2.txt").read_bytes() == TEXT


# 6. Where drop folders may be, and links inside them


@pytest.fixture
def drop_roots(tmp_path, settings):
    root = tmp_path / "agencies"
    root.mkdir()
    settings.WIRE_DROP_ROOTS = [str(root)]
    return root


def test_a_folder_feed_outside_the_drop_roots_is_refused_when_checked(tmp_path, drop_roots):
    outside = tmp_path / "etc"
    outside.mkdir()
    dropped(outside, "budget.txt")
    feed = WireFeed.objects.create(name="AFP", kind="folder", path=str(outside))

    assert feeds.check(feed) == []

    feed.refresh_from_db()
    assert feed.last_error == (
        f"{outside} is outside the drop folders allowed (WIRE_DROP_ROOTS: {drop_roots})"
    )
    assert os.listdir(outside) == ["budget.txt"]  # untouched, no done/ or claim folder made
    assert not WireItem.objects.exists()


def test_a_link_out_of_the_drop_roots_is_judged_by_where_it_leads(tmp_path, drop_roots):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (drop_roots / "afp").symlink_to(outside)
    feed = WireFeed.objects.create(name="AFP", kind="folder", path=str(drop_roots / "afp"))
    feeds.check(feed)
    feed.refresh_from_db()
    assert "is outside the drop folders allowed" in feed.last_error


def test_a_folder_feed_inside_the_drop_roots_is_swept(drop_roots):
    inbox = drop_roots / "afp"
    inbox.mkdir()
    dropped(inbox, "budget.txt")
    feed = WireFeed.objects.create(name="AFP", kind="folder", path=str(inbox))
    assert [o.result for o in feeds.check(feed)] == ["created"]
    assert os.listdir(inbox / "done") == ["budget.txt"]


def test_without_drop_roots_no_folder_feed_is_swept(tmp_path, settings):
    settings.WIRE_DROP_ROOTS = []
    dropped(tmp_path, "budget.txt")
    feed = WireFeed.objects.create(name="AFP", kind="folder", path=str(tmp_path))
    feeds.check(feed)
    feed.refresh_from_db()
    assert feed.last_error.startswith("no drop folder is allowed until WIRE_DROP_ROOTS")
    assert not WireItem.objects.exists()


def test_watch_refuses_a_folder_outside_the_drop_roots_once_they_are_set(tmp_path, drop_roots):
    with pytest.raises(CommandError, match="is outside the drop folders allowed"):
        call_command("ingest_wire", "--watch", str(tmp_path), "--once")
    assert not (tmp_path / "done").exists()
    inbox = drop_roots / "afp"
    inbox.mkdir()
    dropped(inbox, "budget.txt")
    call_command("ingest_wire", "--watch", str(inbox), "--once", stdout=io.StringIO())
    assert os.listdir(inbox / "done") == ["budget.txt"]


@pytest.mark.parametrize(
    ("roots", "path", "message"),
    [
        ([], "/srv/wire/afp", "no drop folder is allowed until WIRE_DROP_ROOTS"),
        (["/srv/wire"], "/etc", "/etc is outside the drop folders allowed"),
        (["/srv/wire"], "/srv/wire/../../etc", "is outside the drop folders allowed"),
    ],
    ids=["no-roots", "outside", "dot-dot"],
)
def test_the_admin_refuses_a_folder_outside_the_drop_roots(
    admin_client, settings, roots, path, message
):
    settings.WIRE_DROP_ROOTS = roots
    data = {"name": "AFP", "kind": "folder", "path": path, "url": "", "interval": "60"}
    response = admin_client.post("/admin/wire/wirefeed/add/", {**data, "quiet_after": "120"})
    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors["path"]
    assert error.startswith("Refused: ") and message in error
    assert not WireFeed.objects.exists()


def test_the_admin_accepts_a_folder_inside_the_drop_roots(admin_client, drop_roots):
    data = {"name": "AFP", "kind": "folder", "path": str(drop_roots / "afp"), "url": ""}
    response = admin_client.post(
        "/admin/wire/wirefeed/add/", {**data, "interval": "60", "quiet_after": "120"}
    )
    assert response.status_code == 302
    assert WireFeed.objects.get().path == str(drop_roots / "afp")


def test_a_symbolic_link_dropped_in_the_folder_is_refused_unread(tmp_path, inbox, folder):
    secret = tmp_path / "secret.txt"
    secret.write_bytes(b"Database password\n\nLONDON, November 28. /TASS/. hunter2.\n")
    (inbox / "story.txt").symlink_to(secret)
    # Taken as if it had been a file when the folder was listed (a swap between list and take).
    with mock.patch.object(folder, "settled", return_value=["story.txt"]):
        [result] = run(folder)
    assert result.error == "a symbolic link, not a file"
    assert (inbox / "failed" / "story.txt").is_symlink()  # moved as a link, the target kept
    assert secret.read_bytes().startswith(b"Database password")
    assert not WireItem.objects.exists() and not Article.objects.exists()


# 7. A temporary failure is tried again


def test_a_file_the_database_was_too_busy_for_is_put_back_and_imported_later(inbox, folder):
    dropped(inbox, "budget.txt")
    busy = Outcome("budget.txt", FAILED, "database is locked")
    busy.temporary = True

    with mock.patch.object(ingest, "import_file", return_value=[busy]):
        [result] = run(folder)

    assert result.retry and result.error == "put back to try again: database is locked"
    assert waiting(inbox) == ["budget.txt"]
    assert os.listdir(inbox / "failed") == [] and os.listdir(folder.claims) == []
    assert [r.imported for r in run(folder)] == [1]
    assert os.listdir(inbox / "done") == ["budget.txt"]


def test_an_outcome_without_the_temporary_mark_is_refused_as_before(inbox, folder):
    dropped(inbox, "budget.txt")
    with mock.patch.object(ingest, "import_file", return_value=[Outcome("b", SKIPPED)]):
        [result] = run(folder)
    assert not result.retry and os.listdir(inbox / "done") == ["budget.txt"]


# Links an agency leaves where the worker keeps its own folders


@pytest.mark.parametrize("name", ["done", "failed", ".processing"])
def test_a_link_in_place_of_the_workers_own_folder_is_refused(tmp_path, inbox, name):
    elsewhere = tmp_path / "site-packages"
    elsewhere.mkdir()
    inbox.mkdir()
    (inbox / name).symlink_to(elsewhere)
    with pytest.raises(NotADirectoryError, match="is a link or a file, not a folder"):
        DropFolder(inbox, settle=2)
    with pytest.raises(CommandError, match=f"cannot use {inbox}: .*{name} is a link"):
        call_command("ingest_wire", "--watch", str(inbox), "--once")
    assert os.listdir(elsewhere) == []


def test_a_link_swapped_in_while_the_worker_runs_stops_the_pass_before_any_move(
    folder, inbox, tmp_path
):
    elsewhere = tmp_path / "site-packages"
    elsewhere.mkdir()
    dropped(inbox, "x.pth", b"import os")
    (inbox / "failed").rmdir()
    (inbox / "failed").symlink_to(elsewhere)
    with pytest.raises(NotADirectoryError):
        run(folder)
    assert os.listdir(elsewhere) == [] and waiting(inbox) == ["x.pth"]


def test_a_link_among_the_claim_folders_is_never_followed(folder, inbox, tmp_path):
    secrets = tmp_path / "secrets"
    secrets.mkdir()
    (secrets / ".env").write_text("SECRET_KEY=x")
    age(secrets, STALE_CLAIM_SECONDS + 60)
    (inbox / ".processing" / "evil").symlink_to(secrets)
    os.utime(inbox / ".processing" / "evil", (0, 0), follow_symlinks=False)
    assert folder.recover() == 0
    assert os.listdir(secrets) == [".env"]
    assert not (inbox / ".env").exists()


def test_only_plain_files_are_put_back_from_an_abandoned_claim(folder, inbox, tmp_path):
    stale = inbox / ".processing" / "gone-host.1"
    stale.mkdir()
    (stale / "a.txt").write_bytes(TEXT)
    (stale / "sub").mkdir()
    (stale / "link.txt").symlink_to(tmp_path)
    age(stale, STALE_CLAIM_SECONDS + 60)
    assert folder.recover() == 1
    assert waiting(inbox) == ["a.txt"]


def test_a_file_put_back_too_often_goes_to_failed(folder, inbox):
    dropped(inbox, "a.txt")
    busy = Outcome("a.txt", FAILED, "no such table: wire_wireitem; try again", temporary=True)
    with mock.patch.object(ingest, "import_file", return_value=[busy]):
        errors = []
        for _ in range(ingest.MAX_TRIES):
            for path in inbox.iterdir():
                if path.is_file():
                    age(path, 60)
            errors += [r.error for r in run(folder)]
    assert errors[:-1] == ["put back to try again: no such table: wire_wireitem; try again"] * (
        ingest.MAX_TRIES - 1
    )
    assert errors[-1] == (
        f"failed {ingest.MAX_TRIES} times, given up: no such table: wire_wireitem; try again"
    )
    assert sorted(os.listdir(inbox / "failed")) == ["a.txt", "a.txt.error.txt"]
    assert waiting(inbox) == []
