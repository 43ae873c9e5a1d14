"""Metadata in: what photographers and agencies write into files becomes Photo field values."""

from PIL import Image, PngImagePlugin, TiffImagePlugin

from media_assets.metadata import read_metadata
from tests.media_assets import images


def test_iptc_iim_credit_fields_are_read():
    data = images.jpeg_with_iim(
        by_line="Koča Sulejmanović",
        credit="EPA-EFE/KOCA SULEJMANOVIC",
        source="EPA-EFE",
        copyright="© EPA-EFE",
        caption="NATO Secretary General Jens Stoltenberg",
    )
    assert read_metadata(data) == {
        "creator": "Koča Sulejmanović",
        "credit_line": "EPA-EFE/KOCA SULEJMANOVIC",
        "source": "EPA-EFE",
        "copyright_notice": "© EPA-EFE",
        "caption": "NATO Secretary General Jens Stoltenberg",
    }


def test_latin1_iim_without_a_character_set_is_still_read():
    data = images.jpeg_with_iim(utf8=False, by_line="Zoë Müller", credit="AFP")
    assert read_metadata(data)["creator"] == "Zoë Müller"


def test_xmp_credit_fields_are_read_with_the_default_language_winning():
    packet = images.xmp_packet(
        creator="Jane Doe",
        caption="Ministers arrive for the summit",
        rights="© Reuters 2026",
        credit="REUTERS/Jane Doe",
        source="Reuters",
        alt="Three people in suits walk up steps",
        web="https://www.reuters.com/licensing",
    )
    values = read_metadata(images.jpeg_with_xmp(packet))
    assert values == {
        "creator": "Jane Doe",
        "caption": "Ministers arrive for the summit",
        "copyright_notice": "© Reuters 2026",
        "credit_line": "REUTERS/Jane Doe",
        "source": "Reuters",
        "alt_text": "Three people in suits walk up steps",
        "web_statement": "https://www.reuters.com/licensing",
    }


def test_xmp_properties_written_as_attributes_are_read():
    packet = images.XMP_ATTRIBUTES.format(credit="AP Photo/John Smith", source="AP").encode()
    values = read_metadata(images.jpeg_with_xmp(packet))
    assert values == {"credit_line": "AP Photo/John Smith", "source": "AP"}


def test_xmp_in_a_png_is_read():
    image = Image.new("RGB", (50, 50))
    info = PngImagePlugin.PngInfo()
    info.add_itxt("XML:com.adobe.xmp", images.xmp_packet(credit="Getty Images").decode())
    data = images.encode(image, "PNG", pnginfo=info)
    assert read_metadata(data)["credit_line"] == "Getty Images"


def test_exif_artist_copyright_and_description_are_read():
    tags = images.exif(t315="John Smith", t33432="(c) John Smith", t270="A harbour at dawn")
    data = images.encode(Image.new("RGB", (50, 50)), "JPEG", exif=tags)
    assert read_metadata(data) == {
        "creator": "John Smith",
        "copyright_notice": "(c) John Smith",
        "caption": "A harbour at dawn",
    }


def test_exif_wins_then_xmp_then_iim_as_the_mwg_guidelines_say():
    # No IIM digest: XMP over IIM; a non-blank EXIF value over both (test_hostile_photos has
    # the digest cases).
    iim = images.iim_block({(1, 90): b"\x1b%G", (2, 110): b"IIM credit", (2, 80): b"IIM man"})
    tags = images.exif(t315="EXIF man", t33432="EXIF rights")
    base = images.encode(
        Image.new("RGB", (50, 50)), "JPEG", exif=tags, xmp=images.xmp_packet(credit="XMP credit")
    )
    values = read_metadata(images.with_app13(base, iim))
    assert values["credit_line"] == "XMP credit"
    assert values["creator"] == "EXIF man"
    assert values["copyright_notice"] == "EXIF rights"


def test_a_broken_xmp_packet_is_ignored_and_the_rest_still_read():
    iim = images.iim_block({(2, 110): b"EPA"})
    data = images.with_app13(images.jpeg_with_xmp(b"<x:xmpmeta><not-closed>"), iim)
    assert read_metadata(data) == {"credit_line": "EPA"}


def test_an_xmp_packet_with_an_entity_bomb_is_refused_quietly():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/">&b;</x:xmpmeta>'
    )
    assert read_metadata(images.jpeg_with_xmp(bomb)) == {}


def test_a_file_without_metadata_gives_nothing():
    assert read_metadata(images.jpeg()) == {}


def test_iim_in_a_tiff_is_read():
    iim = images.iim_block(
        {(1, 90): b"\x1b%G", (2, 110): b"AFP/Jane Doe", (2, 120): "Grüße".encode()}
    )
    tags = TiffImagePlugin.ImageFileDirectory_v2()
    tags[33723], tags.tagtype[33723] = iim, 7  # IPTC-NAA, stored as UNDEFINED bytes
    data = images.encode(Image.new("RGB", (20, 20)), "TIFF", tiffinfo=tags)
    assert read_metadata(data) == {"credit_line": "AFP/Jane Doe", "caption": "Grüße"}
