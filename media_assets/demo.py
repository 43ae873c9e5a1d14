"""A picture for the demo newsroom, drawn with Pillow and credited the way an agency would.

The credit, caption and rights go into the file's own IPTC-IIM and XMP, so the demo photo enters
the library through `import_photo()` exactly like a wire picture: the fields come from the file.
"""

import io
import random

from PIL import Image, ImageDraw, ImageFilter

from media_assets import metadata_writing

SIZE = (1600, 1067)


def demo_photo_bytes(
    *,
    caption: str,
    credit_line: str,
    creator: str,
    source: str,
    copyright_notice: str = "",
    alt_text: str = "NATO Secretary General Jens Stoltenberg speaking at a lectern",
) -> bytes:
    """A press-conference scene as JPEG bytes carrying the given metadata in IIM and XMP."""
    metadata = {
        "caption": caption,
        "credit_line": credit_line,
        "creator": creator,
        "source": source,
        "copyright_notice": copyright_notice or f"© {credit_line}",
        "alt_text": alt_text,
    }
    buffer = io.BytesIO()
    _scene().save(buffer, "JPEG", quality=88, xmp=metadata_writing.build_xmp(metadata))
    return metadata_writing.with_iim(buffer.getvalue(), metadata_writing.build_iim(metadata))


def _scene() -> Image.Image:
    width, height = SIZE
    # A blue backdrop lit from above: a vertical gradient with a soft spotlight.
    backdrop = Image.linear_gradient("L").resize(SIZE)
    dark, light = Image.new("RGB", SIZE, (12, 38, 92)), Image.new("RGB", SIZE, (46, 98, 170))
    image = Image.composite(dark, light, backdrop)
    spot = Image.new("L", SIZE, 0)
    ImageDraw.Draw(spot).ellipse((width * 0.25, -height * 0.3, width * 0.8, height * 0.7), fill=90)
    image = Image.composite(
        Image.new("RGB", SIZE, (120, 160, 215)), image, spot.filter(ImageFilter.GaussianBlur(120))
    )
    draw = ImageDraw.Draw(image)
    _flags(draw, width, height)
    _speaker(draw, width, height)
    _lectern(draw, width, height)
    return _grain(image)


def _flags(draw: ImageDraw.ImageDraw, width: int, height: int) -> None:
    for left in (width * 0.06, width * 0.82):
        draw.rectangle((left, height * 0.12, left + 6, height * 0.95), fill=(190, 190, 180))
        draw.rectangle((left + 6, height * 0.12, left + 170, height * 0.42), fill=(0, 51, 153))
        cx, cy = left + 88, height * 0.27
        draw.regular_polygon((cx, cy, 40), 4, rotation=45, fill=(245, 245, 245))
        draw.ellipse((cx - 22, cy - 22, cx + 22, cy + 22), outline=(245, 245, 245), width=4)


def _speaker(draw: ImageDraw.ImageDraw, width: int, height: int) -> None:
    cx = width * 0.5
    draw.rounded_rectangle(
        (cx - 190, height * 0.45, cx + 190, height * 1.1), radius=90, fill=(28, 30, 38)
    )
    draw.polygon(
        [(cx - 45, height * 0.45), (cx + 45, height * 0.45), (cx, height * 0.62)],
        fill=(235, 235, 240),
    )
    draw.polygon(
        [(cx - 12, height * 0.47), (cx + 12, height * 0.47), (cx, height * 0.6)], fill=(140, 20, 30)
    )
    draw.ellipse((cx - 85, height * 0.2, cx + 85, height * 0.46), fill=(214, 170, 140))
    draw.chord((cx - 88, height * 0.18, cx + 88, height * 0.34), 180, 360, fill=(200, 200, 205))


def _lectern(draw: ImageDraw.ImageDraw, width: int, height: int) -> None:
    cx = width * 0.5
    draw.polygon(
        [
            (cx - 260, height * 0.68),
            (cx + 260, height * 0.68),
            (cx + 210, height),
            (cx - 210, height),
        ],
        fill=(70, 48, 34),
    )
    draw.rectangle((cx - 270, height * 0.66, cx + 270, height * 0.7), fill=(96, 66, 46))
    draw.line((cx - 40, height * 0.66, cx - 10, height * 0.5), fill=(20, 20, 20), width=5)
    draw.ellipse((cx - 100, height * 0.76, cx + 100, height * 0.9), fill=(0, 51, 153))


def _grain(image: Image.Image) -> Image.Image:
    # Seeded sensor noise: the picture compresses like a photograph, and the same bytes come out
    # every time, so loading the demo twice finds the photo instead of storing it again.
    rng = random.Random(7)
    noise = Image.frombytes("L", image.size, rng.randbytes(image.width * image.height))
    image = Image.blend(image, noise.convert("RGB"), 0.06)
    return image.filter(ImageFilter.SMOOTH)
