"""The one allow-list for article HTML: what editors may write, and what wire copy may bring.

The body is HTML with a few structured blocks, each stored as data rather than markup:

    <figure data-photo="42"></figure>                 a photo from the library, by id; caption,
                                                      credit and renditions come from the library
    <figure data-embed="youtube" data-embed-id="…"    an embed from an allow-listed provider
            data-embed-url="https://…"></figure>      (articles.embeds), loaded on a reader's click
    <blockquote class="pull-quote"><p>…</p></blockquote>
    <aside class="fact-box"><h3>…</h3><p>…</p><ul>…</ul></aside>
    <table><thead><tr><th scope="col">…</th></tr></thead><tbody>…</tbody></table>
                                                      (a caption comes before it as a paragraph:
                                                      the editor's tables have none to keep it)

Readers never see these as stored: articles.body renders them (figures with srcset and credit,
click-to-load embeds).
"""

import re

import nh3

from articles.body import normalize

ALLOWED_TAGS = {
    "p", "br", "a", "em", "strong", "i", "b", "blockquote", "q", "cite",
    "h2", "h3", "h4", "ul", "ol", "li", "sub", "sup",
    "figure", "aside",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "figure": {"data-photo", "data-embed", "data-embed-id", "data-embed-url"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
ALLOWED_CLASSES = {"blockquote": {"pull-quote"}, "aside": {"fact-box"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


BLOCK = re.compile(r"<(?:p|h[2-4]|ul|ol|blockquote|figure|aside|table)\b")
# A table's caption (wire copy, older bodies) as a bold paragraph before it, so that no text is
# lost when the editor, whose tables have no caption, saves the body again. (Bounded, so that a
# body of unclosed captions costs linear time.)
CAPTION = re.compile(
    r"(<table\b[^>]{0,500}>)\s*<caption\b[^>]{0,500}>(.{0,2000}?)</caption>", re.S | re.I
)
# What a list or table pasted inside a paragraph (<p><ul>…</ul></p>) leaves once parsed, and
# what editors make of a stray Enter: nothing a reader should see as a gap.
EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|&nbsp;|<br>)*</p>")


# Built once: nh3.clean() would build the same sanitiser anew on every call, which costs twice
# what cleaning a body does (and every imported item's body is cleaned twice).
CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    allowed_classes=ALLOWED_CLASSES,
    url_schemes=URL_SCHEMES,
    link_rel="noopener noreferrer",
)


def sanitize_body(html: str) -> str:
    """Strip everything outside the allow-list; scripts and styles go with their content.

    A body with no paragraphs at all (plain text typed or pasted as such) gets one per blank line.
    """
    clean = CLEANER.clean(CAPTION.sub(r"<p><strong>\2</strong></p>\1", html or ""))
    clean = EMPTY_PARAGRAPH.sub("", clean).strip()
    if clean and not BLOCK.search(clean):
        paragraphs = (p.strip() for p in re.split(r"\n\s*\n", clean))
        clean = "".join(f"<p>{p}</p>" for p in paragraphs if p)
    # The structured figures, rewritten from what can be proved of them (articles.body).
    return normalize(clean)
