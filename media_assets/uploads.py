"""The one way a picture enters the library: upload form, bulk upload, demo and wire alike."""

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction

from media_assets.models import Photo


def import_photo(
    data: bytes, *, filename: str, uploaded_by=None, fields: dict | None = None
) -> tuple[Photo, bool]:
    """Store `data` as a Photo, or return the existing one with the same content.

    Returns (photo, created). Values in `fields` (typed by the desk) are set on a new photo.
    """
    sha256 = hashlib.sha256(data).hexdigest()
    existing = Photo.objects.filter(sha256=sha256).first()
    if existing:
        return existing, False
    photo = Photo(sha256=sha256, file_size=len(data), uploaded_by=uploaded_by, **(fields or {}))
    with transaction.atomic():
        photo.image.save(filename, ContentFile(data), save=False)
        photo.save()
    return photo, True
