"""What an agency item says, whatever format it came in: the importer's one input."""

from dataclasses import dataclass, field
from datetime import date, datetime


class WireError(ValueError):
    """The item cannot be imported; the message says why, in one line, for the editor."""


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
