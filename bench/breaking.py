"""Breaking news through the edge: 200 readers on an article published a second earlier, leading
with a 24-megapixel photo uploaded just before (bench/edge.sh runs it; results go into notes).

Method. In the benchmark's environment (gunicorn, `db_worker`, Varnish with
deploy/varnish/newsroom.vcl, PostgreSQL, Redis): the 6000×4000 JPEG of bench/renditions.py is
uploaded as the photo desk's form does it (`import_photo()`, then its renditions queued for the
worker), an article leading with it is published through the workflow (its purge goes to Varnish),
and one second later `wrk` opens CONNECTIONS connections to the article page through Varnish for
DURATION, with latency percentiles. Meanwhile the worker makes the renditions and purges the
article again, so the run covers the page with the original standing in and with the srcset.

    python bench/breaking.py http://127.0.0.1:6093 [CONNECTIONS] [DURATION]
"""

import importlib.util
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402

from articles import renditions, workflow  # noqa: E402
from articles.models import Article, Byline, Status  # noqa: E402
from media_assets.uploads import import_photo  # noqa: E402


def photo_bytes() -> bytes:
    spec = importlib.util.spec_from_file_location("bench_renditions", ROOT / "bench/renditions.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "photo.jpg"
        module.make_photo(path)
        # A picture the library has never seen (uploads are deduplicated by content).
        with Image.open(path) as image:
            ImageDraw.Draw(image).text((40, 40), str(time.time_ns()), fill="white")
            image.save(path, quality=90)
        return path.read_bytes()


def publish_breaking(data: bytes) -> Article:
    editor, _ = get_user_model().objects.get_or_create(username="bench-editor", is_superuser=True)
    template = Article.objects.published().select_related("section").first()
    assert template is not None, "the benchmark's newsroom has no published article"
    photo, _ = import_photo(
        data,
        filename=f"breaking-{time.time_ns()}.jpg",
        fields={"alt_text": "The scene", "credit_line": "AGENCY/PHOTOGRAPHER"},
    )
    renditions.queue(photo)  # as the desk's upload does: the worker starts on them now
    stamp = time.time_ns()
    article = Article.objects.create(
        headline=f"Breaking {stamp}",
        slug=f"breaking-{stamp}",
        standfirst="It is happening now.",
        body="<p>It is happening now.</p>",
        section=template.section,
        lead_photo=photo,
        status=Status.EDIT,
    )
    Byline.objects.create(article=article, author=template.bylines.first().author)
    workflow.perform(article, "publish", editor)
    return Article.objects.get(pk=article.pk)


def main(base: str, connections: int, duration: str) -> None:
    data = photo_bytes()
    start = time.perf_counter()
    article = publish_breaking(data)
    print(f"upload and publish: {(time.perf_counter() - start) * 1000:.0f} ms")
    time.sleep(1)
    url = base + article.get_absolute_url()
    wrk = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    print(wrk)
    photo = article.lead_photo
    assert photo is not None
    photo.refresh_from_db()
    print(f"renditions: {photo.renditions_state}, {photo.renditions.count()} made")
    summary = {
        "p50": re.search(r"50%\s+(\S+)", wrk),
        "p99": re.search(r"99%\s+(\S+)", wrk),
        "rps": re.search(r"Requests/sec:\s+(\S+)", wrk),
    }
    errors = re.findall(r"(Non-2xx.*|Socket errors.*)", wrk)
    found = {name: match.group(1) if match else "?" for name, match in summary.items()}
    print(f"{connections} readers: {found}, errors: {errors or 'none'}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 200, *sys.argv[3:4] or ["15s"])
