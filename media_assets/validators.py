"""Upload checks: what the desk may put in the library. Each failure is one clear sentence.

The format is sniffed from the content with Pillow and must match the file's name; the header's
pixel count is checked before anything is decoded (EXIF orientation included: it is read from the
header too); then the whole file is decoded (a JPEG at 1/8 scale, which still reads every byte) so
a truncated or corrupt file is refused at the door.

An animated GIF, PNG (APNG) or WebP is accepted, and every frame counts against the pixel budget
(frames × width × height): counting its frames reads them one at a time, never more than one frame
within the budget at once. Pages show its first frame. A JPEG with more pictures in an MPF segment
(phones, stereo cameras), which Pillow names MPO, is a JPEG: its first picture is the photo.
"""

import io
import struct
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image, UnidentifiedImageError

from media_assets.metadata import read_orientation

# Pillow format → the file name endings that may carry it.
FORMATS = {
    "JPEG": ("jpg", "jpeg", "jpe", "jfif"),
    "PNG": ("png",),
    "WEBP": ("webp",),
    "GIF": ("gif",),
    "TIFF": ("tif", "tiff"),
}
ACCEPTED = "JPEG, PNG, WebP, GIF or TIFF"
# How the accepted formats begin (WebP: RIFF, then "WEBP" at byte 8).
# What Pillow calls some JPEGs (with an MPF segment): the format we accept them as.
SAME_AS = {"MPO": "JPEG"}
ANIMATED = ("GIF", "PNG", "WEBP")
SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*")


@dataclass(frozen=True)
class UploadInfo:
    format: str
    width: int  # upright, after EXIF orientation
    height: int


def validate_upload(data: bytes, filename: str) -> UploadInfo:
    """Check an upload; raise ValidationError saying what is wrong, or describe the image."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    check_size(len(data), filename)
    if extension == "svg" or data.lstrip()[:5].lower() in (b"<?xml", b"<svg ", b"<svg>"):
        raise ValidationError(
            f"{filename}: SVG files are not accepted. Upload a {ACCEPTED} image.", code="svg"
        )
    image_format, size, orientation = _identify(data, filename)
    allowed_extensions = FORMATS[image_format]
    if extension not in allowed_extensions:
        raise ValidationError(
            f"{filename}: the file is a {image_format} image but its name ends in "
            f"“.{extension}”. Rename it to .{allowed_extensions[0]} and upload it again.",
            code="extension_mismatch",
        )
    _decode(data, filename)
    upright = size if orientation < 5 else size[::-1]
    return UploadInfo(image_format, *upright)


def check_size(byte_count: int, filename: str) -> None:
    """Refuse empty and over-large files (usable before the file is read into memory)."""
    if byte_count == 0:
        raise ValidationError(f"{filename}: the file is empty.", code="empty")
    if byte_count > settings.PHOTO_MAX_BYTES:
        raise ValidationError(
            f"{filename}: the file is {filesizeformat(byte_count)}; the limit is "
            f"{filesizeformat(settings.PHOTO_MAX_BYTES)}.",
            code="too_large",
        )


def _identify(data: bytes, filename: str) -> tuple[str, tuple[int, int], int]:
    try:
        with _bomb_guard(filename), Image.open(io.BytesIO(data), formats=list(FORMATS)) as image:
            if image.format is None:  # Pillow names the format of every file it opens
                raise UnidentifiedImageError(f"{filename}: Pillow did not name the format")
            image_format = SAME_AS.get(image.format, image.format)
            _check_pixels(image.size, 1, filename)  # before anything reads further
            if image_format in ANIMATED and getattr(image, "is_animated", False):
                _check_pixels(image.size, getattr(image, "n_frames", 1), filename)
            return image_format, image.size, read_orientation(image)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        if data.startswith(SIGNATURES) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP"):
            raise ValidationError(
                f"{filename}: the file starts like an image but is truncated or damaged.",
                code="corrupt",
            ) from error
        raise ValidationError(
            f"{filename}: this is not a {ACCEPTED} image we can read.", code="not_an_image"
        ) from error


def _check_pixels(size: tuple[int, int], frames: int, filename: str) -> None:
    pixels = size[0] * size[1] * frames
    if pixels <= settings.PHOTO_MAX_PIXELS:
        return
    limit = f"the limit is {settings.PHOTO_MAX_PIXELS / 1e6:.0f} MP."
    if frames == 1:
        said = f"the picture is {size[0]}×{size[1]} pixels ({pixels / 1e6:.0f} MP)"
    else:
        said = (
            f"the animation is {frames} frames of {size[0]}×{size[1]} pixels "
            f"({pixels / 1e6:.0f} MP in all)"
        )
    raise ValidationError(f"{filename}: {said}; {limit}", code="too_many_pixels")


def _decode(data: bytes, filename: str) -> None:
    try:
        with _bomb_guard(filename), Image.open(io.BytesIO(data)) as image:
            image.verify()
        with _bomb_guard(filename), Image.open(io.BytesIO(data)) as image:
            if image.format in ("JPEG", "MPO"):
                image.draft(image.mode, (image.width // 8, image.height // 8))
            image.load()
    except (OSError, SyntaxError, ValueError, IndexError, struct.error) as error:
        raise ValidationError(
            f"{filename}: the file is truncated or damaged ({error}).", code="corrupt"
        ) from error


@contextmanager
def _bomb_guard(filename: str) -> Iterator[None]:
    """Turn Pillow's decompression-bomb protection into the same clear error as our own limit."""
    with warnings.catch_warnings():
        # Our pixel limit is checked from the header; Pillow's warning adds nothing.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            yield
        except Image.DecompressionBombError as error:
            raise ValidationError(
                f"{filename}: the picture has too many pixels to be processed safely.",
                code="too_many_pixels",
            ) from error
