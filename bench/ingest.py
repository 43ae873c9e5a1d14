"""Wire ingest speed: 5,000 generated ninjs items through the one import path, on SQLite.

Run by hand: `.venv/bin/python bench/ingest.py [COUNT]`. It builds a throwaway SQLite
database in a temporary folder, migrates it, generates the items in memory (realistic sizes: six
paragraphs, three subjects, a picture on every third item), then times
wire.importer.import_data() per item, each in its own transaction as in production, and a second
pass that re-imports them all (every one skipped).

Wall clock and this process's CPU time are both printed: on a shared machine the first says how
busy it was, the second what the import costs. The database is configured by
newsroom/settings.py as in production (for SQLite: WAL with synchronous=NORMAL, where a commit
does not wait for fsync); the journal mode in force is printed. TMPDIR=/dev/shm takes the disk
out altogether. The numbers go into the issue note, never into an assertion.
"""

import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CITIES = ["BRUSSELS", "MOSCOW", "BERLIN", "PARIS", "KYIV", "BRUSELLS", "Grossetto", "TOKYO"]
SUBJECTS = ["Politics", "Defence", "Economy", "Energy", "Sport", "Weather", "Health", "Science"]
WORDS = [
    "alliance", "minister", "talks", "treaty", "missile", "security", "council", "agreement",
    "summit", "markets", "energy", "officials", "said", "statement", "government", "measures",
    "dialogue", "region", "forces", "report", "week",
]  # fmt: skip


def setup(folder: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(folder / "media")
    os.environ["DEBUG"] = "false"  # as in production: no query log kept in memory
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def item(n: int, rng: random.Random) -> bytes:
    document = {
        "uri": f"urn:newsml:bench.example:2026:item-{n}",
        "type": "text",
        "version": "1",
        "versionCreated": f"2026-11-{1 + n % 28:02d}T{n % 24:02d}:15:00+01:00",
        "pubStatus": "usable",
        "language": "en",
        "copyrightHolder": rng.choice(["TASS", "dpa", "NTB", "TT"]),
        "by": f"Reporter {n % 97} and Reporter {(n * 7) % 97}",
        "located": rng.choice(CITIES),
        "headlines": [{"role": "main", "value": f"{sentence(rng, 8)[:-1]} ({n})"}],
        "descriptions": [{"contentType": "text/plain", "value": sentence(rng, 25)}],
        "bodies": [
            {
                "role": "main",
                "contentType": "text/html",
                "value": "".join(f"<p>{sentence(rng, 40)}</p>" for _ in range(6)),
            }
        ],
        "subjects": [{"name": name} for name in rng.sample(SUBJECTS, 3)],
    }  # fmt: skip
    if n % 3 == 0:
        document["associations"] = [
            {
                "name": "lead",
                "uri": f"urn:newsml:bench.example:2026:photo-{n}",
                "type": "picture",
                "by": "EPA-EFE/KOCA SULEJMANOVIC",
                "descriptions": [{"value": sentence(rng, 12)}],
                "renditions": [
                    {"name": "hi", "href": f"https://example.com/{n}.jpg", "width": 3000,
                     "height": 2000, "contentType": "image/jpeg"},
                ],
            }
        ]  # fmt: skip
    return json.dumps(document).encode()


def timed(items: list[bytes]) -> tuple[float, float, dict[str, int]]:
    from wire.importer import Batch, import_data

    counts: dict[str, int] = {}
    batch = Batch()  # as the import_wire command does for its files
    start, cpu = time.perf_counter(), time.process_time()
    for n, data in enumerate(items):
        outcome = import_data(f"item-{n}.json", data, batch=batch)
        counts[outcome.result] = counts.get(outcome.result, 0) + 1
    return time.perf_counter() - start, time.process_time() - cpu, counts


def journal() -> str:
    """The journal mode and synchronous level the settings put in force, e.g. `wal, sync 1`."""
    from django.db import connection

    with connection.cursor() as cursor:
        mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
        sync = cursor.execute("PRAGMA synchronous").fetchone()[0]
    return f"journal {mode}, synchronous {sync}"


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    with tempfile.TemporaryDirectory() as folder:
        setup(Path(folder))
        rng = random.Random(20261128)
        items = [item(n, rng) for n in range(count)]
        megabytes = sum(map(len, items)) / 1024 / 1024
        print(f"{count} ninjs items, {megabytes:.1f} MB, SQLite ({journal()}) at {folder}")
        print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        for label in ("first import", "re-import"):
            seconds, cpu, counts = timed(items)
            print(
                f"{label}: {seconds:.1f} s, {count / seconds:.0f} items/s wall clock; "
                f"{cpu:.1f} s CPU, {count / cpu:.0f} items per CPU-second  {counts}"
            )


if __name__ == "__main__":
    main()
