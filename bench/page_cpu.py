"""The CPU time each page of bench/pages.sh costs this process per uncached request.

    python bench/page_cpu.py [ROUNDS] [REQUESTS] 2>/dev/null   # 10 rounds of 15 by default

Run from the repository root with bench/pages.sh's environment (its variables, and the database
it built: `generate_articles`, then this script makes the live blog with bench/live_blog.py if
there is none). Requests go through Django's test Client in this process, the whole middleware
stack included, with the page cache off (PUBLIC_PAGE_CACHE_SECONDS=0, as pages.sh's uncached
run); each is timed with time.process_time(), the CPU this process spent: the database's work
(another process) is left out, and so is the time spent waiting for a busy machine's CPU, so the
numbers hold on a shared 2-core machine where wrk's requests per second drift with the load.

Pages: the automatic home page, the home front curated by bench/curate_front.py (a lead, 10 top
stories, 3 blocks of 4), an article page with its related stories, and the live blog's latest
page (500 entries). Each round measures every page in turn (curating the front for its turn and
clearing it after), two requests to warm up, then REQUESTS timed. A page's result is the median
of the rounds' medians, in milliseconds, with their spread; its ratio to the automatic home page
is the median of the rounds' ratios, so a change in the machine's load between rounds cancels
out. Wall time is printed too, for reference only: it includes the database and the load. (The
request log lines go to stderr, as in production: their cost is in the numbers.)
"""

import contextlib
import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django

django.setup()

import curate_front  # noqa: E402
import live_blog  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from articles.models import Article, Teaser  # noqa: E402

LIVE_ENTRIES = 500


def timed(client: Client, path: str, requests: int) -> tuple[float, float]:
    """Median CPU and wall milliseconds of `requests` GETs of `path`, after two to warm up."""
    for _ in range(2):
        assert client.get(path).status_code == 200, path
    cpus, walls = [], []
    for _ in range(requests):
        cpu, wall = time.process_time(), time.perf_counter()
        status = client.get(path).status_code
        cpus.append((time.process_time() - cpu) * 1000)
        walls.append((time.perf_counter() - wall) * 1000)
        assert status == 200, (path, status)
    return statistics.median(cpus), statistics.median(walls)


def pages() -> list[tuple[str, str]]:
    """(label, path) of each page; the article is pages.sh's (page_queries.py's), not live."""
    article = Article.objects.published().filter(is_live=False).first()
    blog = live_blog.live_blog(LIVE_ENTRIES)
    return [
        ("home automatic", "/"),
        ("home curated", "/"),
        ("article + related", article.get_absolute_url()),
        (f"live blog {LIVE_ENTRIES}", Teaser.objects.get(article=blog).url),
    ]


def quietly(change) -> None:
    with contextlib.redirect_stdout(io.StringIO()):  # its one line, once a round
        change()


def measure(rounds: int, requests: int) -> dict[str, list[tuple[float, float]]]:
    client = Client()
    results: dict[str, list[tuple[float, float]]] = {}
    listed = pages()
    quietly(curate_front.clear)
    for _ in range(rounds):
        for label, path in listed:
            curated = label == "home curated"
            if curated:
                quietly(curate_front.curate)
            try:
                results.setdefault(label, []).append(timed(client, path, requests))
            finally:
                if curated:
                    quietly(curate_front.clear)
    return results


def main(rounds: int, requests: int) -> None:
    with override_settings(ALLOWED_HOSTS=["testserver"], PUBLIC_PAGE_CACHE_SECONDS=0):
        results = measure(rounds, requests)
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    print(f"CPU ms per uncached request: {rounds} rounds x {requests} requests; load {load}")
    home = [cpu for cpu, _wall in results["home automatic"]]
    for label, runs in results.items():
        cpus = [cpu for cpu, _wall in runs]
        ratio = statistics.median(cpu / base for cpu, base in zip(cpus, home, strict=True))
        wall = statistics.median(wall for _cpu, wall in runs)
        print(
            f"{label:<18} {statistics.median(cpus):6.2f} ms cpu"
            f" ({min(cpus):.2f}-{max(cpus):.2f}) {ratio:5.2f}x home  {wall:6.2f} ms wall"
        )


if __name__ == "__main__":
    main(*(int(value) for value in sys.argv[1:3])) if sys.argv[1:] else main(10, 15)
