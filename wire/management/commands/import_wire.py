"""manage.py import_wire FILE…: agency items (ninjs or plain text) into drafts."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wire.importer import FAILED, Batch, Outcome, import_file, summarise
from wire.intake import display_name, read_file
from wire.story import WireError

BAR_WIDTH = 30


class Command(BaseCommand):
    help = (
        "Import agency copy (ninjs 2.x/3.x JSON, NewsML-G2 XML or plain text) as drafts: one item "
        "per file, or a NewsML-G2 news message's several. Prints one line per failed item, one "
        "per item a routing rule published, and a summary; exits 1 if any failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE")

    def handle(self, *files, **options):
        paths = options["files"]
        outcomes, batch = [], Batch()
        for done, path in enumerate(paths, start=1):
            found = self._import(path, batch)
            outcomes.extend(found)
            self._progress(done, len(paths), found)
        if self._tty():
            self.stderr.write("")  # end the progress bar's line
        for outcome in outcomes:
            if outcome.result == FAILED:
                self.stderr.write(f"{outcome.source}: {outcome.message}")
            elif outcome.published_by:  # not a draft: say so, whoever reads only the summary
                self.stdout.write(f"{outcome.source}: {outcome.message}")
        self.stdout.write(summarise(outcomes))
        failed = sum(outcome.result == FAILED for outcome in outcomes)
        if failed:
            raise CommandError(f"{failed} of {len(outcomes)} items failed to import", returncode=1)

    def _import(self, path: Path, batch: Batch) -> list[Outcome]:
        try:
            data = read_file(path)
        except WireError as error:
            return [Outcome(display_name(str(path)), FAILED, str(error))]
        return import_file(str(path), data, batch=batch)

    def _progress(self, done: int, total: int, found: list[Outcome]) -> None:
        if self._tty():
            filled = BAR_WIDTH * done // total
            bar = "#" * filled + "-" * (BAR_WIDTH - filled)
            self.stderr.write(f"\r[{bar}] {done}/{total}", ending="")
            self.stderr.flush()
        else:
            for outcome in found:
                self.stderr.write(f"[{done}/{total}] {outcome.source}: {outcome.result}")

    def _tty(self) -> bool:
        return self.stderr.isatty()
