"""Renditions: the right size and crop, upright, sRGB, credited in their own metadata, made once."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image, ImageCms, IptcImagePlugin

from media_assets import imaging
from media_assets.imaging import parse_spec, plan, render
from media_assets.metadata import read_metadata
from media_assets.models import Rendition
from media_assets.rendition_store import get_rendition
from media_assets.uploads import import_photo
from tests.media_assets import images

CREDITS = {
    "caption": "NATO Secretary General Jens Stoltenberg",
    "credit_line": "EPA-EFE/KOCA SULEJMANOVIC",
    "creator": "Koča Sulejmanović",
    "source": "EPA-EFE",
    "copyright_notice": "© EPA-EFE",
    "alt_text": "A man at a lectern",
}


def near(pixel, color, tolerance=40):
    return all(abs(a - b) <= tolerance for a, b in zip(pixel[:3], color, strict=True))


def opened(rendered_or_rendition) -> Image.Image:
    if isinstance(rendered_or_rendition, Rendition):
        with rendered_or_rendition.file.open("rb") as stored:
            return Image.open(io.BytesIO(stored.read()))
    return Image.open(io.BytesIO(rendered_or_rendition.data))


@pytest.mark.parametrize(
    ("spec", "size", "expected"),
    [
        ("fill-1200x675", (6000, 4000), (1200, 675)),
        ("width-800", (6000, 4000), (800, 533)),
        ("max-400x400", (6000, 4000), (400, 267)),
        ("max-400x400", (3000, 4000), (300, 400)),
        ("crop-1x1", (6000, 4000), (1200, 1200)),
        ("crop-4x3", (6000, 4000), (1200, 900)),
        ("crop-16x9", (6000, 4000), (1200, 675)),
        ("fill-1200x675", (600, 400), (600, 338)),  # never enlarged; same shape
        ("width-800", (300, 200), (300, 200)),
    ],
)
def test_each_spec_plans_the_right_output_size(spec, size, expected):
    assert plan(parse_spec(spec), size)[1] == expected


@pytest.mark.parametrize(
    ("focal", "expected_left"), [((0.5, 0.5), 1000), ((0.0, 0.5), 0), ((0.9, 0.5), 2000)]
)
def test_a_fill_crop_keeps_the_focal_point_in_frame(focal, expected_left):
    box, _ = plan(parse_spec("crop-1x1"), (6000, 4000), focal)
    assert box == (expected_left, 0, expected_left + 4000, 4000)


@pytest.mark.parametrize("name", ["crop-2x", "fill-0x10", "width-99999", "thumbnail", "max-1x"])
def test_an_unknown_or_absurd_spec_is_refused(name):
    with pytest.raises(ValueError, match="spec"):
        parse_spec(name)


def test_a_rendition_read_back_carries_the_credit_and_has_the_right_size_and_crop():
    # Quadrants 1600x800; a 1:1 crop around a focal point in the right half keeps blue/yellow.
    data = images.encode(images.quadrants((1600, 800)), "JPEG", quality=95)
    rendered = render(data, parse_spec("crop-1x1"), focal=(0.9, 0.5), metadata=CREDITS)
    image = opened(rendered)
    assert image.format == "JPEG"
    assert image.size == (800, 800)  # the crop is 800x800 of the original; nothing enlarged
    assert near(image.getpixel((100, 100)), images.BLUE)
    assert near(image.getpixel((700, 700)), images.YELLOW)
    assert read_metadata(rendered.data) == CREDITS
    iim = IptcImagePlugin.getiptcinfo(image)
    assert iim[(2, 110)] == b"EPA-EFE/KOCA SULEJMANOVIC"
    assert iim[(2, 80)].decode() == "Koča Sulejmanović"
    # EXIF in UTF-8, the same as the XMP and IIM (MWG), not an ASCII copy.
    assert image.getexif()[0x8298].encode("latin-1").decode() == "© EPA-EFE"


def test_a_webp_rendition_also_carries_the_credit_in_xmp():
    data = images.encode(images.quadrants((1600, 800)), "JPEG", quality=95)
    rendered = render(data, parse_spec("width-800"), metadata=CREDITS)
    assert rendered.format == "WEBP"  # flat colours: WebP is smaller, so it is chosen
    image = opened(rendered)
    assert image.format == "WEBP" and image.size == (800, 400)
    assert read_metadata(rendered.data)["credit_line"] == "EPA-EFE/KOCA SULEJMANOVIC"


def test_renditions_for_structured_data_are_always_jpeg_and_progressive():
    rendered = render(images.jpeg((1600, 900)), parse_spec("crop-16x9"), metadata=CREDITS)
    image = opened(rendered)
    assert image.format == "JPEG"
    assert image.info.get("progressive") or image.info.get("progression")


def test_no_gps_or_camera_serial_leaks_into_a_rendition():
    source = images.jpeg_with_gps_and_serial()
    assert Image.open(io.BytesIO(source)).getexif().get_ifd(0x8825)  # the original has GPS
    image = opened(render(source, parse_spec("crop-4x3"), metadata=CREDITS))
    exif = image.getexif()
    assert not exif.get_ifd(0x8825)
    assert 0xA431 not in exif and 0xA431 not in exif.get_ifd(0x8769)
    assert b"SERIAL-123456" not in render(source, parse_spec("width-800"), metadata={}).data


@pytest.mark.parametrize("orientation", [3, 6, 8])
def test_exif_orientation_is_applied(orientation):
    data = images.oriented_jpeg(orientation, size=(400, 200))
    image = opened(render(data, parse_spec("max-400x400")))
    assert image.size == (400, 200)
    assert near(image.getpixel((20, 20)), images.RED)
    assert near(image.getpixel((380, 20)), images.BLUE)
    assert near(image.getpixel((20, 180)), images.GREEN)
    assert near(image.getpixel((380, 180)), images.YELLOW)
    assert 0x0112 not in image.getexif()


def test_a_cmyk_jpeg_becomes_rgb_with_the_right_colour():
    image = opened(render(images.cmyk_jpeg(), parse_spec("max-400x400")))
    assert image.mode == "RGB"
    assert near(image.getpixel((10, 10)), (255, 0, 0), tolerance=60)


def test_an_icc_tagged_picture_is_converted_to_srgb():
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = images.encode(Image.new("RGB", (200, 100), images.BLUE), "JPEG", icc_profile=profile)
    image = opened(render(data, parse_spec("crop-16x9")))
    assert image.mode == "RGB" and near(image.getpixel((50, 50)), images.BLUE)


def test_a_16_bit_picture_keeps_its_tones_instead_of_turning_white():
    image = opened(render(images.png_16bit((200, 100)), parse_spec("width-800")))
    assert image.mode == "RGB"
    left, middle, right = (image.getpixel((x, 50))[0] for x in (2, 100, 197))
    assert left < 20 and 100 < middle < 160 and right > 235


def test_an_animated_gif_gives_its_first_frame():
    image = opened(render(images.animated_gif(), parse_spec("max-400x400")))
    assert image.size == (120, 80)
    assert near(image.getpixel((60, 40)), images.RED)


def test_transparency_is_flattened_on_white():
    data = images.encode(Image.new("RGBA", (100, 100), (0, 0, 0, 0)), "PNG")
    image = opened(render(data, parse_spec("crop-1x1")))
    assert near(image.getpixel((50, 50)), (255, 255, 255), tolerance=5)


def test_a_large_jpeg_is_decoded_at_reduced_size():
    data = images.jpeg((4000, 3000))
    # JPEG DCT scaling: 1/2 is the smallest scale that still covers 1200x675 from a 4000 wide crop.
    assert imaging._open_reduced(data, parse_spec("fill-1200x675"), (0.5, 0.5)).size == (
        2000,
        1500,
    )
    assert imaging._open_reduced(data, parse_spec("max-400x400"), (0.5, 0.5)).size == (500, 375)


@pytest.mark.django_db
def test_a_rendition_is_made_once_and_reused(media_root):
    photo, _ = import_photo(images.jpeg((1600, 900)), filename="a.jpg", fields=CREDITS)
    first = get_rendition(photo, "fill-1200x675")
    files = sorted(p for p in media_root.rglob("*") if p.is_file())
    again = get_rendition(photo, "fill-1200x675")
    assert again.pk == first.pk and again.file.name == first.file.name
    assert sorted(p for p in media_root.rglob("*") if p.is_file()) == files
    assert Rendition.objects.filter(photo=photo).count() == 2  # this and the admin thumbnail


@pytest.mark.django_db
def test_a_prefetched_rendition_costs_no_query(django_assert_num_queries):
    photo, _ = import_photo(images.jpeg((1600, 900)), filename="a.jpg")
    get_rendition(photo, "width-800")
    photo = type(photo).objects.prefetch_related("renditions").get(pk=photo.pk)
    with django_assert_num_queries(0):
        assert get_rendition(photo, "width-800").width == 800


@pytest.mark.django_db
def test_the_url_is_stable_and_changes_when_the_focal_point_or_credit_does(media_root):
    photo, _ = import_photo(images.encode(images.quadrants((1600, 800)), "JPEG"), filename="q.jpg")
    crop = get_rendition(photo, "crop-1x1")
    width = get_rendition(photo, "width-800")
    assert crop.file.name.startswith(f"renditions/{photo.sha256[:2]}/{photo.sha256[:16]}-crop-1x1-")
    photo.focal_x = 0.95
    photo.save()
    moved = get_rendition(photo, "crop-1x1")
    assert moved.pk == crop.pk and moved.file.name != crop.file.name
    assert near(opened(moved).getpixel((100, 100)), images.BLUE)
    assert not (media_root / crop.file.name).exists()  # the old crop is gone
    assert get_rendition(photo, "width-800").file.name == width.file.name  # no crop: unchanged
    photo.credit_line = "Corrected credit"
    photo.save()
    recredited = get_rendition(photo, "width-800")
    assert recredited.file.name != width.file.name
    with recredited.file.open("rb") as stored:
        assert read_metadata(stored.read())["credit_line"] == "Corrected credit"


@pytest.mark.django_db
def test_two_requests_racing_for_one_rendition_keep_one_row_and_one_file(media_root):
    photo, _ = import_photo(images.jpeg((1600, 900)), filename="a.jpg")
    stale = type(photo).objects.prefetch_related("renditions").get(pk=photo.pk)
    winner = get_rendition(photo, "width-800")  # made by "another request"
    loser = get_rendition(stale, "width-800")  # what it loaded predates the winner's row
    assert loser.pk == winner.pk
    assert Rendition.objects.filter(photo=photo, spec="width-800").count() == 1
    assert len(list((media_root / "renditions").rglob("*width-800*"))) == 1


@pytest.mark.django_db
def test_a_replaced_rendition_stays_while_cached_pages_may_point_at_it(
    media_root, run_worker, settings
):
    from django_tasks_db.models import DBTaskResult

    photo, _ = import_photo(images.encode(images.quadrants((1600, 800)), "JPEG"), filename="q.jpg")
    crop = get_rendition(photo, "crop-1x1")
    photo.focal_x = 0.95
    photo.save()
    before = timezone.now()
    moved = get_rendition(photo, "crop-1x1")

    assert (media_root / crop.file.name).exists() and (media_root / moved.file.name).exists()
    [deletion] = DBTaskResult.objects.filter(task_path__endswith="delete_retired_files")
    assert deletion.args_kwargs["args"] == [[crop.file.name]]
    assert deletion.run_after >= before + timedelta(seconds=settings.RETIRED_RENDITION_SECONDS)
    run_worker()
    assert (media_root / crop.file.name).exists()  # not due yet
    DBTaskResult.objects.filter(pk=deletion.pk).update(run_after=timezone.now())
    run_worker()
    assert not (media_root / crop.file.name).exists()
    assert (media_root / moved.file.name).exists()
