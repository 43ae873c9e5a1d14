"""Plain-text agency copy, as pasted from a wire service's site.

The seed TASS story shows the shape: an optional section link, the headline, a standfirst, the
photo's caption and `©` credit (sent twice: once glued together as the picture's alt text), then
the dateline opening the first paragraph: `BRUSELLS, October 31. /TASS/. NATO stands ready…`.
Everything is kept as the agency sent it; only the parts are told apart.
"""

import hashlib
import re
from dataclasses import dataclass
from datetime import date, timedelta

from wire.markup import text_to_html
from wire.places import is_known_place
from wire.story import WireError, WirePictureData, WireStory

MONTHS = {
    name: number
    for number, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
         ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
         ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")],
        start=1,
    )
    for name in names
}  # fmt: skip
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_PLACE = r"(?P<place>[^\W\d_][^\W\d_ .'’-]*(?:[ .'’-]+[^\W\d_]+)*)"
# TASS, RIA, Interfax: `BRUSELLS, October 31. /TASS/. text`
TASS_DATELINE = re.compile(
    rf"^{_PLACE},\s+(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}})\.?\s*/(?P<source>[^/]{{1,40}})/\.?\s*",
    re.IGNORECASE,
)
# AP, Reuters, AFP: `GROSSETO, Italy (AP) -- text`, `LONDON, Oct 31 (Reuters) - text`
_REGION = r"(?:,\s+(?P<region>[A-Z][^\W\d_ .]*(?:[ .]+[^\W\d_]+)*))?"
_DAY = rf"(?:,?\s+(?P<month>(?i:{_MONTH}))\.?\s+(?P<day>\d{{1,2}}))?"
PAREN_DATELINE = re.compile(
    rf"^{_PLACE}{_REGION}{_DAY}\s+\((?P<source>[\w .&-]{{1,40}})\)\s*[-–—]+\s*"
)
SENTENCE_BREAK = re.compile(r"[.!?][\"”’»)]?\s+[\"“«(]?[A-Z]")
FUTURE_GRACE = timedelta(days=1)  # a dispatch dated "tomorrow" crossed a time zone
DEFAULT_AGENCY = "Wire"
MAX_HEADER_LINES = 12


@dataclass
class Dateline:
    place: str
    source: str
    date: date | None
    rest: str


def parse_text(text: str, *, today: date) -> WireStory:
    """Tell the parts of a plain-text dispatch apart; WireError when there is no headline."""
    lines = [line.strip() for line in text.splitlines()]
    at, dateline = _find_dateline(lines, today=today)
    header = lines[:at] if at is not None else _header_without_dateline(lines)
    body_lines = lines[at:] if at is not None else lines[len(header) :]
    if dateline:
        body_lines = [dateline.rest, *body_lines[1:]]
    pictures, header = _pictures(header)
    section, headline, standfirst = _titles(header)
    return WireStory(
        uri=text_uri(text),
        version=1,
        format="text",
        headline=headline,
        standfirst=standfirst,
        body=text_to_html("\n".join(body_lines)),
        agency=dateline.source if dateline else DEFAULT_AGENCY,
        dateline_place=dateline.place if dateline else "",
        dateline_date=dateline.date if dateline else None,
        place_recognised=is_known_place(dateline.place) if dateline else True,
        section_hint=section,
        pictures=pictures,
    )


def text_uri(text: str) -> str:
    """Plain text carries no identity of its own: the same text is the same item."""
    normalised = "\n".join(line.rstrip() for line in text.strip().splitlines())
    return "urn:newsroom:text:" + hashlib.sha256(normalised.encode()).hexdigest()[:32]


def _find_dateline(lines: list[str], *, today: date) -> tuple[int | None, Dateline | None]:
    """The dateline opens the body, after a header of a dozen lines at most (the seed's has
    six); further down, a line that looks like one is a quotation or a later paragraph."""
    seen = 0
    for index, line in enumerate(lines):
        dateline = parse_dateline(line, today=today) if line else None
        if dateline:
            return index, dateline
        seen += bool(line)
        if seen > MAX_HEADER_LINES:
            break
    return None, None


def parse_dateline(line: str, *, today: date) -> Dateline | None:
    """`BRUSELLS, October 31. /TASS/.` → place, date (year from `today`), source; else None."""
    match = TASS_DATELINE.match(line) or PAREN_DATELINE.match(line)
    if not match or not match["place"].isupper():  # datelines are set in capitals
        return None
    parts = match.groupdict()
    place = parts["place"] + (f", {parts['region']}" if parts.get("region") else "")
    when = None
    if parts["month"]:
        when = infer_date(MONTHS[parts["month"].lower()], int(parts["day"]), today=today)
    return Dateline(place, parts["source"].strip(), when, line[match.end() :])


def infer_date(month: int, day: int, *, today: date) -> date | None:
    """The latest such day not after tomorrow: datelines carry no year."""
    for year in range(today.year + 1, today.year - 8, -1):
        try:
            candidate = date(year, month, day)
        except ValueError:  # 29 February in a common year, or 31 April
            continue
        if candidate <= today + FUTURE_GRACE:
            return candidate
    return None


def _header_without_dateline(lines: list[str]) -> list[str]:
    """With no dateline, the first block is the header (and a lone section link before it)."""
    blocks = _blocks(lines)
    if not blocks:
        return []
    runs = [lines[start:end] for start, end in blocks[:2]]
    return lines[: blocks[1 if _opens_with_section(runs) else 0][1]]


def _blocks(lines: list[str]) -> list[tuple[int, int]]:
    """(start, end) of each run of non-empty lines."""
    blocks, start = [], None
    for index, line in enumerate([*lines, ""]):
        if line and start is None:
            start = index
        elif not line and start is not None:
            blocks.append((start, index))
            start = None
    return blocks


def _pictures(header: list[str]) -> tuple[list[WirePictureData], list[str]]:
    """Caption and `©` credit lines become pictures; the lines left are the titles."""
    pictures, used = [], set()
    for index, line in enumerate(header):
        credit = _credit(line)
        if credit is None:
            continue
        used.add(index)
        caption = ""
        if index > 0 and header[index - 1] and not _credit(header[index - 1]):
            caption = header[index - 1]
            used.add(index - 1)
        pictures.append(WirePictureData(caption=caption, credit_line=credit))
    glued = {f"{p.caption} {p.credit_line}".strip() for p in pictures}
    captions = {p.caption for p in pictures if p.caption}
    rest = [
        line if index not in used and line not in glued and line not in captions else ""
        for index, line in enumerate(header)
    ]
    return pictures, rest


def _credit(line: str) -> str | None:
    for mark in ("©", "(c) ", "(C) "):
        if line.startswith(mark):
            return line[len(mark) :].strip()
    return None


def _titles(header: list[str]) -> tuple[str, str, str]:
    """(section, headline, standfirst) from the header's remaining lines."""
    blocks = [header[start:end] for start, end in _blocks(header)]
    section = blocks.pop(0)[0] if _opens_with_section(blocks) else ""
    lines = [line for block in blocks for line in block]
    if not lines or not _headline_like(lines[0]):
        raise WireError("no recognisable headline (the first line should be a short headline)")
    return section, lines[0], " ".join(lines[1:])


def _opens_with_section(runs: list[list[str]]) -> bool:
    """A lone short line, then a headline: the wire's section link (the seed's "All news")."""
    if len(runs) < 2 or len(runs[0]) != 1:
        return False
    return _section_like(runs[0][0]) and _headline_like(runs[1][0])


def _section_like(line: str) -> bool:
    return len(line) <= 40 and len(line.split()) <= 4 and not line.endswith((".", ":", ","))


def _headline_like(line: str) -> bool:
    return (
        0 < len(line) <= 200
        and any(c.isalpha() for c in line)
        and not line.endswith(".")
        and not SENTENCE_BREAK.search(line)
        and _credit(line) is None
    )
