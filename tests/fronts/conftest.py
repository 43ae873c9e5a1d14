import pytest


@pytest.fixture
def no_page_cache(settings):
    """Count what a front itself costs: nothing comes from the page cache."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
