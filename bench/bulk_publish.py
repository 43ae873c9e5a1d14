"""How long an editor's "Publish selected…" takes for 200 articles in one request, on SQLite.

Makes a throwaway SQLite database (migrated, in a temporary folder), 200 articles waiting in
edit with a byline and a section each, an editor and a reporter who owns them, then posts the
admin action's confirmation as the browser does and prints the request's time and queries.
`--profile` prints cProfile's top 25 by cumulative time instead of timing alone.

    python bench/bulk_publish.py [COUNT] [--profile]
"""

import cProfile
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

FOLDER = tempfile.mkdtemp(prefix="bulk-publish-")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DATABASE_URL"] = f"sqlite:///{FOLDER}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import Group, User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402

from articles import teasers  # noqa: E402
from articles.models import Article, Author, Byline, Section, Status  # noqa: E402


def newsroom(count: int) -> tuple[User, list[int]]:
    call_command("migrate", verbosity=0)
    editor = User.objects.create_user("bench-editor", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editor"))
    reporter = User.objects.create_user("bench-reporter", is_staff=True)
    reporter.groups.add(Group.objects.get(name="Reporter"))
    author = Author.objects.create(name="Bench Reporter", slug="bench-reporter", user=reporter)
    sections = [Section.objects.create(name=f"S{n}", slug=f"s{n}") for n in range(5)]
    ids = []
    for n in range(count):
        article = Article.objects.create(
            headline=f"Bench story {n}",
            slug=f"bench-story-{n}",
            standfirst="What happened.",
            body="<p>The first paragraph.</p><p>The second.</p>",
            section=sections[n % len(sections)],
            no_photo=True,
            status=Status.EDIT,
            created_by=reporter,
        )
        Byline.objects.create(article=article, author=author)
        ids.append(article.pk)
    teasers.refresh(ids)
    return editor, ids


def publish(editor: User, ids: list[int]) -> tuple[float, int, int]:
    client = Client()
    client.force_login(editor)
    data = {"action": "publish_selected", "_selected_action": ids, "apply": "yes"}
    url = reverse("admin:articles_article_changelist")
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.post(url, data)
        elapsed = time.perf_counter() - start
    assert response.status_code == 200, response.status_code
    return elapsed, len(queries), response.status_code


def main(count: int, profile: bool) -> None:
    editor, ids = newsroom(count)
    with override_settings(ALLOWED_HOSTS=["testserver"], DEBUG=False):
        if profile:
            profiler = cProfile.Profile()
            profiler.runcall(publish, editor, ids)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(
                r"articles|notifications|newsroom", 40
            )
        else:
            elapsed, queries, _ = publish(editor, ids)
            published = Article.objects.filter(pk__in=ids, status=Status.PUBLISHED).count()
            print(
                f"bulk publish of {count} articles: {elapsed:.2f} s, {queries} queries, "
                f"{published} published (SQLite, load {os.getloadavg()[0]:.2f})"
            )


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(int(args[0]) if args else 200, "--profile" in sys.argv)
