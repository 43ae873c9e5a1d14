"""The one allow-list for article HTML: what editors may write, and what wire copy may bring."""

import re

import nh3

ALLOWED_TAGS = {
    "p", "br", "a", "em", "strong", "i", "b", "blockquote", "q", "cite",
    "h2", "h3", "h4", "ul", "ol", "li", "sub", "sup",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "blockquote": {"cite"}, "q": {"cite"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


BLOCK = re.compile(r"<(?:p|h[2-4]|ul|ol|blockquote)\b")


def sanitize_body(html: str) -> str:
    """Strip everything outside the allow-list; scripts and styles go with their content.

    A body with no paragraphs at all (plain text typed or pasted as such) gets one per blank line.
    """
    clean = nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    ).strip()
    if clean and not BLOCK.search(clean):
        paragraphs = (p.strip() for p in re.split(r"\n\s*\n", clean))
        clean = "".join(f"<p>{p}</p>" for p in paragraphs if p)
    return clean
