"""IPTC, XMP and EXIF in: pure functions over image bytes, no ORM.

`read_metadata()` turns what the photographer and the agency wrote into the file into Photo field
values. Sources are read in the order the IPTC and the Metadata Working Group recommend when they
disagree: XMP (Unicode, current) first, then IPTC-IIM (legacy APP13), then EXIF (ASCII only).
Writing metadata into renditions lives in `media_assets.metadata_writing`.
"""

import io
import warnings
from xml.etree.ElementTree import Element

from defusedxml import ElementTree
from PIL import Image, ImageFile, IptcImagePlugin

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "photoshop": "http://ns.adobe.com/photoshop/1.0/",
    "xmpRights": "http://ns.adobe.com/xap/1.0/rights/",
    "Iptc4xmpCore": "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# Photo field → (XMP property, IIM dataset, EXIF tag). None where the standard has no such field.
FIELDS: dict[str, tuple[str | None, tuple[int, int] | None, int | None]] = {
    "caption": ("dc:description", (2, 120), 0x010E),  # EXIF ImageDescription
    "alt_text": ("Iptc4xmpCore:AltTextAccessibility", None, None),
    "creator": ("dc:creator", (2, 80), 0x013B),  # EXIF Artist
    "credit_line": ("photoshop:Credit", (2, 110), None),
    "source": ("photoshop:Source", (2, 115), None),
    "copyright_notice": ("dc:rights", (2, 116), 0x8298),  # EXIF Copyright
    "usage_terms": ("xmpRights:UsageTerms", None, None),
    "web_statement": ("xmpRights:WebStatement", None, None),
}
ORIENTATION = 0x0112
UTF8_ESCAPE = b"\x1b%G"  # IIM 1:90, coded character set: UTF-8


def read_metadata(data: bytes) -> dict[str, str]:
    """Photo field values found in the file's XMP, IPTC-IIM and EXIF; blank values are left out."""
    with warnings.catch_warnings():
        # The upload validator has already enforced the pixel limit.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        with Image.open(io.BytesIO(data)) as image:
            sources = [read_xmp(image), read_iim(image), read_exif(image)]
    values = {}
    for name in FIELDS:
        for source in sources:
            if source.get(name):
                values[name] = source[name]
                break
    return values


def read_orientation(image: Image.Image) -> int:
    """EXIF orientation 1–8 (1 when absent or nonsense)."""
    try:
        value = int(image.getexif().get(ORIENTATION, 1))
    except (TypeError, ValueError):
        return 1
    return value if 1 <= value <= 8 else 1


def read_xmp(image: Image.Image) -> dict[str, str]:
    packet = image.info.get("xmp")
    if not packet:
        return {}
    if isinstance(packet, str):
        packet = packet.encode()
    try:
        root = ElementTree.fromstring(packet.strip(b"\x00 \r\n\t"))
    except Exception:  # a broken packet is ignored, as every reader does
        return {}
    descriptions = root.iter(f"{{{NS['rdf']}}}Description")
    values: dict[str, str] = {}
    for description in descriptions:
        for name, (prop, _, _) in FIELDS.items():
            if prop and name not in values and (value := _xmp_property(description, prop)):
                values[name] = value
    return values


def _xmp_property(description: Element, prop: str) -> str:
    prefix, local = prop.split(":")
    tag = f"{{{NS[prefix]}}}{local}"
    if attribute := description.get(tag):  # the short form: an attribute on rdf:Description
        return attribute.strip()
    element = description.find(tag)
    if element is None:
        return ""
    items = element.findall(f".//{{{NS['rdf']}}}li")
    if not items:
        return (element.text or "").strip()
    for item in items:  # a language alternative: x-default wins
        if item.get(XML_LANG) == "x-default":
            return (item.text or "").strip()
    return "; ".join(text for item in items if (text := (item.text or "").strip()))


def read_iim(image: ImageFile.ImageFile) -> dict[str, str]:
    try:
        info = IptcImagePlugin.getiptcinfo(image) or {}
    except (OSError, SyntaxError, ValueError):
        return {}
    utf8 = _first(info.get((1, 90))) == UTF8_ESCAPE
    values = {}
    for name, (_, dataset, _) in FIELDS.items():
        raw = info.get(dataset) if dataset else None
        if raw:
            parts = raw if isinstance(raw, list) else [raw]
            values[name] = "; ".join(_decode(part, utf8=utf8) for part in parts).strip()
    return values


def _first(value: bytes | list[bytes] | None) -> bytes | None:
    return value[0] if isinstance(value, list) else value


def _decode(raw: bytes, *, utf8: bool) -> str:
    # Files without 1:90 are usually UTF-8 anyway (modern tools) or Latin-1 (old ones).
    try:
        return raw.decode("utf-8").strip()
    except UnicodeDecodeError:
        return raw.decode("utf-8" if utf8 else "latin-1", errors="replace").strip()


def read_exif(image: Image.Image) -> dict[str, str]:
    try:
        exif = image.getexif()
    except (OSError, SyntaxError, ValueError):
        return {}
    values = {}
    for name, (_, _, tag) in FIELDS.items():
        value = exif.get(tag) if tag else None
        if isinstance(value, bytes):
            value = _decode(value, utf8=True)
        if isinstance(value, str) and value.strip("\x00 "):
            values[name] = value.strip("\x00 ")
    return values
