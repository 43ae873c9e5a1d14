"""The body clean-up's fast forms answer as the regular expressions they replace (kept here as
the specification), on broken and odd markup too."""

import random
import re

from wire import markup, newsml

SPACES = re.compile(r"\s+")
BLOCK_EDGE = re.compile(r"\s*(</?(?:p|h[2-4]|blockquote|ul|ol|li|div|table|tr|td|th)\b[^>]*>)\s*")
FURNITURE = re.compile(
    rf"<(?:{'|'.join(sorted(markup.SKIPPED_TAGS))})\b|\bclass\s*=", re.IGNORECASE
)
# Pieces of agency markup, whitespace of every kind among them (a no-break space, a line
# separator, an ideographic space are whitespace to both re's \s and str.split).
PIECES = [
    "<p>", "</p>", "<P class='x'>", "<h2>", "</h3>", "<blockquote cite=\" <p> \">", "<li>",
    "<table>", "<td>", "<th>", "<tr >", "<pre>", "<a title=' <p>'>", "</a>", "<div", ">",
    "<header>", "<HEAD>", "<title>", "<figure", "<footer>", "class", " class =", "CLASS=",
    "subclass=", "=", "word", "two words", " ", "  ", "\n", "\t", "\xa0", "\u2028", "\u3000",
    "\r\n ", "&nbsp;", "<br>", "<",
]  # fmt: skip


def samples(count: int = 5000):
    rng = random.Random(20261203)
    yield ""
    for _ in range(count):
        yield "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 10)))


def test_squeezing_whitespace_answers_as_the_regex():
    for text in samples():
        assert newsml._squeezed(text) == SPACES.sub(" ", text), repr(text)


def test_taking_whitespace_off_block_edges_answers_as_the_regex():
    for html in samples():
        assert newsml._without_block_edges(html) == BLOCK_EDGE.sub(r"\1", html), repr(html)


def test_finding_furniture_answers_as_the_regex():
    for html in samples():
        assert markup._has_furniture(html) == bool(FURNITURE.search(html)), repr(html)
