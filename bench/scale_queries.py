"""Print the database's own time for the queries behind search and the admin list (bench/scale.sh).

For each: the median "Execution Time" of EXPLAIN ANALYZE over five runs, in milliseconds (and the
plan of the public search for a common word); then, for each page, the median time of a request
made in this process and the CPU time this process spent on it (the database's excluded). Both
are less sensitive than wrk to what else the machine runs, so they show whether a page grows
with the archive.

Run with the benchmark's environment: python bench/scale_queries.py COMMON RARE
"""

import os
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django

django.setup()

from django.contrib.admin import site  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, RequestFactory, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from articles.admin import ArticleAdmin  # noqa: E402
from articles.models import Article, Author, Section  # noqa: E402
from articles.search import ranked  # noqa: E402


def explained(sql: str) -> tuple[float, list[str]]:
    times, plan = [], []
    with connection.cursor() as cursor:
        for _ in range(5):
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            plan = [row[0] for row in cursor.fetchall()]
            found = re.search(r"Execution Time: ([\d.]+)", plan[-1])
            assert found, plan[-1]
            times.append(float(found[1]))
    return statistics.median(times), plan


def captured(run) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        run()
    return [query["sql"] for query in queries]


def admin_queries(params: dict) -> dict[str, str]:
    """The count and the page's query of the admin's article list with these parameters."""
    admin = ArticleAdmin(Article, site)
    request = RequestFactory().get("/admin/articles/article/", params)
    request.user = User.objects.get(username="bench-editor")
    made = []
    counts = [
        sql
        for sql in captured(lambda: made.append(admin.get_changelist_instance(request)))
        if "COUNT(" in sql
    ]  # making the change list counts it
    page = captured(lambda: list(made[0].result_list))
    listed = next(sql for sql in page if 'FROM "articles_article"' in sql)
    return {"count": counts[0], "page": listed}


def page_times(path: str, user=None) -> tuple[float, float]:
    """Median wall and CPU (this process's, without the database's) milliseconds of a page."""
    client = Client()
    if user is not None:
        client.force_login(user)
    walls, cpus = [], []
    for _ in range(6):
        wall, cpu = time.perf_counter(), time.process_time()
        assert client.get(path).status_code == 200, path
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return statistics.median(walls[1:]), statistics.median(cpus[1:])  # the first warms up


def main(common: str, rare: str):
    section = Section.objects.get(slug="politics")
    author = Author.objects.filter(kind=Author.Kind.PERSON).order_by("pk")[0]
    rows = {}
    for word in (common, rare):
        (sql,) = captured(lambda word=word: ranked(Article.objects.published(), word))
        rows[f"search {word}"], plan = explained(sql)
        if word == common:
            print("plan of the public search for a common word:")
            print("\n".join("  " + line for line in plan))
    lists: list[tuple[str, dict]] = [
        ("admin list", {}),
        ("admin section", {"section__id__exact": section.pk}),
        ("admin author", {"author": author.pk}),
        (f"admin search {common}", {"q": common}),
        (f"admin search {rare}", {"q": rare}),
    ]
    for label, params in lists:
        for part, sql in admin_queries(params).items():
            rows[f"{label} ({part})"] = explained(sql)[0]
    size = Article.objects.count()
    for label, ms in rows.items():
        print(f"{size:>8} {label:<32} {ms:8.2f} ms")
    editor = User.objects.get(username="bench-editor")
    admin = "/admin/articles/article/"
    for label, path, user in [
        ("home", "/", None),
        (f"search {common}", f"/search/?q={common}", None),
        (f"search {rare}", f"/search/?q={rare}", None),
        ("admin list", admin, editor),
        ("admin section", f"{admin}?section__id__exact={section.pk}", editor),
        ("admin author", f"{admin}?author={author.pk}", editor),
        (f"admin search {common}", f"{admin}?q={common}", editor),
    ]:
        wall, cpu = page_times(path, user)
        print(f"{size:>8} page {label:<27} {wall:8.1f} ms wall {cpu:8.1f} ms cpu")


if __name__ == "__main__":
    with override_settings(ALLOWED_HOSTS=["testserver"], PUBLIC_PAGE_CACHE_SECONDS=0):
        main(*sys.argv[1:3])
