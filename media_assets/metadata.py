"""IPTC, XMP and EXIF in: pure functions over image bytes, no ORM.

`read_metadata()` turns what the photographer and the agency wrote into the file into Photo field
values. When the three disagree, a value is taken as the Metadata Working Group's Guidelines
(MWG 2.0, "reconciling" when reading; ExifTool's MWG tags do the same) say:

1. EXIF (ImageDescription, Artist, Copyright), when it has a non-blank value: MWG-compliant tools
   write it in step with the others (as UTF-8, which is how it is read here);
2. else XMP, when the file has no IPTC-IIM, or when the IIM has not changed since the XMP was
   written: Photoshop's digest of the IIM (image resource 0x0425) matches it, or there is none;
3. else IPTC-IIM: its digest no longer matches, so a tool that knows only IIM edited it last.
   Either of XMP and IIM fills a field the other lacks.

Nothing here decodes pixels: only what comes before the image data is read (a PNG's eXIf or XMP
chunk written after its pixels is not seen), so a picture of absurd dimensions costs nothing
until the validator has refused it. XMP is read in any encoding its specification allows
(UTF-8, UTF-16, UTF-32, either byte order). Writing metadata into renditions lives in
`media_assets.metadata_writing`.
"""

import hashlib
import io
import warnings
from xml.etree.ElementTree import Element

from defusedxml import ElementTree
from PIL import Image, ImageFile, IptcImagePlugin, PngImagePlugin

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
IIM_RESOURCE, IIM_DIGEST_RESOURCE = 0x0404, 0x0425  # Photoshop image resources in APP13
# How an XMP packet in UTF-16 or UTF-32 begins: a byte-order mark, or "<" as wide characters.
# (UTF-32 first: its little-endian forms begin like UTF-16's.)
XMP_WIDE_ENCODINGS = (
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\xfe\xff", "utf-16"),
    (b"\xff\xfe", "utf-16"),
    (b"\x00<", "utf-16-be"),
    (b"<\x00", "utf-16-le"),
)


def read_metadata(data: bytes) -> dict[str, str]:
    """Photo field values found in the file's XMP, IPTC-IIM and EXIF; blank values are left out."""
    with warnings.catch_warnings():
        # The upload validator has already enforced the pixel limit.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        with Image.open(io.BytesIO(data)) as image:
            xmp, iim, exif = read_xmp(image), read_iim(image), read_exif(image)
            iim_changed = iim_changed_since_xmp(image)
    values = {}
    for name in FIELDS:
        later, earlier = (iim, xmp) if iim_changed else (xmp, iim)
        if value := exif.get(name) or later.get(name) or earlier.get(name):
            values[name] = value
    return values


def iim_changed_since_xmp(image: Image.Image) -> bool:
    """True when the file's IIM no longer matches the digest of it stored with the XMP (MWG):
    a tool that knows only IIM changed it after the XMP was written. False without a digest."""
    resources = image.info.get("photoshop")
    if not isinstance(resources, dict):
        return False
    iim, digest = resources.get(IIM_RESOURCE), resources.get(IIM_DIGEST_RESOURCE)
    if not iim or not digest:
        return False
    return bool(hashlib.md5(iim, usedforsecurity=False).digest() != digest)


def header_exif(image: Image.Image) -> Image.Exif:
    """The EXIF Pillow has read with the header. (A PNG's getexif() decodes the whole picture
    to look for an eXIf chunk after the pixels; this never does.)"""
    if not isinstance(image, PngImagePlugin.PngImageFile):
        return image.getexif()
    exif = Image.Exif()
    if raw := image.info.get("exif"):
        exif.load(raw)
    return exif


def read_orientation(image: Image.Image) -> int:
    """EXIF orientation 1–8 (1 when absent or nonsense)."""
    try:
        value = int(header_exif(image).get(ORIENTATION, 1))
    except (TypeError, ValueError, OSError, SyntaxError):
        return 1
    return value if 1 <= value <= 8 else 1


def read_xmp(image: Image.Image) -> dict[str, str]:
    packet = image.info.get("xmp")
    if not packet:
        return {}
    try:
        root = ElementTree.fromstring(_xmp_document(packet))
    except Exception:  # a broken packet is ignored, as every reader does
        return {}
    descriptions = root.iter(f"{{{NS['rdf']}}}Description")
    values: dict[str, str] = {}
    for description in descriptions:
        for name, (prop, _, _) in FIELDS.items():
            if prop and name not in values and (value := _xmp_property(description, prop)):
                values[name] = value
    return values


def _xmp_document(packet: bytes | str) -> bytes | str:
    """The packet as the XML parser takes it: text when it is UTF-16 or UTF-32 (expat reads
    those only with a byte-order mark), else the bytes, whose declaration names their encoding."""
    if isinstance(packet, str):
        return packet.strip("\x00 \r\n\t")
    for start, encoding in XMP_WIDE_ENCODINGS:
        if packet.startswith(start):
            return packet.decode(encoding).strip("\ufeff\x00 \r\n\t")
    return packet.strip(b"\x00 \r\n\t")


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
        exif = header_exif(image)
    except (OSError, SyntaxError, ValueError):
        return {}
    values = {}
    for name, (_, _, tag) in FIELDS.items():
        value = exif.get(tag) if tag else None
        if isinstance(value, str):  # Pillow reads EXIF ASCII as Latin-1; MWG writes UTF-8
            value = value.encode("latin-1", "replace")
        if isinstance(value, bytes):
            value = _decode(value, utf8=True)
        if isinstance(value, str) and value.strip("\x00 "):
            values[name] = value.strip("\x00 ")
    return values
