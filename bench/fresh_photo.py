"""Breaking news with a fresh 24-megapixel photo: what the editor and the first readers wait for.

Run by hand: `.venv/bin/python bench/fresh_photo.py [--readers N]`. Results go into issue notes,
never into assertions.

Method. A scratch SQLite database and media folder; the 6000×4000 JPEG of bench/renditions.py is
uploaded through `import_photo()` (which makes the library thumbnail), an article leading with it
is published through the workflow with the database queue configured (no worker running), then
the article page is requested N times in-process (Django's test client, page cache off) while the
renditions wait: each of those is a reader's request. Then `db_worker --batch` makes the
renditions and rewrites the row, and the page is requested again. Times are wall-clock
milliseconds; the page checks say what the reader was served.
"""

import argparse
import importlib.util
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup(scratch: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DEBUG="true",
        DATABASE_URL=f"sqlite:///{scratch / 'db.sqlite3'}",
        MEDIA_ROOT=str(scratch / "media"),
        PUBLIC_PAGE_CACHE_SECONDS="0",
        ALLOWED_HOSTS="testserver",
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def photo_bytes(scratch: Path) -> bytes:
    spec = importlib.util.spec_from_file_location("bench_renditions", ROOT / "bench/renditions.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    path = scratch / "photo.jpg"
    module.make_photo(path)
    return path.read_bytes()


def ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readers", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        setup(scratch)
        data = photo_bytes(scratch)
        run(data, args.readers)


def run(data: bytes, readers: int) -> None:
    from django.core.management import call_command
    from django.test import Client

    from articles import workflow
    from articles.models import Article, Byline, Section, Status
    from media_assets.uploads import import_photo
    from tests import factories

    editor = factories.make_user("bench-editor", is_superuser=True)
    start = time.perf_counter()
    photo, _ = import_photo(
        data,
        filename="fresh.jpg",
        fields={"alt_text": "A fresh picture", "credit_line": "AGENCY/PHOTOGRAPHER"},
    )
    print(f"upload (validate, store, library thumbnail): {ms(start):.0f} ms")
    section = Section.objects.create(name="World", slug="world")
    article = Article.objects.create(
        headline="Breaking",
        slug="breaking",
        body="<p>Words.</p>",
        section=section,
        lead_photo=photo,
        status=Status.EDIT,
    )
    Byline.objects.create(article=article, author=factories.make_author("A Reporter"))
    start = time.perf_counter()
    workflow.perform(article, "publish", editor)
    print(f"publish (the editor's request): {ms(start):.0f} ms")

    client, url = Client(), Article.objects.get(pk=article.pk).get_absolute_url()
    times, page = [], ""
    for _ in range(readers):
        start = time.perf_counter()
        page = client.get(url).content.decode()
        times.append(ms(start))
    print(
        f"{readers} readers before the worker: median {statistics.median(times):.1f} ms, "
        f"max {max(times):.1f} ms; original shown: {photo.image.url in page}"
    )
    start = time.perf_counter()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    print(f"worker: {photo.renditions.count()} renditions and the row in {ms(start):.0f} ms")
    times = []
    for _ in range(readers):
        start = time.perf_counter()
        page = client.get(url).content.decode()
        times.append(ms(start))
    print(
        f"{readers} readers after: median {statistics.median(times):.1f} ms, "
        f"max {max(times):.1f} ms; srcset shown: {'400w' in page}"
    )


if __name__ == "__main__":
    main()
