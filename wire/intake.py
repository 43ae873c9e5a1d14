"""Bytes as they arrive (a file, an upload, a paste) into a WireStory, or one-line WireError.

Checks come cheapest first: size before reading, binary before decoding, syntax before schema.
"""

import codecs
import os
import re
import stat
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, fields, is_dataclass
from datetime import date
from html import escape
from itertools import accumulate
from pathlib import Path

from django.conf import settings
from lxml import etree

from wire import newsml, ninjs
from wire.story import WireError, WireStory
from wire.text import parse_text, text_uri

MAX_URI = 500
MAX_PLACE = 100
MAX_STANDFIRST = 600  # articles.models.Article.standfirst
MAX_NAME = 200  # an author's name (articles.models.Author.name)
MAX_CODE = 500  # a subject's code (wire.models.SubjectMapping.code)
MAX_SUBJECT_NAME = 200  # and its name
# What an item keeps as sent in lists (wire.models.WireItem.kept): one limit each.
KEPT_LISTS = ("places", "organisations", "genres", "contributors")
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
    # Teletype-era wire transmissions open with control characters: SYN SYN SOH, or SOH.
    (b"\x16\x16\x01", "an ANPA 1312 transmission"),
    (b"\x01", "an IPTC 7901 or ANPA transmission"),
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
# C0 control characters and DEL but tab, line feed and carriage return, NUL among them: no text
# the desk publishes holds one, and PostgreSQL refuses a NUL in any text or JSON it is given.
# Refused, as a request holding a NUL is (newsroom/nul.py), not stripped: the agency sent
# something broken.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# The same characters as repr() writes them in a string (\xNN; tab, line feed and carriage
# return are \t, \n and \r): one search of a story's repr finds any of them in C.
ESCAPED_CONTROL = re.compile(r"\\x(?:0[0-8bcef]|1[0-9a-f]|7f)")
# UTF-32's marks first: its little-endian one opens with UTF-16's.
WIDE_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
# Parts of a NewsML-G2 item that are sometimes sent (or quoted) without the item around them.
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
        found, limit = megabytes(size), megabytes(max_bytes())
        if found == limit:  # just over: "5.0 MB (the limit is 5.0 MB)" would say nothing
            found, limit = f"{size:,} bytes", f"{max_bytes():,} bytes"
        raise WireError(f"{found} is too large for a wire item (the limit is {limit})")


def read_file(path: Path, *, follow_links: bool = True) -> bytes:
    """The file's bytes. What is not a plain file is refused unread (a pipe would hang the
    reader, /dev/zero never end), an oversized one before it is read; `follow_links=False`
    refuses a symbolic link too (a drop folder's, which could point anywhere)."""
    flags = os.O_RDONLY | os.O_NONBLOCK | (0 if follow_links else os.O_NOFOLLOW)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        if not follow_links and path.is_symlink():  # ELOOP on Linux, EMLINK on BSD
            raise WireError("a symbolic link, not a file") from None
        raise WireError(error.strerror or str(error)) from None
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise WireError("a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise WireError("not a plain file (a pipe, socket or device)")
        check_size(info.st_size)
        with open(descriptor, "rb", closefd=False) as file:
            data = file.read(max_bytes() + 1)
    except OSError as error:
        raise WireError(error.strerror or str(error)) from None
    finally:
        os.close(descriptor)
    check_size(len(data))  # it grew while read
    return data


def display_name(name: str) -> str:
    """A file name as the desk and the database can hold it: bytes that are not UTF-8 (a latin-1
    FTP client's `caf\xe9.txt`, which os.fsdecode keeps as lone surrogates) shown as U+FFFD."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def decode(data: bytes) -> str:
    """The text: UTF-8 (a byte-order mark tolerated), or UTF-16 or UTF-32 as Windows' "Unicode"
    saves it; WireError for binary data or another encoding."""
    check_size(len(data))
    encoding = wide_encoding(data)
    if encoding:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as error:
            where = f"position {error.start}"
            raise WireError(f"not {encoding.upper()} text (undecodable at {where})") from None
    if b"\x00" in data:
        raise WireError("binary data, not text or JSON")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise WireError(f"not UTF-8 text (undecodable byte at position {error.start})") from None


def wide_encoding(data: bytes) -> str:
    """ "utf-16" or "utf-32" (their byte-order mark first), "utf-16-le" or "utf-16-be" when a
    text opens with an ASCII character and no mark; "" for anything else."""
    for bom, encoding in WIDE_BOMS:
        if data.startswith(bom):
            return encoding
    head = data[:4]
    if len(head) == 4 and head[1::2] == b"\x00\x00" and 0x20 <= head[0] < 0x7F:
        return "utf-16-le"
    if len(head) == 4 and head[0::2] == b"\x00\x00" and 0x20 <= head[1] < 0x7F:
        return "utf-16-be"
    return ""


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
        # Composed accents (NFC): a Mac's copy-paste decomposes "SÃO" into S, A, a combining
        # tilde, O, which no dateline pattern's letters would match. The item's identity stays
        # the text's as received, as it was before it was read so.
        readable = unicodedata.normalize("NFC", text)
        story = parse_text(readable, today=today)
        if readable != text:
            story.uri = text_uri(text)
    fit_standfirst(story)
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
    """The first bytes without a byte-order mark or leading space, as UTF-8."""
    encoding = wide_encoding(data)
    if encoding:
        head = data[:4096].decode(encoding, errors="ignore").lstrip("\ufeff")
        return head.encode().lstrip()
    return data[:1024].removeprefix(codecs.BOM_UTF8).lstrip()


def is_xml(data: bytes, name: str) -> bool:
    return name.lower().endswith(".xml") or _opening(data).startswith(b"<")


def parse_xml(data: bytes) -> list[Parsed]:
    """A NewsML-G2 item or news message; any other XML is refused by what it is."""
    if not data.strip():
        raise WireError("empty: no headline, no text")
    mislabelled = newsml.mislabelled(data)
    root = newsml.read(data, as_utf8=bool(mislabelled))
    check_newsml_root(root)
    newsml.validate(root)
    parts = newsml.to_parts(root)
    for part in parts:
        if part.story is not None and mislabelled:
            part.story.notices.append(mislabelled)
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
            fit_standfirst(part.story)
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


def fit_standfirst(story: WireStory) -> None:
    """A standfirst longer than an article's (an agency's long summary, or lines the text
    reader took for one) opens the body instead: kept whole, and the desk is told."""
    if len(story.standfirst) <= MAX_STANDFIRST:
        return
    story.body = f"<p>{escape(story.standfirst, quote=False)}</p>{story.body}"
    story.notices.append(
        f"the standfirst was {len(story.standfirst)} characters long (the limit is "
        f"{MAX_STANDFIRST}): it opens the body instead"
    )
    story.standfirst = ""


def check_story(story: WireStory) -> None:
    """What the database would refuse, and the per-item limits, said before anything is saved.

    An item over a limit is refused whole: a truncated byline or tag list would misstate it."""
    if len(story.uri) > MAX_URI:
        raise WireError(f"uri is {len(story.uri)} characters long; the limit is {MAX_URI}")
    if len(story.dateline_place) > MAX_PLACE:
        raise WireError(f"the dateline place is longer than {MAX_PLACE} characters")
    # Subjects share the tags' limit: each may make a tag (and a mapping). A person the item is
    # about is both (NewsML-G2's cpnat:person subjects): counted once.
    subjects = {subject.name.casefold() for subject in story.subjects}
    tagged = len(story.subjects) + sum(tag.casefold() not in subjects for tag in story.tags)
    counts = [
        (len(story.writers), settings.WIRE_MAX_BYLINES, "writers in the byline"),
        (tagged, settings.WIRE_MAX_TAGS, "tags and subjects"),
        (len(story.pictures), settings.WIRE_MAX_PICTURES, "pictures"),
    ]
    counts += [(len(story.kept.get(key) or []), settings.WIRE_MAX_TAGS, key) for key in KEPT_LISTS]
    for count, limit, what in counts:
        if count > limit:
            raise WireError(f"{count} {what}; the limit is {limit}")
    check_names(story)
    check_controls(story)


def check_names(story: WireStory) -> None:
    """A writer's or a subject's name longer than the database keeps: refused by what it is,
    not by the database's "value too long", which names no field."""
    organisations = story.kept.get("organisation_authors", [])
    for name, _ in [*story.writers, *organisations]:
        if len(name) > MAX_NAME:
            raise WireError(f"a writer's name is {len(name)} characters long ({name[:40]}…)")
    for subject in story.subjects:
        if len(subject.code) > MAX_CODE or len(subject.name) > MAX_SUBJECT_NAME:
            code = subject.code[:40] or subject.name[:40]
            raise WireError(f"a subject's code or name is too long ({code}…)")


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
