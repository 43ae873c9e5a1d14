"""What an agency item says, whatever format it came in: the importer's one input."""

import math
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

# Every time zone can show a moment in this span (no zone is a day away from UTC), so neither
# the database, a page in local time nor localdate() overflows on it; Python's datetime holds
# years 1 to 9999 only, and "9999-12-31T23:59:59-14:00" is already in year 10000 in UTC.
EARLIEST = datetime(1, 1, 2, tzinfo=UTC)
LATEST = datetime(9999, 12, 30, 23, 59, 59, 999999, tzinfo=UTC)
# A date's year as ISO 8601's expanded form may write it: signed, or more than four digits.
YEAR = re.compile(r"[+-]?\d{4,}(?=-\d\d)")
# The end of a day, which xs:dateTime and ISO 8601 allow and Python does not: 24:00:00 is the
# next day's midnight.
END_OF_DAY = re.compile(r"(\d{4}-\d\d-\d\d)T24:00(?::00(?:\.0+)?)?(?=$|[Z+-])")
# A measure the database keeps as an integer (a picture's width): at most 2**31 - 1.
MAX_MEASURE = 2**31 - 1
MAX_VERSION = 2**63 - 1  # what the database's big integer holds


class WireError(ValueError):
    """The item cannot be imported; the message says why, in one line, for the editor."""


def one_line(text: str) -> str:
    return " ".join(text.split())[:500]


def first_line(error: BaseException) -> str:
    """The error's message's first line, its spaces collapsed."""
    return one_line(next(iter(str(error).splitlines()), ""))


def short_error(error: BaseException) -> str:
    """`ValueError: its message's first line`: what the desk reads, never a traceback."""
    first = first_line(error)
    return one_line(f"{type(error).__name__}: {first}" if first else type(error).__name__)


def parse_version(value: object) -> int:
    """An item's version, a whole number as ninjs and NewsML-G2 write it ("3", " 3", "+3"); else
    WireError. ASCII digits only: int() would take "1_0" as 10 and "١٢" as 12."""
    text = value.strip().removeprefix("+") if isinstance(value, str) else ""
    if not (text.isascii() and text.isdigit()):
        raise WireError(f"version {value!r} is not a whole number")
    if len(text) > 19 or int(text) > MAX_VERSION:
        raise WireError(f"version {value!r} is out of range")
    return int(text)


def parse_moment(name: str, value: str, *, date_alone: bool = False) -> datetime:
    """`value`, the item's field `name` in ISO 8601 (a date alone too if `date_alone`), as an
    aware datetime (UTC when it names no zone): the one reading of every date the wire sends.

    RFC 3339's lower-case `t` and `z` and the end of a day (`T24:00:00`) are read too.
    WireError naming the field when it is not a date and time, or is one out of range."""
    try:
        moment = _iso(value.upper(), date_alone=date_alone)
    except ValueError:
        if YEAR.match(value) and _parses(YEAR.sub("2000", value, count=1).upper(), date_alone):
            raise WireError(out_of_range(name, value)) from None  # year 0, -2026 or 12026
        raise WireError(f"{name} {value!r} is not a date and time") from None
    except OverflowError:  # 9999-12-31T24:00:00: the day after the last Python knows
        raise WireError(out_of_range(name, value)) from None
    moment = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return in_range(name, value, moment)


def in_range(name: str, value: str, moment: datetime) -> datetime:
    """`moment` (aware) if it lies between EARLIEST and LATEST; else WireError naming `name`."""
    try:
        utc = moment.astimezone(UTC)
    except OverflowError:  # 9999-12-31T23:59:59-14:00, 0001-01-01T00:00:00+05:00
        raise WireError(out_of_range(name, value)) from None
    if not EARLIEST <= utc <= LATEST:
        raise WireError(out_of_range(name, value))
    return moment


def out_of_range(name: str, value: str) -> str:
    return f"{name} {value!r} is out of range (dates from year 1 to 9999 only)"


def _iso(value: str, *, date_alone: bool) -> datetime:
    end_of_day = END_OF_DAY.match(value)
    if end_of_day:
        midnight = f"{end_of_day[1]}T00:00:00{value[end_of_day.end() :]}"
        return datetime.fromisoformat(midnight) + timedelta(days=1)
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        if not date_alone:
            raise
        return datetime.combine(date.fromisoformat(value), time())


def _parses(value: str, date_alone: bool) -> bool:
    try:
        _iso(value, date_alone=date_alone)
    except (ValueError, OverflowError):
        return False
    return True


def whole_number(value: Any, low: int, high: int) -> int | None:
    """A number the wire sent (3, 3.0, "3") as an int if it is a whole number from `low` to
    `high`; None for anything else (5.5, -1, NaN, 1e300, "1_0", True), which the caller says
    it left out. The database's integer columns and CHECK constraints never see it."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        text = value.strip()
        value = int(text) if text.isascii() and text.isdigit() and len(text) < 20 else None
    elif isinstance(value, float):
        value = int(value) if math.isfinite(value) and value.is_integer() else None
    if not isinstance(value, int) or not low <= value <= high:
        return None
    return value


# What an item that names no agency (no provider, copyright holder, credit or byline agency) is
# credited to, unless the feed it came on names its own (WireFeed.agency; importer.import_file).
UNNAMED_AGENCY = "Wire"


@dataclass(frozen=True)
class Subject:
    """A subject as the agency coded it: `code` qualified by its scheme's alias or URI
    (`medtop:20000106`, `http://cv.iptc.org/newscodes/mediatopic/20000106`), `name` as sent."""

    name: str
    code: str = ""
    scheme: str = ""


@dataclass
class WirePictureData:
    caption: str = ""
    by: str = ""
    credit_line: str = ""
    copyright_holder: str = ""
    copyright_notice: str = ""
    uri: str = ""
    name: str = ""
    href: str = ""
    width: int | None = None
    height: int | None = None
    content_type: str = ""
    usage_terms: str = ""


@dataclass
class WireStory:
    uri: str
    version: int
    format: str  # one of models.WireItem.Format's values
    headline: str
    agency: str
    standfirst: str = ""
    body: str = ""  # HTML, already sanitised
    writers: list[tuple[str, str]] = field(default_factory=list)  # (name, byline role)
    dateline_place: str = ""
    dateline_date: date | None = None
    place_recognised: bool = True
    section_hint: str = ""
    tags: list[str] = field(default_factory=list)
    language: str = ""
    pubstatus: str = "usable"
    version_created: datetime | None = None
    embargoed_until: datetime | None = None
    copyright_holder: str = ""
    copyright_notice: str = ""
    usage_terms: str = ""
    ed_note: str = ""
    info_sources: list[str] = field(default_factory=list)
    pictures: list[WirePictureData] = field(default_factory=list)
    subjects: list[Subject] = field(default_factory=list)
    urgency: int | None = None  # 1 (most urgent) to 9, as NewsML-G2 and ninjs count
    category: str = ""  # the agency's own category or service line ("All news"), as sent
    # What the article's fields do not hold, kept with the item as sent (WireItem.kept):
    # "places", "genres", "organisations", "rights", "signals", "priority", "contributors" …
    kept: dict[str, Any] = field(default_factory=dict)
    # What the parser could not make sense of, in words for the desk ("category “All news”
    # maps to no section"): shown among the item's flags.
    notices: list[str] = field(default_factory=list)
