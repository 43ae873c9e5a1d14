"""Print how many queries the home and article pages cost, page cache off (bench/pages.sh).

Run with the benchmark's environment: python bench/page_queries.py
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

from articles.models import Article  # noqa: E402


def main():
    article = Article.objects.published().first()
    client = Client()
    with override_settings(PUBLIC_PAGE_CACHE_SECONDS=0, ALLOWED_HOSTS=["testserver"]):
        for name, url in [("home", "/"), ("article", article.get_absolute_url())]:
            client.get(url)  # renditions are made on the first request
            with CaptureQueriesContext(connection) as queries:
                status = client.get(url).status_code
            print(f"{name} {url} status={status} queries={len(queries)}")


if __name__ == "__main__":
    main()
