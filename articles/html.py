"""The one allow-list for article HTML: what editors may write, and what wire copy may bring."""

import nh3

ALLOWED_TAGS = {
    "p", "br", "a", "em", "strong", "i", "b", "blockquote", "q", "cite",
    "h2", "h3", "h4", "ul", "ol", "li", "sub", "sup",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "blockquote": {"cite"}, "q": {"cite"}}
URL_SCHEMES = {"http", "https", "mailto"}


def sanitize_body(html: str) -> str:
    """Strip everything outside the allow-list; scripts and styles go with their content."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    ).strip()
