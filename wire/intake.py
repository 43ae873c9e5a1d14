"""Bytes as they arrive (a file, an upload, a paste) into a WireStory, or one-line WireError.

Checks come cheapest first: size before reading, binary before decoding, syntax before schema.
"""

import re
from datetime import date
from itertools import accumulate
from pathlib import Path

from django.conf import settings

from wire import ninjs
from wire.story import WireError, WireStory
from wire.text import parse_text

MAX_URI = 500
MAX_PLACE = 100
# A JSON string, escapes included (the unrolled form: no backtracking on long strings).
JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
NOT_A_BRACKET = re.compile(r"[^\[\]{}]+")
BRACKET_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


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


def parse(data: bytes, *, name: str = "", today: date) -> tuple[WireStory, str]:
    """(story, the text as received): ninjs when it looks like JSON, agency plain text otherwise."""
    text = decode(data)
    if not text.strip():
        raise WireError("empty: no headline, no text")
    # A ninjs item is an object; a text may well open with "[" (an agency's "[UPDATE]").
    if name.lower().endswith(".json") or text.lstrip().startswith("{"):
        check_depth(text)
        document, format = ninjs.load(text)
        story = ninjs.to_story(document, format=format)
    else:
        story = parse_text(text, today=today)
    check_story(story)
    return story, text


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
