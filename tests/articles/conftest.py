"""Fixtures for the articles tests (the suite-wide ones are in tests/conftest.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles import workflow
from articles.models import ShareLink, Status
from tests import factories


@pytest.fixture
def no_page_cache(settings):
    """Count what a page itself costs: nothing comes from the page cache."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0


@pytest.fixture
def fresh_photo(db):
    """A credited photo just uploaded: only the library's thumbnail exists."""
    return factories.make_photo(caption="Ministers arrive", credit_line="EPA-EFE/KOCA")


@pytest.fixture
def breaking(task_queue, editor, fresh_photo):
    """A story published with a photo whose renditions wait in the queue (no worker has run),
    with a section, a tag and a byline; and a draft leading with the same photo, shared by link.
    Returns (article, share link)."""
    article = factories.make_article(
        status=Status.EDIT, lead_photo=fresh_photo, tags=["Summit"], headline="Summit opens"
    )
    workflow.perform(article, "publish", editor)
    draft = factories.make_article(lead_photo=fresh_photo, headline="Summit, the draft")
    link = ShareLink.objects.create(article=draft, expires_at=timezone.now() + timedelta(days=1))
    article.refresh_from_db()
    return article, link
