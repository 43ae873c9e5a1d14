"""Bytes as they arrive (a file, an upload, a paste) into a WireStory, or one-line WireError.

Checks come cheapest first: size before reading, binary before decoding, syntax before schema.
"""

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass, fields, is_dataclass
from datetime import date
from itertools import accumulate
from pathlib import Path

from django.conf import settings
from lxml import etree

from wire import newsml, ninjs
from wire.story import WireError, WireStory
from wire.text import parse_text

MAX_URI = 500
MAX_PLACE = 100
# A JSON string, escapes included (the unrolled form: no backtracking on long strings).
JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
NOT_A_BRACKET = re.compile(r"[^\[\]{}]+")
BRACKET_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
# Files that are not copy, known by their first bytes and refused by name.
SIGNATURES = [
    (b"%PDF-", "a PDF file"),
    (b"PK\x03\x04", "a ZIP archive (or a Word, Excel or OpenDocument file)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"{\\rtf", "an RTF document"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"ID3", "an MP3 file"),
]
HTML_PAGE = re.compile(rb"<(?:!doctype\s+html|html)[\s>]", re.IGNORECASE)
# XML that is not NewsML-G2, by its root element's name.
FOREIGN_XML = {
    "rss": "an RSS feed",
    "RDF": "an RSS 1.0 (RDF) feed",
    "feed": "an Atom feed",
    "nitf": "an NITF document on its own",
    "html": "an XHTML page",
    "NewsML": "a NewsML 1 document (the older standard)",
    "svg": "an SVG image",
    "urlset": "a sitemap",
}
# Parts of a NewsML-G2 item that are sometimes sent (or quoted) without the item around them.
# C0 control characters but tab, line feed and carriage return, NUL among them: no text the desk
# publishes holds one, and PostgreSQL refuses a NUL in any text or JSON it is given. Refused, as
# a request holding a NUL is (newsroom/nul.py), not stripped: the agency sent something broken.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# The same characters as repr() writes them in a string (\xNN; tab, line feed and carriage
# return are \t, \n and \r): one search of a story's repr finds any of them in C.
ESCAPED_CONTROL = re.compile(r"\\x(?:0[0-8bcef]|1[0-9a-f])")
G2_FRAGMENTS = {
    "itemMeta", "contentMeta", "contentSet", "inlineXML", "inlineData", "remoteContent",
    "rightsInfo", "groupSet", "group", "itemRef", "itemSet", "header", "partMeta",
}  # fmt: skip


def max_bytes() -> int:
    """settings.WIRE_MAX_BYTES (5 MB unless set): no agency item comes near it."""
    return settings.WIRE_MAX_BYTES


def megabytes(size: int) -> str:
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def check_size(size: int) -> None:
    if size > max_bytes():
        limit = megabytes(max_bytes())
        raise WireError(f"{megabytes(size)} is too large for a wire item (the limit is {limit})")


def read_file(path: Path) -> bytes:
    """The file's bytes, refusing an oversized file before reading it."""
    try:
        check_size(path.stat().st_size)
        return path.read_bytes()
    except OSError as error:
        raise WireError(error.strerror or str(error)) from None


def decode(data: bytes) -> str:
    """UTF-8 text (a byte-order mark is tolerated); WireError for binary or other encodings."""
    check_size(len(data))
    if b"\x00" in data:
        raise WireError("binary data, not text or JSON")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise WireError(f"not UTF-8 text (undecodable byte at position {error.start})") from None


@dataclass
class Parsed:
    """One story of a file, or why one item of it is not (`error`); `part` says which item of a
    news message it is ("" for a file holding one item)."""

    story: WireStory | None
    payload: str  # what gives this story again on its own (the file's text, or the item's XML)
    error: str = ""
    part: str = ""


def parse_all(data: bytes, *, name: str = "", today: date) -> list[Parsed]:
    """Every story in the file: one, or a NewsML-G2 news message's several (WireError when the
    file as a whole cannot be read)."""
    check_size(len(data))
    refuse_other_formats(data)
    if is_xml(data, name):
        return parse_xml(data)
    story, text = parse(data, name=name, today=today)
    return [Parsed(story, text)]


def parse(data: bytes, *, name: str = "", today: date) -> tuple[WireStory, str]:
    """(story, the text as received) of a file holding one item: ninjs when it looks like JSON,
    NewsML-G2 when XML, agency plain text otherwise."""
    check_size(len(data))
    refuse_other_formats(data)
    if is_xml(data, name):
        parts = parse_xml(data)
        if len(parts) > 1:
            raise WireError(f"a news message of {len(parts)} items, not one item")
        if parts[0].story is None:
            raise WireError(parts[0].error)
        return parts[0].story, parts[0].payload
    text = decode(data)
    if not text.strip():
        raise WireError("empty: no headline, no text")
    # A ninjs item is an object; a text may well open with "[" (an agency's "[UPDATE]").
    if name.lower().endswith(".json") or text.lstrip().startswith("{"):
        check_depth(text)
        document, format = ninjs.load(text)
        story = ninjs.to_story(document, format=format)
    else:
        check_plain_text(text)
        story = parse_text(text, today=today)
    check_story(story)
    return story, text


def refuse_other_formats(data: bytes) -> None:
    """A PDF, an archive, an image or an HTML page is named, not called binary or text."""
    what = next((what for magic, what in SIGNATURES if data.startswith(magic)), None)
    if what is None and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        what = "a WebP image"
    if what is None and data[4:8] == b"ftyp":
        what = "a video or HEIF image"
    if what is None and HTML_PAGE.match(_opening(data)):
        what = "an HTML page"
    if what:
        raise WireError(f"{what}, not a wire item")


def _opening(data: bytes) -> bytes:
    return data[:1024].removeprefix(codecs.BOM_UTF8).lstrip()


def is_xml(data: bytes, name: str) -> bool:
    return name.lower().endswith(".xml") or _opening(data).startswith(b"<")


def parse_xml(data: bytes) -> list[Parsed]:
    """A NewsML-G2 item or news message; any other XML is refused by what it is."""
    if not data.strip():
        raise WireError("empty: no headline, no text")
    root = newsml.read(data)
    check_newsml_root(root)
    newsml.validate(root)
    parts = newsml.to_parts(root)
    whole = len(parts) == 1 and parts[0].payload is root
    text = _as_received(data, root) if whole else ""
    found = []
    for number, part in enumerate(parts, start=1):
        payload = text or etree.tostring(part.payload, encoding="unicode")
        label = f"item {number} of {len(parts)}" if len(parts) > 1 else ""
        if part.story is None:
            found.append(Parsed(None, payload, part.error, label))
            continue
        try:
            check_story(part.story)
        except WireError as error:
            found.append(Parsed(None, payload, str(error), label))
            continue
        found.append(Parsed(part.story, payload, part=label))
    return found


def _as_received(data: bytes, root: etree._Element) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:  # declared in another encoding: kept as re-encoded text
        return etree.tostring(root, encoding="unicode")


def check_newsml_root(root: etree._Element) -> None:
    name, namespace = newsml.local_name(root), newsml.namespace(root)
    if namespace == newsml.NAR and name in newsml.STORY_ROOTS:
        return
    if name in G2_FRAGMENTS and namespace in ("", newsml.NAR):
        raise WireError(f"a fragment of a NewsML-G2 item (<{name}>), not a whole item")
    if namespace == newsml.NAR and name in newsml.OTHER_ITEMS:
        raise WireError(f"a NewsML-G2 {name}, not a news item")
    if name in newsml.STORY_ROOTS | newsml.OTHER_ITEMS:
        raise WireError(f"<{name}> outside the NewsML-G2 namespace {newsml.NAR}")
    if name in FOREIGN_XML:
        raise WireError(f"{FOREIGN_XML[name]}, not a NewsML-G2 item")
    raise WireError(f"XML of an unknown kind <{name}>, not a NewsML-G2 item")


def nesting_depth(text: str) -> int:
    """How deep JSON's arrays and objects nest, counted without parsing (no recursion): strings
    are taken out, then the brackets left are summed in C (itertools over str.__getitem__)."""
    brackets = NOT_A_BRACKET.sub("", JSON_STRING.sub("", text))
    return max(accumulate(map(BRACKET_STEP.__getitem__, brackets)), default=0)


def check_depth(text: str) -> None:
    """Refuse JSON nested deeper than settings.WIRE_MAX_DEPTH before the recursive parser and
    schema validator see it."""
    limit = settings.WIRE_MAX_DEPTH
    if nesting_depth(text) > limit:
        raise WireError(f"nested more than {limit} levels deep; the limit is {limit}")


def check_story(story: WireStory) -> None:
    """What the database would refuse, and the per-item limits, said before anything is saved.

    An item over a limit is refused whole: a truncated byline or tag list would misstate it."""
    if len(story.uri) > MAX_URI:
        raise WireError(f"uri is {len(story.uri)} characters long; the limit is {MAX_URI}")
    if len(story.dateline_place) > MAX_PLACE:
        raise WireError(f"the dateline place is longer than {MAX_PLACE} characters")
    counts = [
        (len(story.writers), settings.WIRE_MAX_BYLINES, "writers in the byline"),
        (len(story.tags), settings.WIRE_MAX_TAGS, "tags"),
        (len(story.pictures), settings.WIRE_MAX_PICTURES, "pictures"),
    ]
    for count, limit, what in counts:
        if count > limit:
            raise WireError(f"{count} {what}; the limit is {limit}")
    check_controls(story)


def check_plain_text(text: str) -> None:
    """A control character in plain text is refused before the lines are split: a form feed or
    record separator would otherwise pass for a line break (str.splitlines) and go unseen."""
    found = CONTROL.search(text)
    if found:
        line = text.count("\n", 0, found.start()) + 1
        code = f"U+{ord(found.group()):04X}"
        raise WireError(f"line {line}: a control character ({code}), which no text may hold")


def check_controls(story: WireStory) -> None:
    """Every text of the story (headline, body, bylines, captions, what is kept as sent …) is
    free of control characters; else WireError naming where the first one is.

    The story's repr holds every text _texts() walks to (the dataclasses show all their fields,
    tests/wire/test_import_fixes.py checks), so where it spells no control character there is
    none: the walk, ten times the cost, is left for naming the place. (Text that spells one
    out, a backslash and "x01", sends an innocent story on to the walk, which finds nothing.)"""
    if not ESCAPED_CONTROL.search(repr(story)):
        return
    for where, text in _texts(story, ""):
        found = CONTROL.search(text)
        if found:
            code = f"U+{ord(found.group()):04X}"
            raise WireError(f"{where}: a control character ({code}), which no text may hold")


def _texts(value: object, where: str) -> Iterator[tuple[str, str]]:
    """(where, text) for every string in the value, dictionary keys included."""
    if isinstance(value, str):
        yield where, value
    elif is_dataclass(value):
        for field in fields(value):
            name = field.name.replace("_", " ")
            yield from _texts(getattr(value, field.name), f"{where} {name}".strip())
    elif isinstance(value, dict):
        for key, item in value.items():
            yield where, str(key)
            yield from _texts(item, f"{where} {key}".strip())
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item, where)
