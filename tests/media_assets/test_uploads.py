"""import_photo(): the library's one way in. Bad files are refused with a clear reason, storing
nothing; good files are stored once, with the file's metadata filling what the desk left blank."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from media_assets.models import Photo, Rendition
from media_assets.uploads import import_photo
from tests.media_assets import images

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def stored_files(media_root) -> list[Path]:
    return (
        [p for p in Path(media_root).rglob("*") if p.is_file()] if Path(media_root).exists() else []
    )


def hostile_cases():
    good = images.jpeg((300, 200))
    tiny = Image.new("RGB", (9, 9))
    cut_jpeg = images.truncated(images.encode(images.quadrants((800, 600)), "JPEG"))
    cut_png = images.truncated(images.encode(images.quadrants((300, 300)), "PNG"))
    return {
        "empty file": (b"", "empty.jpg", "the file is empty"),
        "svg": (SVG, "logo.svg", "SVG files are not accepted"),
        "svg named as jpeg": (SVG, "logo.jpg", "SVG files are not accepted"),
        "xml prolog svg": (
            b'<?xml version="1.0"?>' + SVG,
            "logo.png",
            "SVG files are not accepted",
        ),
        "text named as jpeg": (b"hello, this is not a picture", "notes.jpg", "is not a JPEG, PNG"),
        "pdf named as jpeg": (b"%PDF-1.7\n1 0 obj", "scan.jpg", "is not a JPEG, PNG"),
        "bmp is not accepted": (images.encode(tiny, "BMP"), "a.bmp", "is not a JPEG"),
        "png named as jpeg": (
            images.encode(tiny, "PNG"),
            "a.jpg",
            "is a PNG image but its name ends in “.jpg”",
        ),
        "jpeg named as gif": (good, "a.gif", "is a JPEG image but its name ends in “.gif”"),
        "no extension": (good, "picture", "its name ends in “.”"),
        "truncated jpeg": (cut_jpeg, "cut.jpg", "truncated or damaged"),
        "truncated png": (cut_png, "cut.png", "truncated or damaged"),
        "jpeg header only": (good[:200], "head.jpg", "truncated or damaged"),
        "jpeg magic then junk": (
            b"\xff\xd8\xff\xe0" + b"\x00" * 500,
            "junk.jpg",
            "truncated or damaged",
        ),
        "webp cut short": (images.encode(tiny, "WEBP")[:20], "c.webp", "truncated or damaged"),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("case", list(hostile_cases()))
def test_a_hostile_upload_is_refused_with_a_clear_reason_and_nothing_is_stored(case, media_root):
    data, filename, message = hostile_cases()[case]
    with pytest.raises(ValidationError) as refused:
        import_photo(data, filename=filename)
    assert message in refused.value.messages[0]
    assert refused.value.messages[0].startswith(filename)
    assert Photo.objects.count() == 0
    assert stored_files(media_root) == []


@pytest.mark.django_db
def test_more_pixels_than_the_limit_is_refused_before_decoding(settings, media_root):
    settings.PHOTO_MAX_PIXELS = 100 * 100
    with pytest.raises(ValidationError, match=r"101×100 pixels .* the limit is 0 MP"):
        import_photo(images.jpeg((101, 100)), filename="big.jpg")
    assert Photo.objects.count() == 0 and stored_files(media_root) == []


@pytest.mark.django_db
def test_pillows_decompression_bomb_guard_becomes_a_clear_error(settings, monkeypatch, media_root):
    settings.PHOTO_MAX_PIXELS = 10**9
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)  # Pillow refuses above twice this
    with pytest.raises(ValidationError, match="too many pixels"):
        import_photo(images.encode(Image.new("L", (100, 100)), "PNG"), filename="bomb.png")
    assert Photo.objects.count() == 0 and stored_files(media_root) == []


@pytest.mark.django_db
def test_more_bytes_than_the_limit_is_refused(settings, media_root):
    settings.PHOTO_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as refused:
        import_photo(images.jpeg((300, 300)), filename="heavy.jpg")
    assert refused.value.messages[0].endswith("the limit is 1000\xa0bytes.")
    assert Photo.objects.count() == 0 and stored_files(media_root) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (images.jpeg(), "a.jpeg"),
        (images.encode(Image.new("RGBA", (40, 30), (0, 0, 0, 0)), "PNG"), "a.png"),
        (images.encode(Image.new("RGB", (40, 30)), "WEBP"), "a.webp"),
        (images.animated_gif(), "a.gif"),
        (images.encode(Image.new("RGB", (40, 30)), "TIFF"), "a.tiff"),
        (images.png_16bit(), "deep.png"),
        (images.cmyk_jpeg(), "print.jpg"),
    ],
)
def test_every_accepted_format_is_stored_with_a_thumbnail(data, filename):
    photo, created = import_photo(data, filename=filename)
    assert created
    assert photo.renditions.filter(spec="max-160x160").exists()


@pytest.mark.django_db
def test_the_same_file_uploaded_twice_is_found_not_stored_twice(media_root):
    data = images.jpeg_with_iim(credit="EPA")
    first, created = import_photo(data, filename="one.jpg")
    files = stored_files(media_root)
    second, created_again = import_photo(data, filename="two.jpg")
    assert (created, created_again) == (True, False)
    assert second == first
    assert Photo.objects.count() == 1 and stored_files(media_root) == files


@pytest.mark.django_db
def test_the_files_metadata_fills_the_fields_and_what_the_desk_typed_wins(photodesk):
    data = images.jpeg_with_iim(
        credit="EPA-EFE/KOCA SULEJMANOVIC", source="EPA-EFE", caption="Wire caption"
    )
    photo, _ = import_photo(
        data,
        filename="wire.jpg",
        uploaded_by=photodesk,
        fields={"caption": "Our own caption", "source": "", "alt_text": "A man at a lectern"},
    )
    photo.refresh_from_db()
    assert photo.caption == "Our own caption"
    assert photo.source == "EPA-EFE"  # blank typed value: the file's wins
    assert photo.credit_line == "EPA-EFE/KOCA SULEJMANOVIC"
    assert photo.alt_text == "A man at a lectern"
    assert photo.uploaded_by == photodesk
    assert photo.credit == "© EPA-EFE/KOCA SULEJMANOVIC"


@pytest.mark.django_db
def test_over_long_metadata_is_cut_to_fit_and_a_bad_web_statement_dropped():
    packet = images.xmp_packet(credit="C" * 500, web="javascript:alert(1)")
    photo, _ = import_photo(images.jpeg_with_xmp(packet), filename="long.jpg")
    photo.refresh_from_db()
    assert photo.credit_line == "C" * 200
    assert photo.web_statement == ""


@pytest.mark.django_db
def test_size_hash_and_upright_dimensions_are_recorded():
    data = images.oriented_jpeg(6, size=(400, 200))
    photo, _ = import_photo(data, filename="sideways.jpg")
    photo.refresh_from_db()
    assert (photo.width, photo.height) == (400, 200)  # as readers see it, not as stored
    photo.caption = "Edited later"
    photo.save()
    photo.refresh_from_db()
    assert (photo.width, photo.height) == (400, 200)  # the ImageField does not re-measure
    assert photo.file_size == len(data)
    assert len(photo.sha256) == 64
    with photo.image.open("rb") as stored:
        assert stored.read() == data


@pytest.mark.django_db
def test_a_picture_pillow_reads_but_cannot_render_is_refused_and_removed(monkeypatch, media_root):
    def broken(*args, **kwargs):
        raise OSError("decoder error")

    monkeypatch.setattr("media_assets.rendition_store.render", broken)
    with pytest.raises(ValidationError, match="could not be processed"):
        import_photo(images.jpeg(), filename="odd.jpg")
    assert Photo.objects.count() == 0 and Rendition.objects.count() == 0
    assert stored_files(media_root) == []
