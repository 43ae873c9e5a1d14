"""Photos for the media_assets tests."""

import pytest

from media_assets.models import Photo
from media_assets.uploads import import_photo
from tests.media_assets import images


@pytest.fixture
def photo(db) -> Photo:
    """A credited 2400×1600 photo just uploaded: only the library thumbnail is made."""
    data = images.encode(images.quadrants((2400, 1600)), "JPEG")
    fields = {
        "caption": "Ministers <arrive>",
        "alt_text": "Three people walk up steps",
        "credit_line": "EPA-EFE/KOCA SULEJMANOVIC",
    }
    return import_photo(data, filename="summit.jpg", fields=fields)[0]
