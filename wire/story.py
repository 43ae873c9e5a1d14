"""What an agency item says, whatever format it came in: the importer's one input."""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


class WireError(ValueError):
    """The item cannot be imported; the message says why, in one line, for the editor."""


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
