"""Metadata out: the credit travels inside every public rendition. Pure functions, no ORM.

A rendition carries the credit, copyright, creator, caption and alt text in XMP (JPEG and WebP,
through Pillow's `xmp=` save argument) and, for JPEG, in an IPTC-IIM APP13 block written here in
plain Python (Pillow reads IIM but does not write it). EXIF is written from scratch with Artist and
Copyright only (UTF-8, as the MWG Guidelines ask), so the camera's GPS position and serial numbers
never reach a reader.
`metadata` is a dict keyed like Photo's fields, as `metadata.read_metadata()` returns.
"""

import struct
from xml.sax.saxutils import escape

from PIL import Image

from media_assets.metadata import NS, UTF8_ESCAPE

XMP_TEMPLATE = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="{rdf}">
  <rdf:Description rdf:about="" xmlns:dc="{dc}" xmlns:photoshop="{photoshop}"
    xmlns:xmpRights="{xmpRights}" xmlns:Iptc4xmpCore="{Iptc4xmpCore}">
{properties}
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""

# Property → (Photo field, XMP shape).
XMP_PROPERTIES = [
    ("dc:creator", "creator", "Seq"),
    ("dc:description", "caption", "Alt"),
    ("dc:rights", "copyright_notice", "Alt"),
    ("photoshop:Credit", "credit_line", None),
    ("photoshop:Source", "source", None),
    ("Iptc4xmpCore:AltTextAccessibility", "alt_text", "Alt"),
    ("xmpRights:UsageTerms", "usage_terms", "Alt"),
    ("xmpRights:WebStatement", "web_statement", None),
]
IIM_DATASETS = [(80, "creator"), (110, "credit_line"), (115, "source"), (116, "copyright_notice")]
IIM_CAPTION = 120
MAX_TEXT_BYTES = 2000  # IIM's caption limit; also keeps the XMP packet inside one JPEG segment


def build_xmp(metadata: dict[str, str]) -> bytes:
    """An XMP packet with the IPTC Core properties that carry the credit."""
    lines = []
    for prop, field, shape in XMP_PROPERTIES:
        value = _clip(metadata.get(field, ""))
        if not value:
            continue
        if shape == "Seq":
            inner = f"<rdf:Seq><rdf:li>{escape(value)}</rdf:li></rdf:Seq>"
        elif shape == "Alt":
            inner = f'<rdf:Alt><rdf:li xml:lang="x-default">{escape(value)}</rdf:li></rdf:Alt>'
        else:
            inner = escape(value)
        lines.append(f"   <{prop}>{inner}</{prop}>")
    if metadata.get("copyright_notice"):
        lines.append("   <xmpRights:Marked>True</xmpRights:Marked>")
    return XMP_TEMPLATE.format(properties="\n".join(lines), **NS).encode()


def build_iim(metadata: dict[str, str]) -> bytes:
    """IPTC-IIM datasets (UTF-8, declared in 1:90) for the credit fields and the caption."""
    out = _dataset(1, 90, UTF8_ESCAPE) + _dataset(2, 0, b"\x00\x04")
    for number, field in [*IIM_DATASETS, (IIM_CAPTION, "caption")]:
        value = _clip(metadata.get(field, ""))
        if value:
            out += _dataset(2, number, value.encode())
    return out


def _dataset(record: int, number: int, value: bytes) -> bytes:
    return struct.pack(">BBBH", 0x1C, record, number, len(value)) + value


def _clip(text: str) -> str:
    text = text.strip()
    while len(text.encode()) > MAX_TEXT_BYTES:
        text = text[: len(text) - 100]
    return text


def with_iim(jpeg: bytes, iim: bytes) -> bytes:
    """Insert a Photoshop APP13 segment holding `iim` after the JPEG's APPn segments."""
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(iim))
    resource += iim + (b"\x00" if len(iim) % 2 else b"")
    payload = b"Photoshop 3.0\x00" + resource
    segment = b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload
    position = 2  # after SOI
    while jpeg[position] == 0xFF and 0xE0 <= jpeg[position + 1] <= 0xEF:
        position += 2 + struct.unpack(">H", jpeg[position + 2 : position + 4])[0]
    return jpeg[:position] + segment + jpeg[position:]


def build_exif(metadata: dict[str, str]) -> Image.Exif:
    """A fresh EXIF block with Artist and Copyright only, the same values as the XMP and IIM, in
    UTF-8 as the MWG Guidelines ask (readers give EXIF precedence, so it must not be a lossy
    ASCII copy). Neither is made up from the credit line when the photo has none."""
    exif = Image.Exif()
    if artist := metadata.get("creator", "").strip():
        exif[0x013B] = artist.encode()  # bytes: Pillow would write a str as ASCII
    if rights := metadata.get("copyright_notice", "").strip():
        exif[0x8298] = rights.encode()
    return exif
