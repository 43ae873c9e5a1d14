"""Copy where it arrives: an agency's drop folder, each file imported once.

A file's life in a watched folder DIR:

    DIR/NAME  →  DIR/.processing/HOST.PID/NAME  →  DIR/done/NAME
                                                 or DIR/failed/NAME + DIR/failed/NAME.error.txt

- Only a settled file is taken: its last write at least `settle` seconds ago (an FTP upload
  still in progress keeps touching it), its name not hidden or a partial upload's (`.part`,
  `.tmp`, `.filepart`). A file renamed into place keeps its old mtime and is taken at once; one
  dated ahead of our clock once it has stayed the same for `settle` seconds of ours.
- Taking is a rename into this worker's own claim folder: atomic, so of two workers racing for
  a file one wins and the other sees it gone. A file is read without following a symbolic link,
  so a link dropped into the folder cannot make the worker read a file outside it; a link, a
  pipe or a device goes to failed/ unread (a subfolder stays: it is the agency's).
- A worker killed after importing but before moving the file leaves it in its claim folder. It
  is put back into DIR by the next pass of any worker: at once when the folder is a dead
  process's on this host (or its own pid, reused), after STALE_CLAIM_SECONDS untouched otherwise
  (another host's worker, whose pid cannot be asked after). A live worker touches its claim
  folder every pass, so an idle one is never taken for dead. Importing a file again changes
  nothing: the importer skips the same guid and version (and a plain-text item's URI is a hash
  of its text), and a skipped file goes to done/ like an imported one.
- Moving a file never replaces one of the same name: done/, failed/ and DIR itself (a file put
  back) get `NAME-2.ext` … instead.
- Whatever goes wrong with one file, the worker carries on: an unexpected error sends the file
  to failed/ with the error's class and first line (the traceback goes to the log); an outcome
  the importer marks `temporary` (the database was busy) puts the file back for the next pass.
"""

import contextlib
import logging
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import DatabaseError

from wire.folders import (
    error_note,
    free_name,
    move_into,
    own_folder,
    plain_files,
    read_dropped,
)
from wire.importer import CREATED, FAILED, UPDATED, Batch, Outcome, import_file
from wire.intake import display_name
from wire.story import WireError, one_line, short_error

log = logging.getLogger(__name__)

DONE, FAILED_DIR, CLAIMS = "done", "failed", ".processing"
PARTIAL_SUFFIXES = (".part", ".partial", ".tmp", ".filepart", ".crdownload", ".error.txt")
SETTLE_SECONDS = 2.0
STALE_CLAIM_SECONDS = 10 * 60
# A file put back this many times (the database busy, a race lost) goes to failed/ instead: a
# failure that only looked temporary ("no such table" before a migrate) must not loop forever.
MAX_TRIES = 5


@dataclass
class FileResult:
    name: str
    outcomes: list[Outcome] = field(default_factory=list)
    error: str = ""  # why the file was refused, in one line
    retry: bool = False  # put back for the next pass, not refused

    @property
    def imported(self) -> int:
        return sum(outcome.result in (CREATED, UPDATED) for outcome in self.outcomes)


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    return True


class DropFolder:
    def __init__(self, root: Path, *, settle: float = SETTLE_SECONDS, agency: str = ""):
        self.root = Path(root)
        self.agency = agency  # who delivers into this folder: see importer.import_file
        self.settle = settle
        self.host = socket.gethostname()
        self.claims = self.root / CLAIMS / f"{self.host}.{os.getpid()}"
        self.done = self.root / DONE
        self.failed = self.root / FAILED_DIR
        self.tries: dict[tuple[str, int], int] = {}  # (name, size) → times put back
        self._own_folders()
        # Files already here were claimed by an earlier process with this pid (pids are reused:
        # a container's worker is often pid 1 on every start).
        self._release_claimed()

    def _own_folders(self) -> None:
        """The worker's folders, made if missing and never a link (wire.folders.own_folder);
        the drop folder itself is the operator's, who may make it a link."""
        self.root.mkdir(parents=True, exist_ok=True)
        for folder in (self.root / CLAIMS, self.claims, self.done, self.failed):
            own_folder(folder)

    def _release_claimed(self) -> None:
        """Put back what this worker's claim folder holds: between passes, only a file whose
        move out failed (a full disk) can be there."""
        for path in plain_files(self.claims):
            self.release(path)

    def recover(self, now: float | None = None) -> int:
        """Put back the files that stopped workers had claimed; how many."""
        now = time.time() if now is None else now
        recovered = 0
        with os.scandir(self.root / CLAIMS) as entries:
            folders = [Path(e.path) for e in entries if e.is_dir(follow_symlinks=False)]
        for folder in folders:
            if folder == self.claims or not self._abandoned(folder, now):
                continue
            for path in plain_files(folder):
                # Taken first, so that of two workers recovering it only one puts it back.
                mine = self._take(path)
                if mine is not None:
                    self.release(mine)
                    recovered += 1
            with contextlib.suppress(OSError):  # not empty: a file arrived meanwhile
                folder.rmdir()
        if recovered:
            log.warning("put back %d files claimed by a stopped worker", recovered)
        return recovered

    def _abandoned(self, folder: Path, now: float) -> bool:
        host, _, pid = folder.name.rpartition(".")
        if host == self.host and pid.isdigit() and not process_alive(int(pid)):
            return True
        # Another host's worker, or a live pid that may be a stranger's: judged by the folder's
        # last change (a claim, a move out, or its worker's touch each pass).
        try:
            return now - folder.stat().st_mtime >= STALE_CLAIM_SECONDS
        except FileNotFoundError:
            return False  # put back by another worker meanwhile

    def settled(self, now: float | None = None) -> list[str]:
        """Names of the files ready to take, oldest first."""
        now = time.time() if now is None else now
        ready = []
        with os.scandir(self.root) as entries:
            for entry in entries:
                if entry.name.startswith(".") or entry.name.lower().endswith(PARTIAL_SUFFIXES):
                    continue
                try:
                    if not entry.is_file(follow_symlinks=False):
                        continue
                    info = entry.stat(follow_symlinks=False)
                except FileNotFoundError:
                    continue  # taken meanwhile
                if now - last_change(info, now) >= self.settle:
                    ready.append((info.st_mtime, entry.name))
        return [name for _, name in sorted(ready)]

    def strangers(self) -> list[str]:
        """Names in the folder that are neither a file nor a folder: a symbolic link, a pipe, a
        socket or a device, which are never read (they could point anywhere, or never end)."""
        with os.scandir(self.root) as entries:
            return [
                entry.name
                for entry in entries
                if not entry.name.startswith(".")
                and (entry.is_symlink() or not entry.is_dir(follow_symlinks=False))
                and not entry.is_file(follow_symlinks=False)
            ]

    def claim(self, name: str) -> Path | None:
        """The file moved into this worker's claim folder, or None if another took it."""
        return self._take(self.root / name)

    def _take(self, source: Path) -> Path | None:
        # A rename: atomic, so of two workers taking the same file one wins, the other sees it
        # gone. Under a free name: one whose move out failed may still be here.
        for attempt in (1, 2):
            try:
                target = free_name(self.claims, source.name)
                source.rename(target)
                return target
            except FileNotFoundError:
                if attempt == 2 or self.claims.is_dir():
                    return None
                self.heartbeat()  # our folder was put away as stale (a long pause): again
        return None

    def heartbeat(self) -> None:
        """Show other workers this one is alive: its claim folder touched (made again if gone)."""
        self._own_folders()
        os.utime(self.claims)

    def release(self, path: Path) -> Path:
        """Back into the folder, to be tried again (the database was unreachable, say)."""
        return move_into(path, self.root)

    def process(self, path: Path, *, batch: Batch | None = None) -> FileResult:
        result = FileResult(display_name(path.name))
        try:
            result.outcomes = import_file(
                path.name, read_dropped(path), batch=batch, agency=self.agency
            )
        except WireError as error:
            result.error = one_line(str(error))
        except DatabaseError:
            raise  # the database, not the file: run_once puts it back
        except Exception as error:
            log.exception("%s: the import failed unexpectedly", result.name)
            result.error = short_error(error)
        if any(getattr(outcome, "temporary", False) for outcome in result.outcomes):
            return self._retry(path, result)
        result.error = result.error or failures(result.outcomes)
        self._put_away(path, self.failed if result.error else self.done, result.error)
        return result

    def _retry(self, path: Path, result: FileResult) -> FileResult:
        outcome = next(o for o in result.outcomes if getattr(o, "temporary", False))
        reason = outcome.message or outcome.result
        key = (result.name, path.stat().st_size)
        self.tries[key] = tries = self.tries.get(key, 0) + 1
        if tries >= MAX_TRIES:
            del self.tries[key]
            result.error = one_line(f"failed {tries} times, given up: {reason}")
            self._put_away(path, self.failed, result.error)
            return result
        result.retry = True
        result.error = one_line(f"put back to try again: {reason}")
        self.release(path)
        return result

    def _put_away(self, path: Path, folder: Path, reason: str) -> bool:
        """Whether the file was moved: another worker may have moved it first."""
        try:
            target = move_into(path, folder)
        except FileNotFoundError:  # we paused so long another worker put it back
            name = display_name(path.name)
            log.warning("%s: moved by another worker first", name)
            return False
        if reason:
            error_note(target).write_text(reason + "\n")
        return True

    def run_once(self, *, stopping: threading.Event | None = None) -> Iterator[FileResult]:
        """Take and import every settled file; stop between files when `stopping` is set.

        Each pass first puts back what dead workers left: one may die while this one runs."""
        self.heartbeat()
        self._release_claimed()
        self.recover()
        yield from self._refuse_strangers()
        batch = Batch()
        for name in self.settled():
            if stopping and stopping.is_set():
                return
            path = self.claim(name)
            if path is None:
                continue
            try:
                result = self.process(path, batch=batch)
            except DatabaseError:
                self.release(path)
                raise
            except Exception as error:  # moving it failed (permissions, a full disk)
                log.exception("%s: could not be moved out of the claim folder", name)
                batch.forget()
                result = FileResult(display_name(name), error=short_error(error))
            log.info("%s: %s", result.name, result.error or "imported")
            yield result

    def _refuse_strangers(self) -> Iterator[FileResult]:
        """Each link, pipe or device dropped here goes to failed/ (the link itself, never what
        it points to), said once, rather than lying in the folder unseen."""
        for name in self.strangers():
            path = self.root / name
            reason = "a symbolic link, not a file" if path.is_symlink() else "not a plain file"
            try:
                moved = self._put_away(path, self.failed, reason)
            except OSError as error:
                log.warning("%s: could not be moved to failed/: %s", display_name(name), error)
                continue
            if moved:  # else another worker moved it, and says so
                yield FileResult(display_name(name), error=reason)

    def close(self) -> None:
        # Not empty: a file still claimed is put back by the next worker.
        with contextlib.suppress(OSError):
            self.claims.rmdir()


def last_change(info: os.stat_result, now: float) -> float:
    """When the file last changed. A date ahead of our clock (an FTP server's clock ahead, a date
    kept from elsewhere) says nothing: then the inode's own change time, which our kernel set
    at the last write (and at the date's setting), tells it; stateless, so a `--once` run or a
    folder feed's sweep judges a file as a long-lived worker does."""
    return info.st_mtime if info.st_mtime <= now else info.st_ctime


def failures(outcomes: list[Outcome]) -> str:
    """The first failed item's reason in one line ("" if none failed), with how many did."""
    failed = [o for o in outcomes if o.result == FAILED]
    if not failed:
        return ""
    reason = one_line(failed[0].message)
    if len(outcomes) > 1:
        return f"{len(failed)} of {len(outcomes)} items failed: {reason}"
    return reason


def watch(
    folder: DropFolder,
    *,
    interval: float,
    stopping: threading.Event,
    on_result: Callable[[FileResult], None] = lambda result: None,
    on_pass: Callable[[], None] = lambda: None,
) -> None:
    """Poll the folder every `interval` seconds until `stopping` is set."""
    try:
        while not stopping.is_set():
            try:
                for result in folder.run_once(stopping=stopping):
                    on_result(result)
                on_pass()
            except DatabaseError as error:
                log.error("database unavailable, retrying: %s", one_line(str(error)))
            except Exception:  # the folder itself (an unmounted share): the next pass may do
                log.exception("the pass over %s failed, retrying", folder.root)
            stopping.wait(interval)
    finally:
        folder.close()
