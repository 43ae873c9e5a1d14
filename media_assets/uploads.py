"""The one way a picture enters the library: upload form, bulk upload, demo and wire alike.

validate → find by content hash → read the file's IPTC/XMP/EXIF → let what the desk typed win →
store → make the library thumbnail (which proves the picture can be rendered). Anything wrong
raises a ValidationError before a row exists, and no file is left behind.
"""

import hashlib
import logging
import struct

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction

from media_assets.imaging import ADMIN_THUMBNAIL
from media_assets.metadata import read_metadata
from media_assets.models import Photo
from media_assets.rendition_store import get_rendition
from media_assets.storage import StorageUnavailable, save_whole
from media_assets.validators import validate_upload

logger = logging.getLogger(__name__)


def import_photo(
    data: bytes, *, filename: str, uploaded_by=None, fields: dict | None = None
) -> tuple[Photo, bool]:
    """Store `data` as a Photo, or return the existing one with the same content.

    Returns (photo, created). Values in `fields` (typed by the desk) win over the file's own
    metadata; blank ones do not count. Raises ValidationError, storing nothing, on a bad file.
    """
    info = validate_upload(data, filename)
    sha256 = hashlib.sha256(data).hexdigest()
    existing = Photo.objects.filter(sha256=sha256).first()
    if existing:
        return existing, False
    values = prefill(read_metadata(data), fields or {})
    photo = Photo(sha256=sha256, file_size=len(data), uploaded_by=uploaded_by, **values)
    try:
        save_whole(photo.image, filename, data)
    except OSError as error:  # a full disk, or a bucket that refuses or does not answer
        raise ValidationError(not_stored(filename, error)) from error
    # Upright dimensions: what readers see, after EXIF orientation.
    photo.width, photo.height = info.width, info.height
    try:
        with transaction.atomic():
            photo.save()
            get_rendition(photo, ADMIN_THUMBNAIL)
    except IntegrityError:
        _discard(photo)
        existing = Photo.objects.filter(sha256=sha256).first()
        if existing is None:
            raise
        return existing, False  # the same file, uploaded at the same moment by someone else
    except StorageUnavailable as error:
        _discard(photo)
        raise ValidationError(not_stored(filename, error)) from error
    except (OSError, ValueError, SyntaxError, IndexError, struct.error) as error:
        # Pillow accepted the file but cannot render it: refuse it now, not on the public page.
        _discard(photo)
        raise ValidationError(f"{filename}: the picture could not be processed.") from error
    except BaseException:
        _discard(photo)  # whatever else went wrong, no file stays without its row
        raise
    return photo, True


def prefill(from_file: dict[str, str], typed: dict) -> dict:
    """The file's metadata, fitted to the fields, overridden by every non-blank typed value."""
    values = {}
    for name, value in from_file.items():
        field = getattr(Photo, name).field
        if field.max_length:
            value = value[: field.max_length]
        if name == "web_statement" and not _is_url(value):
            continue
        values[name] = value
    values.update({name: value for name, value in typed.items() if value not in ("", None)})
    return values


def _is_url(value: str) -> bool:
    try:
        URLValidator()(value)
    except ValidationError:
        return False
    return True


def not_stored(filename: str, error: OSError) -> str:
    # strerror, when there is one, names the fault without the server's paths.
    reason = error.strerror or str(error)
    return f"{filename}: the picture could not be stored ({reason}). Nothing was saved; try again."


def _discard(photo: Photo) -> None:
    # The row was rolled back; the thumbnail is made last, so only the original was stored.
    if photo.image.name:  # set by photo.image.save(), before anything can fail
        try:
            photo.image.storage.delete(photo.image.name)
        except OSError:
            # The storage failed us once already; an unreferenced file is harmless, say where.
            logger.warning("Could not remove %s after a failed upload", photo.image.name)
