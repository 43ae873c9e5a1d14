"""The structured body (see articles.html): checked on save, listed, and rendered for readers.

`normalize(html)` runs after nh3 on every save. It rewrites each structured figure from what it
can prove: a photo keeps only a positive integer id; an embed is re-derived from its
`data-embed-url` by articles.embeds.match(), so a client claiming `data-embed="youtube"` for a
URL on evil.example gets no embed. An embed URL no provider accepts becomes a plain link
paragraph to it if it is http(s) (the editor's paste stays visible, and a link is something they
may write anyway), and is dropped otherwise; a figure's content is dropped.

`render(html, photos)` is what readers see: photos as the lead photo's figure markup (srcset,
caption, credit, alt) from the teaser row's `body_photos`, embeds as click-to-load boxes that
name the provider and link to the original; nothing on the page asks a third party for anything
until the reader presses the button (static/site/embeds.js makes the frame then). Tables get a
scrolling wrapper. `render_export()` is the same body for feeds and the ninjs export: photos as
absolute-URL figures with their credit, embeds as plain links; never a frame or a script.

The input is always nh3's output (sanitize_body), in which every attribute value is
double-quoted and escaped and text has no raw "<", so a small tokenizer reads it exactly; a stray
"<" is passed on escaped.
"""

import re
from collections.abc import Callable, Iterator
from html import escape, unescape
from urllib.parse import urlsplit

from django.utils.safestring import SafeString, mark_safe

from articles import embeds
from articles.embeds import Embed
from media_assets.figures import figure_markup

BODY_SPEC = "width-1200"  # inline photos keep their shape (a lead is cropped to 16:9)
EXPORT_SPEC = "width-800"  # the single image feeds, ninjs and JSON-LD give of an inline photo
BODY_SIZES = "(min-width: 48em) 45em, 100vw"
DATA_ATTRIBUTES = ("data-photo", "data-embed", "data-embed-id", "data-embed-url")
PHOTO_ID = re.compile(r"[1-9][0-9]{0,17}")
NAME = r"[a-zA-Z][a-zA-Z0-9-]*"
AFTER_LT = rf'(?P<end>/)?(?P<name>{NAME})(?P<attrs>(?:\s+{NAME}(?:="[^"]*")?)*)\s*/?>'
TOKEN = re.compile(rf"<{AFTER_LT}|(?P<text>[^<]+)|(?P<lt><)")
# Only a figure or a "<" that starts no tag (passed on escaped) is changed by normalize(): a
# body with neither, as nearly every one is, is its own normal form, and has no photos. Two
# searches in C spare the tokenizer, which would cost a third of the sanitiser on every save.
FIGURE = re.compile(r"<figure", re.IGNORECASE)
STRAY_LT = re.compile(rf"<(?!{AFTER_LT})")
TABLE_START, TABLE_END = re.compile(r"<table[\s>]"), re.compile(r"</table[\s>]")
# Wide tables scroll inside the column on a phone; the region can take focus to be scrolled
# by keyboard.
TABLE_WRAPPER = '<div class="table-scroll" role="region" aria-label="Table" tabindex="0">'
ATTRIBUTE = re.compile(rf'({NAME})(?:="([^"]*)")?')

# A piece of the body: ("html", markup kept as it is), ("photo", id), ("embed", Embed),
# ("link", url).
Part = tuple[str, object]


def _attributes(text: str) -> dict[str, str]:
    return {name.lower(): unescape(value or "") for name, value in ATTRIBUTE.findall(text)}


def _structured(attributes: dict[str, str]) -> Part | None:
    """What a data figure may be, from what can be checked; None when it is nothing."""
    if "data-photo" in attributes:
        value = attributes["data-photo"].strip()
        return ("photo", int(value)) if PHOTO_ID.fullmatch(value) else None
    url = attributes.get("data-embed-url", "").strip()
    embed = embeds.match(url)
    if embed is not None:
        return ("embed", embed)
    return ("link", url) if _linkable(url) else None


def _linkable(url: str) -> bool:
    if not url or len(url) > embeds.MAX_URL or embeds.UNSAFE.search(url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def parts(html: str) -> Iterator[Part]:
    """The body as pieces, each structured figure read from its data (its content dropped)."""
    skipping = 0  # the depth of figures inside the data figure being replaced
    for found in TOKEN.finditer(html or ""):
        name = (found["name"] or "").lower()
        if skipping:
            if name == "figure":
                skipping += -1 if found["end"] else 1
            continue
        if found["lt"]:
            yield ("html", "&lt;")
            continue
        if name == "figure" and not found["end"]:
            attributes = _attributes(found["attrs"])
            if any(key in attributes for key in DATA_ATTRIBUTES):
                part = _structured(attributes)
                if part is not None:
                    yield part
                skipping = 0 if found[0].endswith("/>") else 1
                continue
        yield ("html", found[0])


def _attr(value: str) -> str:
    return escape(value, quote=False).replace('"', "&quot;")


def _stored(part: Part) -> str:
    kind, value = part
    if kind == "photo":
        return f'<figure data-photo="{value}"></figure>'
    if kind == "embed":
        assert isinstance(value, Embed)
        return (
            f'<figure data-embed="{value.provider}" data-embed-id="{_attr(value.id)}" '
            f'data-embed-url="{_attr(value.url)}"></figure>'
        )
    if kind == "link":
        url = _attr(str(value))
        return f'<p><a href="{url}" rel="noopener noreferrer">{url}</a></p>'
    return str(value)


def normalize(html: str) -> str:
    """The body with each structured figure rewritten from what can be proved of it."""
    if not FIGURE.search(html) and not STRAY_LT.search(html):
        return html
    return "".join(_stored(part) for part in parts(html))


def photo_ids(html: str) -> list[int]:
    """The library photos the body shows, in order, each once."""
    if not FIGURE.search(html or ""):
        return []
    ids = [value for kind, value in parts(html) if kind == "photo"]
    return list(dict.fromkeys(ids))  # type: ignore[arg-type]


def embeds_in(html: str) -> list[Embed]:
    return [value for kind, value in parts(html) if kind == "embed"]  # type: ignore[misc]


def frame_origins(html: str) -> list[str]:
    """The origins a page showing this body must let frames come from (once a reader asks)."""
    return embeds.frame_origins(embeds_in(html))


# --- readers' pages -----------------------------------------------------------------------


def render(html: str, photos: dict[str, dict]) -> SafeString:
    """The body as readers see it; `photos` is the teaser row's `body_photos` (by id as text)."""
    out, tables = [], 0
    for kind, value in parts(html):
        if kind == "photo":
            out.append(_photo(photos.get(str(value))))
        elif kind == "embed":
            out.append(_embed_box(value))  # type: ignore[arg-type]
        elif kind == "link":
            out.append(_stored((kind, value)))
        else:
            text = str(value)
            if TABLE_START.match(text):
                tables += 1
                if tables == 1:
                    text = TABLE_WRAPPER + text
            elif TABLE_END.match(text) and tables:
                tables -= 1
                if tables == 0:
                    text += "</div>"
            out.append(text)
    out.append("</div>" if tables else "")  # a table left open still closes its wrapper
    # Safe: sanitized HTML, escaped texts, URLs checked by the allow-list.
    return mark_safe("".join(out))


def _photo(photo: dict | None) -> str:
    """The same figure as the lead photo's, from the stored sources; nothing for a photo that
    is not (or no longer) in the library."""
    if not photo or BODY_SPEC not in photo.get("figures", {}):
        return ""
    return figure_markup(
        photo["figures"][BODY_SPEC],
        sizes=BODY_SIZES,
        caption=photo["caption"],
        credit=photo["credit"],
        alt=photo["alt"],
        css_class="photo-inline",
    )


def _embed_box(embed: Embed) -> str:
    """A box that loads nothing: the provider named, what loading means, the button, a link."""
    provider = embed.spec
    label = escape(provider.label)
    url = _attr(embed.url)
    return (
        f'<figure class="embed embed-{provider.key} embed-shape-{provider.shape}" '
        f'data-embed-frame="{_attr(embed.frame_src)}" data-embed-title="{escape(provider.title())}"'
        f' data-embed-sandbox="{provider.sandbox}">\n'
        f'  <div class="embed-consent">\n'
        f"    <p>This content is hosted by {label}. Loading it sends data such as your IP address"
        f" to {label}, which may set cookies.</p>\n"
        f'    <button type="button" class="embed-load">Load content from {label}</button>\n'
        f"  </div>\n"
        f'  <figcaption><a href="{url}" rel="noopener noreferrer">View it on {label}</a>'
        "</figcaption>\n"
        f"</figure>"
    )


# --- feeds and the ninjs export -----------------------------------------------------------


def render_export(html: str, photos: dict[str, dict], absolute: Callable[[str], str]) -> str:
    """The body for feeds and partners: photos as plain figures with absolute URLs and their
    credit, embeds as links; what is not structured stays exactly as stored."""
    out = []
    for kind, value in parts(html):
        if kind == "photo":
            out.append(_export_photo(photos.get(str(value)), absolute))
        elif kind == "embed":
            assert isinstance(value, Embed)
            url, label = _attr(value.url), escape(value.spec.label)
            out.append(f'<p><a href="{url}" rel="noopener noreferrer">{label}: {url}</a></p>')
        else:
            out.append(_stored((kind, value)))
    return "".join(out)


def _export_photo(photo: dict | None, absolute: Callable[[str], str]) -> str:
    image = (photo or {}).get("images", {}).get(EXPORT_SPEC)
    if not photo or not image:
        return ""
    text = " ".join(
        f'<span class="{name}">{escape(photo[key])}</span>'
        for name, key in (("photo-caption", "caption"), ("photo-credit", "credit"))
        if photo[key]
    )
    caption = f"<figcaption>{text}</figcaption>" if text else ""
    return (
        f'<figure><img src="{_attr(absolute(image["url"]))}" width="{image["width"]}" '
        f'height="{image["height"]}" alt="{_attr(photo["alt"])}">{caption}</figure>'
    )
