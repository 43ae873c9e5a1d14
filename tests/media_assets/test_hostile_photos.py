"""Real-world and hostile photos (issue 12, failure 7): phone JPEGs Pillow calls MPO, pictures
whose header promises more pixels than the budget, animations, XMP in UTF-16/32, the MWG order
between EXIF, IPTC-IIM and XMP, and no invented copyright notice."""

import hashlib
import io
import tracemalloc

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from media_assets.metadata import read_metadata
from media_assets.models import Photo
from media_assets.uploads import import_photo
from media_assets.validators import validate_upload
from tests.media_assets import images
from tests.media_assets.test_admin import ADD, BULK, EMPTY_FORM, files_in, upload
from tests.media_assets.test_uploads import stored_files

# MPO


@pytest.mark.django_db
def test_a_jpeg_pillow_reports_as_mpo_is_stored_as_a_jpeg(media_root):
    data = images.mpo_jpeg()
    assert Image.open(io.BytesIO(data)).format == "MPO"  # the case in hand
    photo, created = import_photo(data, filename="phone.jpg")
    assert created and (photo.width, photo.height) == (320, 240)
    assert validate_upload(data, "phone.jpg").format == "JPEG"
    assert photo.renditions.filter(spec="max-160x160").exists()


def test_the_add_form_takes_an_mpo_jpeg(client, photodesk, media_root):
    client.force_login(photodesk)
    response = client.post(ADD, {**EMPTY_FORM, "upload": upload(images.mpo_jpeg(), "p.jpg")})
    assert response.status_code == 302
    assert Photo.objects.get().image.name.endswith(".jpg")


def test_one_bad_file_in_a_bulk_upload_fails_only_itself(
    client, photodesk, media_root, monkeypatch
):
    client.force_login(photodesk)
    doomed_data = images.jpeg((200, 100))
    good = upload(images.jpeg_with_iim(credit="AFP"), "good.jpg")
    phone = upload(images.mpo_jpeg(), "phone.jpg")
    doomed = upload(doomed_data, "doomed.jpg")
    last = upload(images.encode(images.quadrants(), "PNG"), "last.png")
    real_read = read_metadata

    def read_or_explode(data):  # a fault of ours with one file, whatever it is
        if data == doomed_data:
            raise RuntimeError("unexpected")
        return real_read(data)

    monkeypatch.setattr("media_assets.uploads.read_metadata", read_or_explode)
    response = client.post(BULK, {"files": [good, phone, doomed, last]})
    assert response.status_code == 200
    results = {r["name"]: r for r in response.context["results"]}
    assert [results[n]["status"] for n in ("good.jpg", "phone.jpg", "doomed.jpg", "last.png")] == [
        "stored",
        "stored",
        "error",
        "stored",
    ]
    assert results["doomed.jpg"]["message"] == (
        "doomed.jpg: the picture could not be processed. Nothing was saved."
    )
    # Each stored file has its row and each row its file; the failed one left nothing.
    photos = Photo.objects.all()
    assert photos.count() == 3
    originals = {p.name for p in files_in(media_root) if "originals" in p.parts}
    assert originals == {p.image.name.rsplit("/", 1)[-1] for p in photos}


# Pixels: refused from the header, before anything decodes them


def test_a_small_png_of_huge_dimensions_is_refused_before_anything_decodes_it(settings):
    settings.PHOTO_MAX_PIXELS = 50_000_000
    data = images.huge_png(9000, 9000)  # 81 MP, under Pillow's own limit; ~80 kB on disk
    assert len(data) < 200_000 and Image.MAX_IMAGE_PIXELS > 9000 * 9000
    blocks_before = _pillow_blocks()
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError) as refused:
            validate_upload(data, "wide.png")
        read_metadata(data)  # reading metadata alone decodes nothing either
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert refused.value.code == "too_many_pixels"
    assert "9000×9000" in refused.value.messages[0]
    # Pillow keeps pixels in 16 MB blocks outside Python's allocator: none was taken.
    assert _pillow_blocks() == blocks_before
    assert peak < 5_000_000


def _pillow_blocks() -> int:
    stats = Image.core.get_stats()
    return stats["allocated_blocks"] + stats["reused_blocks"]


@pytest.mark.parametrize("fmt", ["GIF", "PNG", "WEBP"])
def test_every_frame_of_an_animation_counts_against_the_pixel_budget(fmt, settings):
    settings.PHOTO_MAX_PIXELS = 120 * 80 * 2
    name = f"moving.{fmt.lower()}"
    assert validate_upload(images.animation(fmt, frames=2), name).format == fmt
    with pytest.raises(ValidationError) as refused:
        validate_upload(images.animation(fmt, frames=3), name)
    assert refused.value.code == "too_many_pixels"
    assert "3 frames of 120×80 pixels" in refused.value.messages[0]


# XMP in every encoding the XMP specification allows


@pytest.mark.parametrize(
    "encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"]
)
def test_xmp_written_in_utf16_or_utf32_keeps_credit_and_source(encoding):
    packet = images.xmp_packet(credit="Agence Zürich/Ümit", source="Ağ Ajans").decode()
    values = read_metadata(images.jpeg_with_xmp(packet.encode(encoding)))
    assert (values["credit_line"], values["source"]) == ("Agence Zürich/Ümit", "Ağ Ajans")


# MWG Guidelines 2.0: which of EXIF, IIM and XMP a reader believes


def _mixed(*, exif=None, digest: str | None = None, iim_credit=b"IIM credit") -> bytes:
    """A JPEG with XMP, IIM (and EXIF when given) that disagree."""
    iim = images.iim_block({(1, 90): b"\x1b%G", (2, 110): iim_credit, (2, 120): b"IIM caption"})
    packet = images.xmp_packet(credit="XMP credit", caption="XMP caption", rights="XMP rights")
    extra = {"exif": exif} if exif else {}
    base = images.encode(Image.new("RGB", (50, 50)), "JPEG", xmp=packet, **extra)
    if digest is None:
        return images.with_app13(base, iim)
    stored = hashlib.md5(iim).digest() if digest == "matching" else b"\x00" * 16
    return images.with_iim_digest(base, iim, stored)


def test_mwg_xmp_wins_over_iim_when_the_iim_digest_matches():
    values = read_metadata(_mixed(digest="matching"))
    assert (values["credit_line"], values["caption"]) == ("XMP credit", "XMP caption")


def test_mwg_xmp_wins_over_iim_when_there_is_no_digest():
    values = read_metadata(_mixed())
    assert (values["credit_line"], values["caption"]) == ("XMP credit", "XMP caption")


def test_mwg_iim_wins_when_its_digest_shows_a_legacy_tool_changed_it():
    values = read_metadata(_mixed(digest="changed"))
    assert (values["credit_line"], values["caption"]) == ("IIM credit", "IIM caption")
    assert values["copyright_notice"] == "XMP rights"  # not in the IIM: XMP still gives it


def test_mwg_iim_fills_what_the_xmp_lacks():
    iim = images.iim_block({(2, 115): b"IIM source"})
    data = images.with_app13(images.jpeg_with_xmp(images.xmp_packet(credit="XMP credit")), iim)
    assert read_metadata(data) == {"credit_line": "XMP credit", "source": "IIM source"}


def test_mwg_a_non_blank_exif_value_wins_over_iim_and_xmp():
    exif = images.exif(t270="EXIF caption", t33432="EXIF rights", t315="   ")
    values = read_metadata(_mixed(exif=exif, digest="changed"))
    assert (values["caption"], values["copyright_notice"]) == ("EXIF caption", "EXIF rights")
    assert values["credit_line"] == "IIM credit"  # EXIF has no credit


# No invented copyright


@pytest.mark.django_db
def test_a_copyright_notice_is_never_invented(media_root):
    photo, _ = import_photo(images.jpeg_with_iim(credit="EPA-EFE"), filename="c.jpg")
    assert photo.copyright_notice == ""
    assert photo.embedded_metadata()["copyright_notice"] == ""
    rendition = photo.renditions.get(spec="max-160x160")
    with rendition.file.open("rb") as stored:
        written = read_metadata(stored.read())
    assert written["credit_line"] == "EPA-EFE"
    assert "copyright_notice" not in written
    assert stored_files(media_root)
