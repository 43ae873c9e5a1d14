"""The article, home and section pages (and the other public pages) are valid HTML.

Checked with the Nu HTML checker (vnu.jar, installed by `make test-deps` through npm) in one Java
run for all the pages.
"""

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings

from newsroom.errors import database_unavailable
from tests import factories
from tests.articles.site_fixtures import newsroom, publish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

VNU = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def nu_errors(files: list[str]) -> str:
    """The Nu HTML checker's errors for these files, in one Java run; "" when all are valid."""
    assert VNU.exists(), "The Nu HTML checker is missing: run `make test-deps` (npm ci)."
    assert shutil.which("java"), "The Nu HTML checker needs Java 17 or newer."
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "gnu", *files],
        capture_output=True,
        text=True,
        timeout=120,
    )
    if result.returncode == 0:
        return ""
    return result.stderr + result.stdout or f"vnu.jar exited with {result.returncode}"


def pages(article):
    author = article.bylines.first().author
    return {
        "home": "/",
        "section": article.section.get_absolute_url(),
        "article": article.get_absolute_url(),
        "tag": "/tag/nato/",
        "author": author.get_absolute_url(),
        "search": "/search/?q=headline",
        "empty-search": "/search/",
        "second-page": "/?page=2",
        "not-found": "/no/such/page/",
        "corrections": "/corrections/",
    }


def test_public_pages_are_valid_html(client, tmp_path):
    articles = newsroom(22)
    article = publish(
        factories.make_article(
            bylines=[factories.make_author("Ann Lee")],
            tags=["NATO"],
            lead_photo=factories.make_photo(),
            dateline_place="Brussels",
            dateline_date=date(2018, 10, 31),
            dateline_source="TASS",
            body="<p>One.</p><h2>A subhead</h2><blockquote><p>Quoted.</p></blockquote>",
        )
    )
    assert articles
    files = []
    for name, url in pages(article).items():
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert response.content.count(b"<h1") == 1, f"{url} should have exactly one h1"
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(str(path))
    # The page readers get while the database is away (newsroom/errors.py).
    database_away = tmp_path / "database-away.html"
    database_away.write_bytes(database_unavailable().content)
    files.append(str(database_away))
    assert nu_errors(files) == ""
