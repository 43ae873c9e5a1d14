"""Fixtures for the articles tests (the suite-wide ones are in tests/conftest.py)."""

import pytest


@pytest.fixture
def no_page_cache(settings):
    """Count what a page itself costs: nothing comes from the page cache."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
