"""Agency markup into house body HTML: the furniture goes, the paragraphs stay.

Agencies wrap their copy in whole documents (`<html><head>…`), repeat the headline as `<h1>`,
embed pictures as `<figure>` (those arrive separately, as associations) and add their own
vignette/source line (TT's `<div class="dat">`). Those parts are dropped with their content;
everything else goes through the house allow-list, articles.html.sanitize_body.
"""

import re
from html import escape
from html.parser import HTMLParser

from articles.html import sanitize_body

# A body's `<header>` is its page's (dpa's keywords, date and flags above the text), as `<h1>` is.
SKIPPED_TAGS = {
    "head", "title", "h1", "header", "figure", "script", "style", "nav", "aside", "footer",
}  # fmt: skip
SKIPPED_CLASSES = {"dat", "dateline", "byline"}
VOID_TAGS = {"br", "img", "hr", "meta", "link", "input", "source", "wbr", "col", "area", "embed"}
# Most bodies have no furniture at all: then the (pure-Python) parser need not run. Two
# searches: the tags' starts with "<", which the regex engine finds fast; the class attribute
# has no such anchor, and is looked for only where an "=" says there may be one.
FURNITURE_TAG = re.compile(rf"<(?:{'|'.join(sorted(SKIPPED_TAGS))})\b", re.IGNORECASE)
CLASS_ATTRIBUTE = re.compile(r"\bclass\s*=", re.IGNORECASE)
BLOCK = re.compile(r"<(p|blockquote|h[2-4]|ul|ol)\b", re.IGNORECASE)


class _Furniture(HTMLParser):
    """Re-emits the document minus the skipped elements (and everything inside them)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skipping: list[str] = []  # the open tags since a skipped element started

    def handle_starttag(self, tag, attrs):
        classes = set((dict(attrs).get("class") or "").split())
        if self.skipping or tag in SKIPPED_TAGS or classes & SKIPPED_CLASSES:
            if tag not in VOID_TAGS:
                self.skipping.append(tag)
            return
        rendered = "".join(f' {name}="{escape(value or "")}"' for name, value in attrs)
        self.out.append(f"<{tag}{rendered}>")

    def handle_startendtag(self, tag, attrs):
        if not self.skipping:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if self.skipping:
            if tag in self.skipping:
                # Close back to the matching tag, forgiving unclosed inner elements.
                del self.skipping[len(self.skipping) - 1 - self.skipping[::-1].index(tag) :]
            return
        if tag not in VOID_TAGS:
            self.out.append(f"</{tag}>")

    def handle_data(self, data):
        if not self.skipping:
            self.out.append(escape(data, quote=False))


def clean_html(html: str) -> str:
    """Agency HTML as house body HTML; loose text with no paragraphs becomes paragraphs."""
    if _has_furniture(html):
        parser = _Furniture()
        parser.feed(html)
        parser.close()
        html = "".join(parser.out)
    cleaned = sanitize_body(html)
    if cleaned and not BLOCK.search(cleaned):
        chunks = (chunk.strip() for chunk in re.split(r"\n|<br>", cleaned))
        return sanitize_body("".join(f"<p>{chunk}</p>" for chunk in chunks if chunk))
    return cleaned


def _has_furniture(html: str) -> bool:
    return bool(FURNITURE_TAG.search(html) or ("=" in html and CLASS_ATTRIBUTE.search(html)))


def text_to_html(text: str) -> str:
    """Plain agency text: one paragraph per non-empty line, kept as sent."""
    lines = (line.strip() for line in text.splitlines())
    return "".join(f"<p>{escape(line, quote=False)}</p>" for line in lines if line)


def html_to_text(html: str) -> str:
    """The readable text of some HTML, paragraphs on their own lines (for descriptions)."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


class _Text(HTMLParser):
    BREAKS = {"p", "div", "li", "blockquote", "h1", "h2", "h3", "h4", "section", "tr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.BREAKS:
            self.parts.append("\n")
        elif tag == "br":
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in self.BREAKS:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)
