"""IPTC ninjs 2.x and 3.x documents into a WireStory (export lives in wire/export.py).

ninjs 2 spells its properties in lower case (`versioncreated`, `pubstatus`); ninjs 3 in camel
case. A document is validated against the 3.1 schema, then 2.2, and 2.x spellings are renamed to
3.x so that one reader serves both.
"""

import json
from datetime import UTC, datetime

from django.utils import timezone

from articles.models import Byline
from wire import schema
from wire.agencies import agency_from_uri
from wire.bylines import parse_by
from wire.markup import clean_html, html_to_text, text_to_html
from wire.places import is_known_place
from wire.story import WireError, WirePictureData, WireStory
from wire.text import Dateline, parse_dateline

CAMEL_CASE = {
    name.lower(): name
    for name in [
        "versionCreated", "firstCreated", "contentCreated", "pubStatus", "copyrightHolder",
        "copyrightNotice", "usageTerms", "edNote", "infoSources", "representationType",
        "altIds", "trustIndicators", "rightsInfo", "digitalSourceType", "contentType",
        "charCount", "wordCount", "sizeInBytes", "contactInfo", "linkedRights", "encodedRights",
        "langId",
    ]
} | {"embargoed": "embargoedUntil"}  # fmt: skip
STORY_TYPES = {None, "text", "picture", "graphic", "composite"}
HTML_TYPES = ("html", "xhtml")
MAX_VERSION = 2**63 - 1  # what the database's big integer holds
AUTHOR_RELS = {"author", "creator", "writer", "byline", "contributor"}


def load(text: str) -> tuple[dict, str]:
    """Parse and validate; (document in 3.x spelling, "ninjs3" or "ninjs2"), or WireError.

    The parser, the schema validator and the 2.x renaming all recurse: intake.check_depth keeps
    deep documents from them, and a recursion limit reached even so is a WireError too."""
    try:
        return _load(text)
    except RecursionError:
        raise WireError("nested too deeply to read") from None


def _load(text: str) -> tuple[dict, str]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        message = f"invalid JSON: {error.msg} (line {error.lineno} column {error.colno})"
        raise WireError(message) from None
    if not isinstance(document, dict):
        raise WireError("JSON but not a ninjs item (expected an object at the top level)")
    keywords = _keywords(document)
    error3 = schema.first_error(document, "3")
    if error3 is None:
        return document | keywords, "ninjs3"
    error2 = schema.first_error(document, "2")
    if error2 is None:
        return _camel_case(document) | keywords, "ninjs2"
    looks_like_2 = any(key in CAMEL_CASE and key not in CAMEL_CASE.values() for key in document)
    invalid = error2 if looks_like_2 else error3
    generation = "2.2" if looks_like_2 else "3.1"
    raise WireError(f"not valid ninjs {generation}: {schema.describe(invalid)}")


def _keywords(document: dict) -> dict:
    """ninjs 1.x `keywords`, which some 2.x feeds still carry: taken out before validation,
    since neither schema lists them, and returned to become tags."""
    keywords = document.pop("keywords", [])
    if not isinstance(keywords, list) or not all(isinstance(k, str) for k in keywords):
        raise WireError("keywords: expected a list of strings")
    return {"keywords": keywords} if keywords else {}


def _camel_case(value):
    if isinstance(value, dict):
        return {CAMEL_CASE.get(key, key): _camel_case(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_camel_case(item) for item in value]
    return value


def to_story(document: dict, *, format: str) -> WireStory:
    """A validated ninjs document (3.x spelling) as a WireStory."""
    if document.get("type") not in STORY_TYPES:
        raise WireError(f"ninjs items of type {document['type']!r} are not stories")
    body, dateline = _body(document.get("bodies", []))
    agency = _agency(document, dateline)
    place = (document.get("located") or (dateline.place if dateline else "")).strip()
    created = _datetime(document, "firstCreated") or _datetime(document, "versionCreated")
    return WireStory(
        uri=document["uri"],
        version=_version(document.get("version", "1")),
        format=format,
        headline=_headline(document),
        standfirst=_description(document.get("descriptions", [])),
        body=body,
        agency=agency,
        writers=_writers(document, agency=agency),
        dateline_place=place,
        dateline_date=timezone.localdate(created) if created else None,
        place_recognised=not place or is_known_place(place),
        section_hint=_section(document),
        tags=_tags(document),
        language=document.get("language", ""),
        pubstatus=document.get("pubStatus", "usable"),
        version_created=_datetime(document, "versionCreated"),
        embargoed_until=_datetime(document, "embargoedUntil"),
        copyright_holder=document.get("copyrightHolder", ""),
        copyright_notice=document.get("copyrightNotice", ""),
        usage_terms=document.get("usageTerms", ""),
        ed_note=document.get("edNote", ""),
        info_sources=[s["name"] for s in document.get("infoSources", []) if s.get("name")],
        pictures=_pictures(document),
    )


def _version(value: str) -> int:
    try:
        version = int(value)
    except (TypeError, ValueError):
        raise WireError(f"version {value!r} is not a whole number") from None
    if not 0 <= version <= MAX_VERSION:
        raise WireError(f"version {value!r} is out of range")
    return version


def _datetime(document: dict, key: str) -> datetime | None:
    value = document.get(key)
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise WireError(f"{key} {value!r} is not a date and time") from None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment, UTC)


def _headline(document: dict) -> str:
    headlines = sorted(document.get("headlines", []), key=lambda h: h.get("role") != "main")
    values = [h["value"] for h in headlines] + [document.get("title", "")]
    headline = next((" ".join(v.split()) for v in values if v and v.strip()), "")
    if not headline:
        raise WireError("no headline (neither headlines nor title)")
    if len(headline) > 200:
        raise WireError(f"headline is {len(headline)} characters long; the limit is 200")
    return headline


def _is_html(part: dict) -> bool:
    kind = f"{part.get('contentType', '')} {part.get('role', '')}".lower()
    return any(word in kind for word in HTML_TYPES) or kind.strip() == "richtext"


def _is_plain(part: dict) -> bool:
    content_type = part.get("contentType", "").lower()
    return content_type == "text/plain" or (not content_type and "<" not in part["value"])


def _description(descriptions: list[dict]) -> str:
    plain = [d["value"] for d in descriptions if _is_plain(d) and d["value"].strip()]
    if plain:
        return " ".join(plain[0].split())
    rich = [d["value"] for d in descriptions if _is_html(d)]
    return " ".join(html_to_text(rich[0]).split()) if rich else ""


def _body(bodies: list[dict]) -> tuple[str, Dateline | None]:
    """(sanitised HTML, the dateline found opening it); HTML preferred over plain text."""
    html = next((b["value"] for b in bodies if _is_html(b) and b["value"].strip()), None)
    if html is not None:
        body = clean_html(html)
    else:
        text = next((b["value"] for b in bodies if _is_plain(b)), "")
        body = text_to_html(text)
    return _strip_dateline(body)


def _strip_dateline(body: str) -> tuple[str, Dateline | None]:
    """AP's `GROSSETO, Italy (AP) -- ` opens the first paragraph; the dateline fields hold it."""
    if not body.startswith("<p>"):
        return body, None
    dateline = parse_dateline(body[3:], today=timezone.localdate())
    if dateline is None:
        return body, None
    return "<p>" + dateline.rest, dateline


def _agency(document: dict, dateline: Dateline | None) -> str:
    sources = [s["name"] for s in document.get("infoSources", []) if s.get("name")]
    candidates = [
        *sources[:1],
        document.get("copyrightHolder", ""),
        dateline.source if dateline else "",
        agency_from_uri(document["uri"]),
    ]
    return next((" ".join(c.split())[:100] for c in candidates if c and c.strip()), "Wire")


def _writers(document: dict, *, agency: str) -> list[tuple[str, str]]:
    writers = parse_by(document.get("by", ""), agency=agency)
    if document.get("type") == "picture":  # a picture's `by` is its photographer
        writers = [(name, Byline.Role.PHOTOGRAPHER) for name, _ in writers]
    found = dict.fromkeys(writers)  # in order, without repeats, in linear time
    for person in document.get("people", []):
        if person.get("rel", "").lower() in AUTHOR_RELS and person.get("name"):
            found.update(dict.fromkeys(parse_by(person["name"], agency=agency)))
    return list(found)


def _section(document: dict) -> str:
    return next(
        (s.get("name", "") for s in document.get("subjects", []) if s.get("rel") == "section"), ""
    )


def _tags(document: dict) -> list[str]:
    """Subjects, the people the story is about, and keywords as tags (case-blind, no repeats)."""
    names = [
        s.get("name") or s.get("literal", "")
        for s in document.get("subjects", [])
        if s.get("rel") != "section"
    ]
    names += [
        p.get("name", "")
        for p in document.get("people", [])
        if p.get("rel", "").lower() not in AUTHOR_RELS
    ]
    names += document.get("keywords", [])
    tags: dict[str, str] = {}
    for name in names:
        name = " ".join(name.split())
        if name and len(name) <= 100:
            tags.setdefault(name.casefold(), name)
    return list(tags.values())


def _pictures(document: dict) -> list[WirePictureData]:
    """Picture associations; a picture item is itself the picture."""
    pictures = [a for a in document.get("associations", []) if _is_picture(a)]
    if document.get("type") == "picture":
        pictures.insert(0, document)
    return [_picture(p) for p in pictures]


def _is_picture(item: dict) -> bool:
    if item.get("type") in ("picture", "graphic"):
        return True
    types = [r.get("contentType", "") for r in item.get("renditions", [])]
    return item.get("type") is None and any(t.startswith("image/") for t in types)


def _picture(item: dict) -> WirePictureData:
    best = _best_rendition(item.get("renditions", []))
    by = " ".join(item.get("by", "").split())
    caption = _description(item.get("descriptions", []))
    if not caption and item.get("headlines"):
        caption = item["headlines"][0]["value"].strip()
    return WirePictureData(
        caption=caption,
        by=by[:200],
        credit_line=(by or item.get("copyrightHolder", ""))[:200],
        copyright_holder=item.get("copyrightHolder", "")[:200],
        copyright_notice=item.get("copyrightNotice", "")[:300],
        uri=item.get("uri", ""),
        name=item.get("name", "")[:100],
        href=best.get("href", ""),
        width=best.get("width"),
        height=best.get("height"),
        content_type=best.get("contentType", "")[:100],
    )


def _best_rendition(renditions: list[dict]) -> dict:
    """The largest image we were offered (recorded, never fetched; web addresses only)."""
    usable = [r for r in renditions if r.get("href", "").startswith(("https://", "http://"))]
    return max(
        usable,
        key=lambda r: (r.get("contentType", "image/").startswith("image/"),
                       (r.get("width") or 0) * (r.get("height") or 0)),
        default={},
    )  # fmt: skip
