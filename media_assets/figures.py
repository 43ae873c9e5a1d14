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
    ``r.mime_type``, ``r.file.size``.

Renditions are made on first use and reused. Readers' pages do not call these for each request:
``figure_sources()`` gives what ``figure()`` would put in the ``<img>`` as plain data, which
the apps above store when what a page shows changes, and ``figure_markup()`` builds the same markup
from it.
"""

import logging
from html import escape

from django.utils.safestring import SafeString, mark_safe

from media_assets.imaging import parse_spec, srcset_specs
from media_assets.models import Photo, Rendition, credit_text
from media_assets.rendition_store import get_rendition, get_renditions, rendition_url

logger = logging.getLogger(__name__)

# Built in Python rather than a template: a page of twenty teasers renders twenty of these.
# Caption, credit and alt text are plain text, always escaped.
IMG = (
    '<img src="{src}" srcset="{srcset}" sizes="{sizes}" width="{width}" height="{height}" '
    'alt="{alt}" loading="{loading}" decoding="async"{priority}>'
)


def rendition(photo: Photo, spec: str) -> Rendition:
    return get_rendition(photo, spec)


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
    sources = figure_sources(photo, spec)
    if sources is None:
        return mark_safe("")
    return figure_markup(
        sources,
        sizes=sizes,
        caption=photo.caption if caption is None else caption,
        credit=photo.credit if credit is None else credit_text(credit),
        alt=photo.alt_text if alt is None else alt,
        loading=loading,
        css_class=css_class,
    )


def figure_sources(photo: Photo, spec: str) -> dict | None:
    """The <img>'s sources for `photo` in `spec` as plain data, to store and give figure_markup().

    `src` and `srcset` are escaped for an HTML attribute. None when the photo cannot be rendered:
    the original is missing or unreadable in storage, and the error is logged.
    """
    specs = srcset_specs(parse_spec(spec), original_width=photo.width)
    try:
        sources = get_renditions(photo, specs)
    except OSError:
        # The page goes out without the picture rather than failing for every reader.
        logger.exception("Cannot render photo %s as %s", photo.pk, spec)
        return None
    urls = [escape(rendition_url(source)) for source in sources]
    srcset = ", ".join(f"{url} {source.width}w" for url, source in zip(urls, sources, strict=True))
    return {
        "src": urls[-1],
        "srcset": srcset,
        "width": sources[-1].width,
        "height": sources[-1].height,
    }


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
    img = IMG.format(
        src=sources["src"],
        srcset=sources["srcset"],
        sizes=escape(sizes),
        width=sources["width"],
        height=sources["height"],
        alt=escape(alt),
        loading="eager" if eager else "lazy",
        priority=' fetchpriority="high"' if eager else "",
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
