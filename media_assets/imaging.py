"""Rendition specs and Pillow processing: pure functions over bytes, no ORM.

A spec names an operation and a size:

- ``fill-WxH``  crop to the W:H shape around the focal point, then scale to W×H;
- ``width-W``   scale to W pixels wide, keeping the shape;
- ``max-WxH``   scale to fit inside W×H, keeping the shape;
- ``crop-1x1``, ``crop-4x3``, ``crop-16x9``  the shapes structured data and social cards ask for,
  1200 pixels wide (``fill`` under another name), always JPEG for the widest compatibility.

Nothing is ever enlarged: a small original gives a smaller rendition of the same shape.
"""

import io
import math
import re
import warnings
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageCms, ImageOps

from media_assets import metadata_writing
from media_assets.metadata import read_orientation

STANDARD_SPECS = (
    "fill-1200x675",
    "width-800",
    "max-400x400",
    "crop-1x1",
    "crop-4x3",
    "crop-16x9",
)
ADMIN_THUMBNAIL = "max-160x160"
CROP_WIDTH = 1200
MAX_SIDE = 4000  # a spec larger than this is a mistake in a template, not a need
SPEC_PATTERN = re.compile(r"^(?:(fill|max)-(\d+)x(\d+)|(width)-(\d+)|(crop)-(\d+)x(\d+))$")
JPEG_QUALITY = 82
WEBP_QUALITY = 80
# libwebp effort 0–6: 2 is four times faster than the default 4 for files about 5% larger.
WEBP_METHOD = 2
SRGB = ImageCms.createProfile("sRGB")


@dataclass(frozen=True)
class Spec:
    name: str
    operation: str  # "fill", "width" or "max"
    width: int
    height: int | None  # None for "width"
    webp_allowed: bool = True

    def scaled(self, width: int) -> "Spec":
        """The same operation and shape at another width (for srcset)."""
        if self.height is None:
            return parse_spec(f"width-{width}")
        height = max(1, round(self.height * width / self.width))
        return parse_spec(f"{self.operation}-{width}x{height}")


@dataclass(frozen=True)
class Rendered:
    data: bytes
    width: int
    height: int
    format: str  # "JPEG" or "WEBP"

    @property
    def extension(self) -> str:
        return "jpg" if self.format == "JPEG" else "webp"


@lru_cache(maxsize=512)
def parse_spec(name: str) -> Spec:
    """Parse a spec name; ValueError for anything else. Remembered: every figure asks."""
    match = SPEC_PATTERN.match(name)
    if not match:
        raise ValueError(
            f"Unknown rendition spec {name!r}: use fill-WxH, width-W, max-WxH or crop-AxB."
        )
    fill_or_max, w, h, width_op, only_w, crop, a, b = match.groups()
    if crop:
        spec = Spec(name, "fill", CROP_WIDTH, round(CROP_WIDTH * int(b) / int(a)), False)
    elif width_op:
        spec = Spec(name, "width", int(only_w), None)
    else:
        spec = Spec(name, fill_or_max, int(w), int(h))
    if not (0 < spec.width <= MAX_SIDE and 0 < (spec.height or 1) <= MAX_SIDE):
        raise ValueError(f"Rendition spec {name!r} is out of range (1–{MAX_SIDE} pixels).")
    return spec


def plan(
    spec: Spec, size: tuple[int, int], focal: tuple[float, float] = (0.5, 0.5)
) -> tuple[tuple[float, float, float, float], tuple[int, int]]:
    """The crop box in the (upright) original and the output size, for `spec` on `size`."""
    width, height = size
    if spec.operation == "fill":
        aspect = spec.width / _height(spec)
        crop_w, crop_h = min(width, height * aspect), min(height, width / aspect)
        left = _clamp(focal[0] * width - crop_w / 2, 0, width - crop_w)
        top = _clamp(focal[1] * height - crop_h / 2, 0, height - crop_h)
        scale = min(1, spec.width / crop_w)
        box = (left, top, left + crop_w, top + crop_h)
        return box, (max(1, round(crop_w * scale)), max(1, round(crop_h * scale)))
    if spec.operation == "width":
        scale = min(1, spec.width / width)
    else:
        scale = min(1, spec.width / width, _height(spec) / height)
    return (0, 0, width, height), (max(1, round(width * scale)), max(1, round(height * scale)))


def _height(spec: Spec) -> int:
    """The height of a "fill" or "max" spec (parse_spec() always gives them one)."""
    if spec.height is None:
        raise ValueError(f"Rendition spec {spec.name!r}: {spec.operation} needs a height.")
    return spec.height


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(value, high))


@lru_cache(maxsize=1024)
def srcset_specs(
    spec: Spec, *, original_width: int, widths: tuple[int, ...] = (400, 800, 1200, 1600)
) -> tuple[Spec, ...]:
    """Smaller versions of `spec` with the same shape, for `srcset`; `spec` itself last."""
    limit = min(spec.width, original_width)
    return (*(spec.scaled(w) for w in widths if w < limit), spec)


def render(
    data: bytes,
    spec: Spec,
    *,
    focal: tuple[float, float] = (0.5, 0.5),
    metadata: dict[str, str] | None = None,
) -> Rendered:
    """Make the rendition: upright, cropped, scaled, sRGB, credited; the smaller of JPEG/WebP."""
    image = _open_reduced(data, spec, focal)
    icc = image.info.get("icc_profile")
    box, size = plan(spec, image.size, focal)
    image = _to_resizable(image)
    image = image.resize(size, Image.Resampling.LANCZOS, box=box, reducing_gap=3.0)
    image = _to_srgb(image, icc)
    return _encode(image, metadata or {}, webp_allowed=spec.webp_allowed)


def _open_reduced(data: bytes, spec: Spec, focal: tuple[float, float]) -> Image.Image:
    """Open upright; a JPEG is decoded at the smallest DCT scale that still covers the output."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # checked on upload
        image = Image.open(io.BytesIO(data))
    if image.format in ("JPEG", "MPO"):
        upright = image.size if read_orientation(image) < 5 else image.size[::-1]
        box, size = plan(spec, upright, focal)
        scale = max(size[0] / (box[2] - box[0]), size[1] / (box[3] - box[1]))
        needed = (math.ceil(image.size[0] * scale), math.ceil(image.size[1] * scale))
        image.draft(image.mode if image.mode in ("RGB", "L", "CMYK") else "RGB", needed)
    image.seek(0)  # an animated GIF or a multi-page TIFF: the first frame
    image.load()
    return ImageOps.exif_transpose(image)


def _to_resizable(image: Image.Image) -> Image.Image:
    """Bring odd modes (palette, 16-bit, 32-bit, alpha) to one that resizes well."""
    if image.mode in ("RGB", "L", "CMYK", "RGBA"):
        return image
    if image.mode.startswith("I;16") or image.mode == "I":
        # 16-bit greyscale: scale 0–65535 to 0–255 instead of clipping everything to white.
        return image.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    if image.mode == "F":
        return image.convert("L")
    has_alpha = image.mode in ("LA", "PA", "La", "RGBa") or "transparency" in image.info
    return image.convert("RGBA" if has_alpha else "RGB")


def _to_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    if image.mode == "RGBA":
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A"))
        image = background
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            converted = ImageCms.profileToProfile(image, source, SRGB, outputMode="RGB")
            if converted is not None:  # always, unless inPlace=True (which changes `image`)
                return converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: fall back to a plain conversion
    return image.convert("RGB")


def _encode(image: Image.Image, metadata: dict[str, str], *, webp_allowed: bool) -> Rendered:
    xmp = metadata_writing.build_xmp(metadata)
    exif = metadata_writing.build_exif(metadata)
    buffer = io.BytesIO()
    image.save(
        buffer, "JPEG", quality=JPEG_QUALITY, progressive=True, optimize=True, xmp=xmp, exif=exif
    )
    jpeg = metadata_writing.with_iim(buffer.getvalue(), metadata_writing.build_iim(metadata))
    best = Rendered(jpeg, *image.size, "JPEG")
    if webp_allowed:
        buffer = io.BytesIO()
        image.save(buffer, "WEBP", quality=WEBP_QUALITY, method=WEBP_METHOD, xmp=xmp, exif=exif)
        if len(buffer.getvalue()) < len(best.data):
            best = Rendered(buffer.getvalue(), *image.size, "WEBP")
    return best
