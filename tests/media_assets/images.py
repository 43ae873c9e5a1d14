"""Real image files made in memory for the photo desk's tests.

The IPTC-IIM and XMP written here are built independently of media_assets.metadata_writing (by
hand, the way Photoshop and agency software lay them out), so a reader and writer cannot agree on
a mistake.
"""

import io
import struct
import zlib

from PIL import Image, ImageDraw

RED, BLUE, GREEN, YELLOW = (220, 20, 20), (20, 20, 220), (20, 200, 20), (240, 220, 20)


def encode(image: Image.Image, fmt: str = "JPEG", **save_args) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **save_args)
    return buffer.getvalue()


def jpeg(size=(640, 480), color=RED, **save_args) -> bytes:
    return encode(Image.new("RGB", size, color), "JPEG", **save_args)


def quadrants(size=(400, 200)) -> Image.Image:
    """Red top-left, blue top-right, green bottom-left, yellow bottom-right."""
    image = Image.new("RGB", size, RED)
    draw = ImageDraw.Draw(image)
    w, h = size
    draw.rectangle((w // 2, 0, w, h // 2), fill=BLUE)
    draw.rectangle((0, h // 2, w // 2, h), fill=GREEN)
    draw.rectangle((w // 2, h // 2, w, h), fill=YELLOW)
    return image


def iim_block(datasets: dict[tuple[int, int], bytes]) -> bytes:
    return b"".join(
        struct.pack(">BBBH", 0x1C, record, number, len(value)) + value
        for (record, number), value in datasets.items()
    )


def with_app13(jpeg_bytes: bytes, iim: bytes) -> bytes:
    """Insert a Photoshop 3.0 APP13 (resource 0x0404) straight after SOI."""
    resource = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(iim)) + iim
    resource += b"\x00" * (len(iim) % 2)
    payload = b"Photoshop 3.0\x00" + resource
    return (
        jpeg_bytes[:2]
        + b"\xff\xed"
        + struct.pack(">H", len(payload) + 2)
        + payload
        + jpeg_bytes[2:]
    )


def jpeg_with_iim(*, utf8=True, **fields: str) -> bytes:
    """fields: by_line, credit, source, copyright, caption."""
    numbers = {"by_line": 80, "credit": 110, "source": 115, "copyright": 116, "caption": 120}
    encoding = "utf-8" if utf8 else "latin-1"
    datasets = {(1, 90): b"\x1b%G"} if utf8 else {}
    datasets.update({(2, numbers[k]): v.encode(encoding) for k, v in fields.items()})
    return with_app13(jpeg(), iim_block(datasets))


XMP_ELEMENTS = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
 xmlns:xmpRights="http://ns.adobe.com/xap/1.0/rights/"
 xmlns:Iptc4xmpCore="http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/">
 <dc:creator><rdf:Seq><rdf:li>{creator}</rdf:li></rdf:Seq></dc:creator>
 <dc:description><rdf:Alt><rdf:li xml:lang="de">Deutsch</rdf:li>
  <rdf:li xml:lang="x-default">{caption}</rdf:li></rdf:Alt></dc:description>
 <dc:rights><rdf:Alt><rdf:li xml:lang="x-default">{rights}</rdf:li></rdf:Alt></dc:rights>
 <photoshop:Credit>{credit}</photoshop:Credit>
 <photoshop:Source>{source}</photoshop:Source>
 <Iptc4xmpCore:AltTextAccessibility>
  <rdf:Alt><rdf:li xml:lang="x-default">{alt}</rdf:li></rdf:Alt>
 </Iptc4xmpCore:AltTextAccessibility>
 <xmpRights:WebStatement>{web}</xmpRights:WebStatement>
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>"""

XMP_ATTRIBUTES = """<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
 photoshop:Credit="{credit}" photoshop:Source="{source}"/>
</rdf:RDF></x:xmpmeta>"""


def xmp_packet(**values: str) -> bytes:
    defaults = dict.fromkeys(["creator", "caption", "rights", "credit", "source", "alt", "web"], "")
    return XMP_ELEMENTS.format(**(defaults | values)).encode()


def jpeg_with_xmp(packet: bytes, image: Image.Image | None = None) -> bytes:
    return encode(image or Image.new("RGB", (320, 240), BLUE), "JPEG", xmp=packet)


def exif(**tags) -> Image.Exif:
    data = Image.Exif()
    for tag, value in tags.items():
        data[int(tag.removeprefix("t"))] = value
    return data


def oriented_jpeg(orientation: int, size=(400, 200)) -> bytes:
    """Quadrants stored sideways/upside down, with the EXIF tag saying how to show them."""
    stored = quadrants(size)
    undo = {
        3: Image.Transpose.ROTATE_180,
        6: Image.Transpose.ROTATE_90,
        8: Image.Transpose.ROTATE_270,
    }
    if orientation in undo:
        # Store the picture so that applying the tag gives back `quadrants(size)` upright.
        stored = stored.transpose(undo[orientation])
    data = Image.Exif()
    data[0x0112] = orientation
    return encode(stored, "JPEG", exif=data, quality=95)


def jpeg_with_gps_and_serial() -> bytes:
    data = Image.Exif()
    data[0x013B] = "Camera Owner"
    data[0xA431] = "SERIAL-123456"  # BodySerialNumber (in the Exif IFD in real files)
    exif_ifd = data.get_ifd(0x8769)
    exif_ifd[0xA431] = "SERIAL-123456"
    gps = data.get_ifd(0x8825)
    gps[1], gps[2] = "N", (51.0, 30.0, 0.0)
    return encode(Image.new("RGB", (300, 200), GREEN), "JPEG", exif=data)


def animated_gif() -> bytes:
    frames = [Image.new("P", (120, 80), 0), Image.new("P", (120, 80), 1)]
    for frame in frames:
        frame.putpalette([*RED, *BLUE] + [0] * 762)
    return encode(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)


def png_16bit(size=(200, 100)) -> bytes:
    """A 16-bit greyscale gradient, 0 at the left to 65535 at the right."""
    image = Image.new("I;16", size)
    image.putdata([int(65535 * x / (size[0] - 1)) for _ in range(size[1]) for x in range(size[0])])
    return encode(image, "PNG")


def cmyk_jpeg(size=(300, 200)) -> bytes:
    return encode(Image.new("CMYK", size, (0, 255, 255, 0)), "JPEG")  # pure red in print terms


def truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def mpo_jpeg(size=(320, 240)) -> bytes:
    """A JPEG with a second picture in an MPF segment, as phones and cameras write them: Pillow
    reports it as MPO."""
    first, second = Image.new("RGB", size, RED), Image.new("RGB", size, BLUE)
    return encode(first, "MPO", save_all=True, append_images=[second])


def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    checksum = struct.pack(">I", zlib.crc32(kind + payload))
    return struct.pack(">I", len(payload)) + kind + payload + checksum


def huge_png(width: int, height: int) -> bytes:
    """A greyscale PNG of all-black rows: tens of kilobytes on disk, width×height bytes decoded.
    Built row by row, so the test itself never holds the pixels."""
    compressor = zlib.compressobj(9)
    row = b"\x00" * (width + 1)  # filter byte, then the row
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", idat)
        + _png_chunk(b"IEND", b"")
    )


def animation(fmt: str, frames: int = 2, size=(120, 80)) -> bytes:
    """An animated GIF, PNG (APNG) or WebP of `frames` frames."""
    pictures = [Image.new("RGB", size, (40 * i % 256, 90, 90)) for i in range(frames)]
    return encode(pictures[0], fmt, save_all=True, append_images=pictures[1:], duration=100)


def with_iim_digest(jpeg_bytes: bytes, iim: bytes, digest: bytes) -> bytes:
    """An APP13 with the IIM (0x0404) and Photoshop's digest of it (0x0425), as Photoshop and
    MWG-compliant tools write when XMP and IIM are in step."""
    block = with_app13(jpeg_bytes, iim)
    resource = b"8BIM\x04\x25\x00\x00" + struct.pack(">I", len(digest)) + digest
    length = struct.unpack(">H", block[4:6])[0]
    end = 4 + length  # after the APP13 payload
    segment = struct.pack(">H", length + len(resource)) + block[6:end] + resource
    return block[:4] + segment + block[end:]
