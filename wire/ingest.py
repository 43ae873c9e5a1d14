"""Copy where it arrives: an agency's drop folder, each file imported once.

A file's life in a watched folder DIR:

    DIR/NAME  →  DIR/.processing/HOST.PID/NAME  →  DIR/done/NAME
                                                 or DIR/failed/NAME + DIR/failed/NAME.error.txt

- Only a settled file is taken: its last write at least `settle` seconds ago (an FTP upload
  still in progress keeps touching it), its name not hidden or a partial upload's (`.part`,
  `.tmp`, `.filepart`). A file renamed into place keeps its old mtime and is taken at once.
- Taking is a rename into this worker's own claim folder: atomic, so of two workers racing for
  a file one wins and the other sees it gone.
- A worker killed after importing but before moving the file leaves it in its claim folder; the
  next worker on this host finds the folder of a dead process (or of its own pid, reused) and
  puts its files back. Importing one again changes nothing: the importer skips the same guid
  and version (and a plain-text item's URI is a hash of its text), and a skipped file goes to
  done/ like an imported one.
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

from wire.importer import CREATED, FAILED, UPDATED, Batch, Outcome, import_file
from wire.intake import read_file
from wire.story import WireError

log = logging.getLogger(__name__)

DONE, FAILED_DIR, CLAIMS = "done", "failed", ".processing"
PARTIAL_SUFFIXES = (".part", ".partial", ".tmp", ".filepart", ".crdownload", ".error.txt")
SETTLE_SECONDS = 2.0


@dataclass
class FileResult:
    name: str
    outcomes: list[Outcome] = field(default_factory=list)
    error: str = ""  # why the file was refused, in one line

    @property
    def imported(self) -> int:
        return sum(outcome.result in (CREATED, UPDATED) for outcome in self.outcomes)


def one_line(text: str) -> str:
    return " ".join(text.split())[:500]


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    return True


class DropFolder:
    def __init__(self, root: Path, *, settle: float = SETTLE_SECONDS):
        self.root = Path(root)
        self.settle = settle
        self.host = socket.gethostname()
        self.claims = self.root / CLAIMS / f"{self.host}.{os.getpid()}"
        self.done = self.root / DONE
        self.failed = self.root / FAILED_DIR
        for folder in (self.claims, self.done, self.failed):
            folder.mkdir(parents=True, exist_ok=True)
        # Files already here were claimed by an earlier process with this pid (pids are reused:
        # a container's worker is often pid 1 on every start).
        for path in self.claims.iterdir():
            self.release(path)

    def recover(self) -> int:
        """Put back the files a dead worker on this host had claimed; how many."""
        recovered = 0
        for folder in (self.root / CLAIMS).iterdir():
            host, _, pid = folder.name.rpartition(".")
            if folder == self.claims or host != self.host or not pid.isdigit():
                continue
            if process_alive(int(pid)):
                continue
            for path in folder.iterdir():
                try:
                    path.rename(self.root / path.name)
                    recovered += 1
                except FileNotFoundError:
                    pass  # another worker put it back first
            with contextlib.suppress(OSError):  # not empty: a file arrived meanwhile
                folder.rmdir()
        if recovered:
            log.warning("put back %d files claimed by a stopped worker", recovered)
        return recovered

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
                    mtime = entry.stat(follow_symlinks=False).st_mtime
                except FileNotFoundError:
                    continue  # taken meanwhile
                if now - mtime >= self.settle:
                    ready.append((mtime, entry.name))
        return [name for _, name in sorted(ready)]

    def claim(self, name: str) -> Path | None:
        """The file moved into this worker's claim folder, or None if another took it."""
        target = self.claims / name
        try:
            (self.root / name).rename(target)
        except FileNotFoundError:
            return None
        return target

    def release(self, path: Path) -> None:
        """Back into the folder, to be tried again (the database was unreachable, say)."""
        path.rename(self.root / path.name)

    def process(self, path: Path, *, batch: Batch | None = None) -> FileResult:
        result = FileResult(path.name)
        try:
            result.outcomes = import_file(path.name, read_file(path), batch=batch)
        except WireError as error:
            result.error = one_line(str(error))
        failures = [o for o in result.outcomes if o.result == FAILED]
        if failures and not result.error:
            result.error = one_line(failures[0].message)
            if len(result.outcomes) > 1:
                result.error = f"{len(failures)} of {len(result.outcomes)} items failed: " + (
                    result.error
                )
        if result.error:
            self._refuse(path, result.error)
        else:
            path.rename(free_name(self.done, path.name))
        return result

    def _refuse(self, path: Path, reason: str) -> None:
        target = free_name(self.failed, path.name)
        target.with_name(target.name + ".error.txt").write_text(reason + "\n")
        path.rename(target)

    def run_once(self, *, stopping: threading.Event | None = None) -> Iterator[FileResult]:
        """Take and import every settled file; stop between files when `stopping` is set.

        Each pass first puts back what dead workers left: one may die while this one runs."""
        self.recover()
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
            log.info("%s: %s", name, result.error or "imported")
            yield result

    def close(self) -> None:
        # Not empty: a file still claimed is put back by the next worker.
        with contextlib.suppress(OSError):
            self.claims.rmdir()


def free_name(folder: Path, name: str) -> Path:
    """folder/name, or folder/stem-2.ext … when an agency sent the same name before."""
    target = folder / name
    stem, suffix = os.path.splitext(name)
    count = 1
    while target.exists() or target.with_name(target.name + ".error.txt").exists():
        count += 1
        target = folder / f"{stem}-{count}{suffix}"
    return target


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
            stopping.wait(interval)
    finally:
        folder.close()
