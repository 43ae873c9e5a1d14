"""Photos on pages: always through `figure()` and `rendition()`, never a hand-built <img> or credit.

Both are plain functions, so the public site's Jinja2 templates call them directly
(``{{ figure(photo, "fill-1200x675", sizes="50vw") }}``) and Django templates reach them through
``{% load photos %}`` (``{% figure photo "fill-1200x675" sizes="50vw" %}``).

``figure(photo, spec, *, sizes, caption, credit, alt, loading, css_class)``
    A ``<figure>`` holding an ``<img>`` with ``src``, ``srcset`` (smaller renditions of the same
    shape, e.g. 400w, 800w … up to the spec), ``sizes`` (default ``100vw``), ``width``/``height``
    (of the spec's rendition, so the layout does not jump), ``alt``, ``loading`` (``lazy`` or
    ``eager``; eager also sets ``fetchpriority="high"``) and ``decoding="async"``; then a
    ``<figcaption>`` with the caption and the credit. ``caption``, ``credit`` and ``alt`` replace
    the photo's own values when given (an article's ``caption``/``credit`` carry its placement
    overrides); pass ``caption=""`` for no caption. ``photo`` may be None: the result is then
    empty. ``spec`` is a rendition spec such as ``"fill-1200x675"``, ``"width-800"`` or
    ``"max-400x400"`` (see ``media_assets.imaging``).

``rendition(photo, spec)``
    The Rendition for Open Graph, JSON-LD or feeds: ``r.url``, ``r.width``, ``r.height``,
    ``r.mime_type``, ``r.file.size``; None while none of that spec has been made.

Neither runs Pillow: they show the renditions that exist. The apps above have them made by a task
when a photo comes in, is re-cropped or is attached. Until a spec's rendition
for the photo's current key exists, ``figure()`` uses the nearest there is: the same spec made
before the focal point or credit changed, other widths of its srcset, another rendition of the same
shape, else the original, always with the spec's own ``width``/``height`` so the layout does not
move (an original of another shape is cropped in the browser, ``object-fit: cover``).

Readers' pages do not call these for each request: ``figure_sources()`` gives what ``figure()``
would put in the ``<img>`` as plain data, which the apps above store when what a page shows
changes, and ``figure_markup()`` builds the same markup from it.
"""

from html import escape
from math import gcd

from django.utils.safestring import SafeString, mark_safe

from media_assets.imaging import Spec, parse_spec, plan, srcset_specs
from media_assets.models import Photo, Rendition, credit_text
from media_assets.rendition_store import (
    nearest_of_shape,
    ready_renditions,
    rendition_url,
)

# Built in Python rather than a template: a page of twenty teasers renders twenty of these.
# Caption, credit and alt text are plain text, always escaped.
IMG = (
    '<img src="{src}"{srcset} width="{width}" height="{height}" '
    'alt="{alt}" loading="{loading}" decoding="async"{priority}{fit}>'
)


def rendition(photo: Photo, spec: str) -> Rendition | None:
    """The spec's rendition as it is (made for the current key or an older one), or None."""
    found, _ = ready_renditions(photo, [parse_spec(spec)])
    return found[0] if found else None


def figure(
    photo: Photo | None,
    spec: str,
    *,
    sizes: str = "100vw",
    caption: str | None = None,
    credit: str | None = None,
    alt: str | None = None,
    loading: str = "lazy",
    css_class: str = "",
) -> SafeString:
    if photo is None:
        return mark_safe("")
    return figure_markup(
        figure_sources(photo, spec),
        sizes=sizes,
        caption=photo.caption if caption is None else caption,
        credit=photo.credit if credit is None else credit_text(credit),
        alt=photo.alt_text if alt is None else alt,
        loading=loading,
        css_class=css_class,
    )


def figure_sources(photo: Photo, spec: str) -> dict:
    """The <img>'s sources for `photo` in `spec` as plain data, to store and give figure_markup().

    Never runs Pillow (see the module's notes for what stands in for a rendition not made yet).
    `src` and `srcset` are escaped for an HTML attribute; `width` and `height` are always those
    of the spec's rendition; `pending` says the current renditions are not all there yet, and
    `fit` (e.g. "16x9") that the image is the uncropped original, to be cropped by the browser.
    """
    parsed = parse_spec(spec)
    specs = srcset_specs(parsed, original_width=photo.width)
    found, current = ready_renditions(photo, specs)
    if not found:
        nearest = nearest_of_shape(photo, parsed)
        found = [nearest] if nearest is not None else []
    _, (width, height) = plan(parsed, (photo.width, photo.height), photo.focal)
    sources: dict = {"width": width, "height": height, "pending": not current}
    if not found:
        return {**sources, "src": escape(photo.image.url), "srcset": "", "fit": _shape(parsed)}
    found.sort(key=lambda rendition: rendition.width)
    urls = [escape(rendition_url(rendition)) for rendition in found]
    srcset = ", ".join(f"{url} {made.width}w" for url, made in zip(urls, found, strict=True))
    return {**sources, "src": urls[-1], "srcset": srcset}


def _shape(spec: Spec) -> str:
    """A crop's shape in lowest terms ("16x9"), for the stylesheet; "" for uncropped specs."""
    if spec.operation != "fill" or spec.height is None:
        return ""
    divisor = gcd(spec.width, spec.height)
    return f"{spec.width // divisor}x{spec.height // divisor}"


def figure_markup(
    sources: dict,
    *,
    sizes: str,
    caption: str,
    credit: str,
    alt: str,
    loading: str = "lazy",
    css_class: str = "",
) -> SafeString:
    """figure()'s markup from figure_sources() and the texts as readers see them (plain text)."""
    eager = loading == "eager"
    srcset = sources["srcset"]
    fit = sources.get("fit")
    img = IMG.format(
        src=sources["src"],
        srcset=f' srcset="{srcset}" sizes="{escape(sizes)}"' if srcset else "",
        width=sources["width"],
        height=sources["height"],
        alt=escape(alt),
        loading="eager" if eager else "lazy",
        priority=' fetchpriority="high"' if eager else "",
        fit=f' class="photo-fit photo-fit-{escape(fit)}"' if fit else "",
    )
    classes = f"photo {escape(css_class)}" if css_class else "photo"
    caption_html = _figcaption(caption, credit)
    return mark_safe(f'<figure class="{classes}">\n  {img}\n  {caption_html}\n</figure>')  # noqa: S308


def _figcaption(caption: str, credit: str) -> str:
    parts = []
    if caption:
        parts.append(f'<span class="photo-caption">{escape(caption)}</span>')
    if credit:
        parts.append(f'<span class="photo-credit">{escape(credit)}</span>')
    return f"<figcaption>{' '.join(parts)}</figcaption>" if parts else ""
