"""How long from an editor's action to the change visible through Varnish (bench/edge.sh).

Publishes a new article and polls the home page and a section page through Varnish until its
headline shows; then edits a published article's headline and polls its page. Both pages are
fetched (cached) first. Run with the benchmark's environment: python bench/edge_publish.py URL
"""

import os
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402

from articles import editing, workflow  # noqa: E402
from articles.models import Article, Byline, Revision, Status  # noqa: E402

ROUNDS = 5


def fetch(url: str) -> tuple[str, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode(), response.headers.get("X-Cache", "")


def visible_after(url: str, text: str, start: float) -> float:
    while True:
        body, _ = fetch(url)
        if text in body:
            return time.perf_counter() - start
        if time.perf_counter() - start > 30:
            raise SystemExit(f"{text!r} not visible at {url} after 30 s")
        time.sleep(0.005)


def main(base: str) -> None:
    editor, _ = get_user_model().objects.get_or_create(username="bench-editor", is_superuser=True)
    template = Article.objects.published().select_related("section").first()
    publish, edit = [], []
    for _ in range(ROUNDS):
        headline = f"Bench breaking {time.time_ns()}"
        draft = Article.objects.create(
            headline=headline,
            slug=f"bench-breaking-{time.time_ns()}",
            standfirst="Now.",
            body="<p>Now.</p>",
            section=template.section,
            no_photo=True,
            status=Status.EDIT,
        )
        Byline.objects.create(article=draft, author=template.bylines.first().author)
        for url in ("/", template.section.get_absolute_url()):
            fetch(base + url)
            fetch(base + url)  # a HIT now
        start = time.perf_counter()
        workflow.perform(draft, "publish", editor)
        publish.append(visible_after(base + "/", headline, start))

        page = base + draft.get_absolute_url()
        fetch(page)
        _, cached = fetch(page)
        article = Article.objects.get(pk=draft.pk)
        article.headline = f"Bench corrected {time.time_ns()}"
        start = time.perf_counter()
        editing.save_content(
            article, user=editor, source=Revision.Source.ADMIN, expected_version=article.version
        )
        edit.append(visible_after(page, article.headline, start))
        assert cached == "HIT", cached
    for name, times in (("publish -> on the home page", publish), ("edit -> on its page", edit)):
        ms = sorted(round(t * 1000, 1) for t in times)
        print(f"{name}: {ms} ms (max {ms[-1]} ms, {ROUNDS} rounds, load {os.getloadavg()[0]:.2f})")


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"))
