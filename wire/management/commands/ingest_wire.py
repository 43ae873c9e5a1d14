"""manage.py ingest_wire: the worker that takes copy where it arrives.

    ingest_wire --watch DIR      an agency's drop folder (see wire/ingest.py)
    ingest_wire --pull URL       a feed URL, conditional GET every --interval seconds
    ingest_wire --feeds          every active feed configured in the admin (see wire/feeds.py)
    ingest_wire --feeds --enqueue   start the check_feed task chains instead (django.tasks)
    --agency NAME                with --watch or --pull: who delivers there (see import_file)

Runs until SIGTERM or SIGINT, stopping between files; --once makes a single pass (for cron).

Once settings.WIRE_DROP_ROOTS names directories, --watch refuses a folder outside them. While it
is empty, --watch still takes the folder the operator names: they start this command with the
server's own rights, so naming a folder grants nothing (folder feeds configured in the admin are
refused until WIRE_DROP_ROOTS is set: an admin account is not a shell).
"""

import argparse
import math
import signal
import threading
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from wire import feeds
from wire.folders import outside_drop_roots
from wire.importer import CREATED, FAILED, UPDATED, Outcome
from wire.ingest import SETTLE_SECONDS, DropFolder, FileResult, watch
from wire.models import WireFeed
from wire.story import one_line


class Command(BaseCommand):
    help = "Import agency copy from a drop folder, a feed URL or the feeds configured in the admin."

    def add_arguments(self, parser):
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--watch", type=folder_name, metavar="DIR", help="a drop folder")
        source.add_argument("--pull", type=given, metavar="URL", help="a feed URL (http or https)")
        source.add_argument("--feeds", action="store_true", help="all active feeds")
        parser.add_argument("--once", action="store_true", help="one pass, then exit")
        parser.add_argument(
            "--interval",
            type=seconds(low=0.1),
            default=5.0,
            help="seconds between passes (default 5)",
        )
        parser.add_argument(
            "--settle",
            type=seconds(low=0),
            default=SETTLE_SECONDS,
            help=f"seconds a file must be untouched before it is taken (default {SETTLE_SECONDS})",
        )
        parser.add_argument(
            "--enqueue", action="store_true", help="with --feeds: start the check_feed tasks"
        )
        parser.add_argument(
            "--agency",
            default="",
            help="with --watch or --pull: who delivers there, credited for items that name no "
            "agency (default: the configured feed's agency, if any)",
        )

    def handle(self, *args, **options):
        self.stopping = threading.Event()
        if not options["once"]:
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, lambda *_: self.stopping.set())
        if options["enqueue"]:
            if not options["feeds"]:
                raise CommandError("--enqueue goes with --feeds")
            self.stdout.write(f"started the checks of {feeds.start_chains()} feeds")
        elif options["watch"] is not None:
            self._watch(options["watch"], options)
        elif options["pull"] is not None:
            self._pull(options["pull"], options)
        else:
            self._loop(lambda: feeds.check_due_feeds(self.stopping), options)

    def _watch(self, root: Path, options) -> None:
        if not root.is_dir():
            raise CommandError(f"{root} is not a folder")
        if settings.WIRE_DROP_ROOTS and (refused := outside_drop_roots(root)):
            raise CommandError(refused)
        feed = WireFeed.objects.filter(kind=WireFeed.Kind.FOLDER, path=str(root)).first()
        agency = options["agency"] or (feed.agency if feed else "")
        try:
            folder = DropFolder(root, settle=options["settle"], agency=agency)
        except OSError as error:
            raise CommandError(f"cannot use {root}: {error.strerror or error}") from None
        if options["once"]:
            taken = failed = 0
            for result in folder.run_once():
                self._report(result, feed)
                taken += 1
                failed += bool(result.error) and not result.retry
            folder.close()
            if failed:  # cron and systemd see a pass that refused files
                raise CommandError(f"{failed} of {taken} files failed", returncode=1)
            return
        self.stdout.write(f"watching {root} every {options['interval']} s", ending="\n")

        def stamp() -> None:  # an idle folder is healthy: its health box says it was checked
            if feed is not None:
                feeds.stamp_checked(feed)

        watch(
            folder,
            interval=options["interval"],
            stopping=self.stopping,
            on_result=lambda result: self._report(result, feed),
            on_pass=stamp,
        )

    def _report(self, result: FileResult, feed: WireFeed | None) -> None:
        self.stdout.write(f"{result.name}: {result.error or describe(result.outcomes)}")
        if feed is not None:
            errors = [f"{result.name}: {result.error}"] if result.error else []
            feeds.record(feed, result.outcomes, errors)

    def _pull(self, url: str, options) -> None:
        # A feed configured for this URL keeps its ETag and health; otherwise they live in memory.
        feed = WireFeed.objects.filter(url=url).first() or WireFeed(name=url, url=url)
        feed.agency = options["agency"] or feed.agency

        failed = False

        def one_pull() -> int:
            nonlocal failed
            outcomes = feeds.check(feed)
            if feed.failing:
                self.stderr.write(f"{url}: {feed.last_error}")
            self.stdout.write(f"{url}: {describe(outcomes)}")
            failed = feed.failing or any(o.result == FAILED for o in outcomes)
            return len(outcomes)

        self._loop(one_pull, options)
        if options["once"] and failed:
            raise CommandError(f"{url}: the pull failed", returncode=1)

    def _loop(self, one_pass, options) -> None:
        while not self.stopping.is_set():
            try:
                one_pass()
            except DatabaseError as error:
                if options["once"]:
                    raise
                self.stderr.write(f"database unavailable, retrying: {one_line(str(error))}")
            if options["once"]:
                return
            self.stopping.wait(options["interval"])


def describe(outcomes: list[Outcome]) -> str:
    imported = sum(outcome.result in (CREATED, UPDATED) for outcome in outcomes)
    failed = sum(outcome.result == FAILED for outcome in outcomes)
    described = f"{imported} imported, {len(outcomes) - imported - failed} not new"
    return f"{described}, {failed} failed" if failed else described


def given(value: str) -> str:
    if not value.strip():
        raise argparse.ArgumentTypeError("empty (an unset variable?)")
    return value.strip()


def folder_name(value: str) -> Path:
    """An empty DIR (an unset $DROP_DIR) would be the current folder: never swept unasked."""
    return Path(given(value))


def seconds(*, low: float):
    """A number of seconds from `low` to a day: 0 between pulls would hammer the agency."""

    def parse(value: str) -> float:
        try:
            number = float(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{value!r} is not a number of seconds") from None
        if not (math.isfinite(number) and low <= number <= DAY):
            raise argparse.ArgumentTypeError(f"{value} is not from {low:g} to {DAY} seconds")
        return number

    return parse


DAY = 24 * 60 * 60
