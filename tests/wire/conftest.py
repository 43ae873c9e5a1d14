from datetime import date
from pathlib import Path

import pytest
from django.conf import settings

from wire.ingest import DropFolder

EXAMPLES = Path(settings.BASE_DIR) / "wire" / "ninjs" / "examples"
SEED = Path(settings.BASE_DIR) / "articles" / "seed" / "000_7e226a48a90657f7.txt"
TODAY = date(2026, 11, 28)


@pytest.fixture
def seed_bytes():
    return SEED.read_bytes()


def example(name: str) -> bytes:
    return (EXAMPLES / name).read_bytes()


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    # Export views go through the public page cache; tests count real queries.
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0


# --- drop folders (tests/wire/test_ingest*.py) --------------------------------------------------


@pytest.fixture
def inbox(tmp_path):
    return tmp_path / "inbox"


@pytest.fixture
def folder(inbox):
    return DropFolder(inbox, settle=2)


def run(folder):
    """One pass of the worker over the folder: what it did with each file."""
    return list(folder.run_once())
