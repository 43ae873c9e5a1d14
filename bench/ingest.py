"""Wire ingest speed: 5,000 generated ninjs or NewsML-G2 items through the one import path, on
SQLite.

Run by hand: `.venv/bin/python bench/ingest.py [COUNT] [ninjs|newsml|newsml-text|both]
[--workers=N] [--folder]` (ninjs and newsml by default; newsml-text is text items only, one a
file, to compare NewsML-G2 with ninjs item for item). `--folder` times the whole way copy
arrives instead: the files written into a drop folder beforehand, then one `ingest_wire --watch`
pass (wire.ingest.DropFolder) claims, reads, imports and moves each to done/. `--workers=2`
imports with two processes at once, as two `ingest_wire --watch` workers on one drop folder do,
each file once; on SQLite they gain nothing, since each item's transaction holds the database's
one write lock: measured 2026-12-03, 154 against 156 files/s.
It builds a throwaway SQLite database in a temporary folder, migrates it, generates the items in
memory (realistic sizes: six paragraphs, three subjects, a picture on every third item; for
NewsML-G2 that third item is a news message holding a package, its text and its photo, as
agencies send a story with pictures), then times wire.importer.import_file() per file, each item
in its own transaction as in production, and a second pass that re-imports them all (every one
skipped). Each format gets its own database.

Wall clock and this process's CPU time are both printed: on a shared machine the first says how
busy it was, the second what the import costs. The database is configured by
newsroom/settings.py as in production (for SQLite: WAL with synchronous=NORMAL, where a commit
does not wait for fsync); the journal mode in force is printed. TMPDIR=/dev/shm takes the disk
out altogether. The numbers go into the issue note, never into an assertion.
"""

import json
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CITIES = ["BRUSSELS", "MOSCOW", "BERLIN", "PARIS", "KYIV", "BRUSELLS", "Grossetto", "TOKYO"]
SUBJECTS = ["Politics", "Defence", "Economy", "Energy", "Sport", "Weather", "Health", "Science"]
MEDIA_TOPICS = dict(zip(SUBJECTS, ["11000000", "16009000", "04000000", "20000250", "15000000",
                                   "17000000", "07000000", "13000000"], strict=True))  # fmt: skip
NAR = "http://iptc.org/std/nar/2006-10-01/"
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


def newsml_text(n: int, rng: random.Random, *, guid: str, namespace: bool = True) -> str:
    agency = rng.choice(["REUTERS", "AFP", "DPA", "TASS"])
    subjects = "".join(
        f'<subject type="cpnat:abstract" qcode="medtop:{MEDIA_TOPICS[name]}"><name>{name}</name>'
        "</subject>"
        for name in rng.sample(SUBJECTS, 3)
    )
    paragraphs = "".join(f"<p>{sentence(rng, 40)}</p>" for _ in range(6))
    return f"""<newsItem{f' xmlns="{NAR}"' if namespace else ""} guid="{guid}" version="1"
 standard="NewsML-G2" standardversion="2.35" conformance="power" xml:lang="en">
 <rightsInfo><copyrightHolder><name>{agency}</name></copyrightHolder>
  <copyrightNotice>Copyright 2026 {agency}</copyrightNotice></rightsInfo>
 <itemMeta><itemClass qcode="ninat:text"/><provider qcode="nprov:{agency}"/>
  <versionCreated>2026-11-{1 + n % 28:02d}T{n % 24:02d}:15:00+01:00</versionCreated>
  <pubStatus qcode="stat:usable"/><service qcode="svc:world"><name>World</name></service>
  <signal qcode="sig:update"/></itemMeta>
 <contentMeta><urgency>{1 + n % 8}</urgency>
  <located qcode="geo:{n % 50}"><name>{rng.choice(CITIES)}</name></located>
  <creator role="crol:writer"><name>Reporter {n % 97}</name></creator>
  <creator role="crol:writer"><name>Reporter {(n * 7) % 97}</name></creator>
  {subjects}<genre qcode="genre:current"><name>Current</name></genre>
  <headline>{escape(sentence(rng, 8)[:-1])} ({n})</headline>
  <description role="drol:summary">{sentence(rng, 25)}</description></contentMeta>
 <contentSet><inlineXML contenttype="application/xhtml+xml"><html
  xmlns="http://www.w3.org/1999/xhtml"><head><title>x</title></head><body>{paragraphs}</body>
  </html></inlineXML></contentSet>
</newsItem>"""


def newsml_photo(n: int, rng: random.Random, *, guid: str) -> str:
    return f"""<newsItem guid="{guid}" version="1" standard="NewsML-G2" standardversion="2.35"
 conformance="power"><rightsInfo><copyrightHolder><name>EPA-EFE</name></copyrightHolder>
 <usageTerms>Editorial use only</usageTerms></rightsInfo>
 <itemMeta><itemClass qcode="ninat:picture"/><provider qcode="nprov:EPA"/>
  <versionCreated>2026-11-01T10:00:00Z</versionCreated></itemMeta>
 <contentMeta><creator role="crol:photographer"><name>Koca Sulejmanovic</name></creator>
  <creditline>EPA-EFE/KOCA SULEJMANOVIC</creditline><headline>Photo {n}</headline>
  <description role="drol:caption">{sentence(rng, 12)}</description></contentMeta>
 <contentSet><remoteContent rendition="rnd:highRes" href="https://example.com/{n}.jpg"
  contenttype="image/jpeg" width="3000" height="2000"/><remoteContent rendition="rnd:thumb"
  href="https://example.com/{n}-t.jpg" contenttype="image/jpeg" width="300" height="200"/>
 </contentSet></newsItem>"""


def newsml_item(n: int, rng: random.Random) -> bytes:
    """A news item; every third a news message: a package, its text and its photo."""
    guid = f"urn:newsml:bench.example:2026:item-{n}"
    if n % 3:
        return newsml_text(n, rng, guid=guid).encode()
    text, photo = f"{guid}:text", f"urn:newsml:bench.example:2026:photo-{n}"
    package = f"""<packageItem guid="{guid}" version="1" standard="NewsML-G2"
 standardversion="2.35" conformance="power"><itemMeta><itemClass qcode="ninat:composite"/>
 <provider qcode="nprov:REUTERS"/><versionCreated>2026-11-01T10:00:00Z</versionCreated>
 </itemMeta><groupSet root="G1"><group id="G1" role="group:main">
 <itemRef residref="{text}"><itemClass qcode="ninat:text"/></itemRef>
 <itemRef residref="{photo}"><itemClass qcode="ninat:picture"/></itemRef>
 </group></groupSet></packageItem>"""
    items = package + newsml_text(n, rng, guid=text, namespace=False)
    items += newsml_photo(n, rng, guid=photo)
    return f"""<?xml version="1.0" encoding="UTF-8"?><newsMessage xmlns="{NAR}"><header>
 <sent>2026-11-01T10:00:00Z</sent><priority>3</priority></header>
 <itemSet>{items}</itemSet></newsMessage>""".encode()


def timed(items: list[bytes], suffix: str) -> tuple[float, float, dict[str, int]]:
    from wire.importer import Batch, import_file

    counts: dict[str, int] = {}
    batch = Batch()  # as the import_wire command does for its files
    start, cpu = time.perf_counter(), time.process_time()
    for n, data in enumerate(items):
        for outcome in import_file(f"item-{n}.{suffix}", data, batch=batch):
            counts[outcome.result] = counts.get(outcome.result, 0) + 1
    return time.perf_counter() - start, time.process_time() - cpu, counts


def timed_folder(items: list[bytes], suffix: str) -> tuple[float, float, dict[str, int]]:
    """One drop-folder pass over the files, written (and settled) before the clock starts."""
    from wire.ingest import DropFolder

    drop = Path(os.environ["MEDIA_ROOT"]).parent / "drop"
    drop.mkdir(exist_ok=True)
    settled = time.time() - 60
    for n, data in enumerate(items):
        path = drop / f"item-{n}.{suffix}"
        path.write_bytes(data)
        os.utime(path, (settled, settled))
    folder = DropFolder(drop, settle=0)
    counts: dict[str, int] = {}
    start, cpu = time.perf_counter(), time.process_time()
    for result in folder.run_once():
        for outcome in result.outcomes:
            counts[outcome.result] = counts.get(outcome.result, 0) + 1
        if result.error:
            counts["refused"] = counts.get("refused", 0) + 1
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    counts["in done/"] = len(list((drop / "done").iterdir()))
    shutil.rmtree(drop / "done")
    return seconds, cpu, counts


def journal() -> str:
    """The journal mode and synchronous level the settings put in force, e.g. `wal, sync 1`."""
    from django.db import connection

    with connection.cursor() as cursor:
        mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
        sync = cursor.execute("PRAGMA synchronous").fetchone()[0]
    return f"journal {mode}, synchronous {sync}"


def newsml_single(n: int, rng: random.Random) -> bytes:
    """A text news item alone in its file: NewsML-G2 item for item against ninjs."""
    return newsml_text(n, rng, guid=f"urn:newsml:bench.example:2026:item-{n}").encode()


FORMATS: dict[str, tuple[Callable[[int, random.Random], bytes], str]] = {
    "ninjs": (item, "json"),
    "newsml": (newsml_item, "xml"),
    "newsml-text": (newsml_single, "xml"),
}


def run(label: str, count: int, workers: int = 1, drop_folder: bool = False) -> None:
    """One format in a fresh database: a child process, since Django is set up once per process."""
    make, suffix = FORMATS[label]
    with tempfile.TemporaryDirectory() as folder:
        setup(Path(folder))
        rng = random.Random(20261128)
        items = [make(n, rng) for n in range(count)]
        megabytes = sum(map(len, items)) / 1024 / 1024
        print(f"{count} {label} files, {megabytes:.1f} MB, SQLite ({journal()}) at {folder}")
        print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        for phase in ("first import", "re-import"):
            if drop_folder:
                seconds, cpu, counts = timed_folder(items, suffix)
            elif workers > 1:
                seconds, cpu, counts = timed_workers(items, suffix, workers)
            else:
                seconds, cpu, counts = timed(items, suffix)
            print(
                f"{phase}: {seconds:.1f} s, {count / seconds:.0f} files/s wall clock; "
                f"{cpu:.1f} s CPU, {count / cpu:.0f} files per CPU-second  {counts}"
            )


def timed_workers(items: list[bytes], suffix: str, workers: int) -> tuple[float, float, dict]:
    """As `ingest_wire --watch` run `workers` times on one drop folder: each process imports its
    share (every workers-th file) into the same database at once. CPU is all processes' CPU."""
    import multiprocessing

    from django.db import connections

    connections.close_all()  # each forked worker opens its own connection
    context = multiprocessing.get_context("fork")
    shares = [(items[n::workers], suffix) for n in range(workers)]
    start = time.perf_counter()
    with context.Pool(workers) as pool:
        results = pool.starmap(timed, shares)
    seconds = time.perf_counter() - start
    counts: dict[str, int] = {}
    for _, _, share in results:
        for result, number in share.items():
            counts[result] = counts.get(result, 0) + number
    return seconds, sum(cpu for _, cpu, _ in results), counts


def main() -> None:
    arguments = [a for a in sys.argv[1:] if not a.startswith("--")]
    folder = "--folder" in sys.argv[1:]
    workers = next((int(a.split("=")[1]) for a in sys.argv[1:] if a.startswith("--workers=")), 1)
    count = int(arguments[0]) if arguments else 5000
    chosen = arguments[1] if len(arguments) > 1 else "both"
    labels = ["ninjs", "newsml"] if chosen == "both" else [chosen]
    if len(labels) == 1:
        run(labels[0], count, workers, folder)
        return
    import subprocess

    for label in labels:
        command = [sys.executable, __file__, str(count), label, f"--workers={workers}"]
        command += ["--folder"] if folder else []
        subprocess.run(command, check=True)


if __name__ == "__main__":
    main()
