"""Photos in templates: always through these tags, never a hand-built <img> or credit.

``{% load photos %}``

``{% figure photo spec sizes=… caption=… credit=… alt=… loading="lazy" css_class=… %}``
    Renders ``media_assets/_figure.html``: a ``<figure>`` holding an ``<img>`` with ``src``,
    ``srcset`` (smaller renditions of the same shape, e.g. 400w, 800w … up to the spec),
    ``sizes`` (default ``100vw``), ``width``/``height`` (of the spec's rendition, so the layout
    does not jump), ``alt``, ``loading`` (``lazy`` or ``eager``; eager also sets
    ``fetchpriority="high"``) and ``decoding="async"``; then a ``<figcaption>`` with the caption
    and the credit. ``caption``, ``credit`` and ``alt`` replace the photo's own values when given
    (an article's ``caption``/``credit`` carry its placement overrides); pass ``caption=""`` for
    no caption. ``photo`` may be None: the tag then renders nothing. ``spec`` is a rendition
    spec such as ``"fill-1200x675"``, ``"width-800"`` or ``"max-400x400"`` (see
    ``media_assets.renditions``).

``{% rendition photo "crop-16x9" as r %}``
    The Rendition for Open Graph, JSON-LD or feeds: ``r.url`` (relative to the site, from the
    storage), ``r.width``, ``r.height``, ``r.mime_type``, ``r.file.size``. Also importable:
    ``from media_assets.templatetags.photos import rendition``.

Renditions are made on first use and reused; with ``photo.renditions`` prefetched (as
``Article.objects.for_page()`` does) the tags run no queries once the renditions exist.
"""

import logging

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from media_assets.models import Photo, Rendition, credit_text
from media_assets.rendering import get_rendition, get_renditions, rendition_url
from media_assets.renditions import parse_spec, srcset_specs

register = template.Library()
logger = logging.getLogger(__name__)


@register.simple_tag
def rendition(photo: Photo, spec: str) -> Rendition:
    return get_rendition(photo, spec)


@register.inclusion_tag("media_assets/_figure.html")
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
) -> dict:
    if photo is None:
        return {"photo": None}
    specs = srcset_specs(parse_spec(spec), original_width=photo.width)
    try:
        sources = get_renditions(photo, specs)
    except OSError:
        # The original is missing or unreadable in storage: the page goes out without the
        # picture (and the error is logged) rather than failing for every reader.
        logger.exception("Cannot render photo %s as %s", photo.pk, spec)
        return {"photo": None}
    # Built here rather than looped over in the template: a page of teasers spends less time.
    urls = [escape(rendition_url(source)) for source in sources]
    srcset = ", ".join(f"{url} {source.width}w" for url, source in zip(urls, sources, strict=True))
    return {
        "photo": photo,
        "main": sources[-1],
        "src": mark_safe(urls[-1]),  # noqa: S308 escaped above
        "srcset": mark_safe(srcset),  # noqa: S308 escaped above
        "sizes": sizes,
        "caption": photo.caption if caption is None else caption,
        "credit": photo.credit if credit is None else credit_text(credit),
        "alt": photo.alt_text if alt is None else alt,
        "loading": "eager" if loading == "eager" else "lazy",
        "css_class": css_class,
    }
