"""IPTC ninjs 2.x and 3.x documents into a WireStory (export lives in wire/export.py).

ninjs 2 spells its properties in lower case (`versioncreated`, `pubstatus`); ninjs 3 in camel
case. A document is validated against the 3.1 schema, then 2.2, and 2.x spellings are renamed to
3.x so that one reader serves both.
"""

import json
import math
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.utils import timezone

from articles.models import Byline
from wire import schema
from wire.agencies import agency_from_uri
from wire.bylines import parse_by
from wire.markup import clean_html, html_to_text, text_to_html
from wire.places import is_known_place
from wire.story import (
    MAX_MEASURE,
    UNNAMED_AGENCY,
    Subject,
    WireError,
    WirePictureData,
    WireStory,
    parse_moment,
    parse_version,
    whole_number,
)
from wire.text import Dateline, HtmlFurniture, take_credits, take_html_furniture

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
# ninjs 1.x's own spellings, which neither schema read here knows: such a file is named for what
# it is rather than refused for a property the 2.2 schema does not list.
NINJS_1 = {"headline", "body_html", "body_text", "byline", "description_html"}
MAX_DIGITS = 100
SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
AUTHOR_RELS = {"author", "creator", "writer", "byline", "contributor"}
# Description roles as agencies send them (the schemas leave the vocabulary open): AP's
# `creditline` and SIPA's `writer` hold a credit, never text to publish.
CREDIT_ROLES = {"creditline", "credit", "credit_line", "byline", "writer", "copyright", "source"}
SUMMARY_ROLES = {"summary", "abstract", "teaser", "lead", "standfirst", "description_summary"}
CAPTION_ROLES = {"caption", "description_caption", "photo_caption"}
PLAIN_ROLES = {"", "text", "richtext", "description", "description_text", "main", "default"}
CREDIT_OPENINGS = ("©", "(c)", "copyright", "photo:", "foto:", "credit:", "bild:")
WEB_ADDRESS = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
# Words that make a name in `by` an organisation's, not a person's ("Insidefoto" is found
# through the credit's web address instead).
ORGANISATION_WORDS = {
    "press", "agency", "agence", "agentur", "news", "images", "pictures", "photos", "foto",
    "service", "group", "media", "ltd", "inc", "llc", "corp", "gmbh", "ag", "ab", "asa", "spa",
}  # fmt: skip
# Properties read into the story's own fields; every other top-level property is kept as sent.
MAPPED = {
    "uri", "version", "type", "headlines", "title", "descriptions", "bodies", "by", "people",
    "located", "firstCreated", "versionCreated", "language", "pubStatus", "embargoedUntil",
    "copyrightHolder", "copyrightNotice", "usageTerms", "edNote", "infoSources", "associations",
    "renditions", "subjects", "urgency", "keywords", "rightsInfo", "description_text",
    "description_usage",
}  # fmt: skip


def load(text: str) -> tuple[dict, str]:
    """Parse and validate; (document in 3.x spelling, "ninjs3" or "ninjs2"), or WireError.

    The parser, the schema validator and the 2.x renaming all recurse: intake.check_depth keeps
    deep documents from them, and a recursion limit reached even so is a WireError too."""
    try:
        return _load(text)
    except RecursionError:
        raise WireError("nested too deeply to read") from None


def _load(text: str) -> tuple[dict, str]:
    document = _json(text)
    if not isinstance(document, dict):
        raise WireError("JSON but not a ninjs item (expected an object at the top level)")
    if "uri" not in document and _wrapped(document):
        raise WireError(
            "an API answer holding its item in `data.item` or `item`, not a ninjs item: "
            "save the item on its own"
        )
    if "headlines" not in document and NINJS_1 & document.keys():
        raise WireError("ninjs 1.x (headline, body_html …): only ninjs 2.x and 3.x are read")
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


def _wrapped(document: dict) -> bool:
    """An API's answer around an item (AP's Media API `data.item`, a search's `item`)."""
    data = document.get("data")
    return isinstance(document.get("item"), dict) or (
        isinstance(data, dict) and isinstance(data.get("item"), dict)
    )


def _json(text: str) -> Any:
    """The parsed document; WireError for what JSON does not allow, NaN and Infinity among it
    (Python would read them, and a number too large for a float as infinity), and for a whole
    number longer than any measure or count an item holds."""
    try:
        document = json.loads(
            text, parse_constant=_not_a_number, parse_float=_finite, parse_int=_whole
        )
    except json.JSONDecodeError as error:
        message = f"invalid JSON: {error.msg} (line {error.lineno} column {error.colno})"
        raise WireError(message) from None
    except ValueError as error:
        raise WireError(f"invalid JSON: {error}") from None
    if SURROGATE_ESCAPE.search(text):
        _check_surrogates(document)
    return document


def _check_surrogates(document: Any) -> None:
    """JSON may escape half a surrogate pair alone ("\\ud800"), which is no character: no page
    or database can hold it. A whole pair reads as its one character; what is left is alone."""
    try:
        json.dumps(document, ensure_ascii=False).encode()
    except UnicodeEncodeError as error:
        bad = f"U+{ord(error.object[error.start]):04X}"
        raise WireError(f"invalid JSON: half a surrogate pair ({bad}) alone in a string") from None


def _not_a_number(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")


def _whole(text: str) -> int:
    if len(text) > MAX_DIGITS:  # Python itself refuses past 4,300, in words for programmers
        raise ValueError(f"a number of {len(text)} digits is too long")
    return int(text)


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"the number {text[:40]} is too large")
    return number


def _keywords(document: dict) -> dict:
    """ninjs 1.x `keywords`, `description_text` and `description_usage`, which some 2.x feeds
    still carry: taken out before validation, since neither schema lists them, and returned
    (keywords become tags, the description a standfirst or caption, the usage usage terms)."""
    keywords = document.pop("keywords", [])
    if not isinstance(keywords, list) or not all(isinstance(k, str) for k in keywords):
        raise WireError("keywords: expected a list of strings")
    found: dict[str, Any] = {"keywords": keywords} if keywords else {}
    for key in ("description_text", "description_usage"):
        value = document.pop(key, "")
        if not isinstance(value, str):
            raise WireError(f"{key}: expected a string")
        if value.strip():
            found[key] = value
    return found


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
    _check_lists(document)
    furniture = _body(document.get("bodies", []))
    body, dateline = furniture.body, furniture.dateline
    agency = _agency(document, dateline)
    place = (document.get("located") or (dateline.place if dateline else "")).strip()
    created = _datetime(document, "firstCreated") or _datetime(document, "versionCreated")
    texts = _descriptions(document)
    is_picture = document.get("type") == "picture"
    usage_terms = _usage_terms(document)
    writers, organisations = _writers(document, agency=agency, texts=texts)
    if len(writers) + len(organisations) > settings.WIRE_MAX_BYLINES:  # each an author made
        count, limit = len(writers) + len(organisations), settings.WIRE_MAX_BYLINES
        raise WireError(f"{count} writers in the byline; the limit is {limit}")
    kept = _kept(document, texts=texts, organisation_authors=organisations)
    urgency, notices = _urgency(document)
    story = WireStory(
        uri=document["uri"],
        version=parse_version(document.get("version", "1")),
        format=format,
        headline=_headline(document),
        standfirst=texts.summary or (texts.caption if is_picture else texts.plain),
        body=body,
        agency=agency,
        writers=writers,
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
        usage_terms=usage_terms,
        ed_note=document.get("edNote", ""),
        info_sources=[s["name"] for s in document.get("infoSources", []) if s.get("name")],
        pictures=_pictures(document, usage_terms=usage_terms),
        subjects=_subjects(document, agency=agency),
        urgency=urgency,
        category=_section(document),
        kept=kept,
        notices=notices,
    )
    take_credits(story, furniture)
    return story


def _urgency(document: dict) -> tuple[int | None, list[str]]:
    """(urgency, notices): ninjs 2 allows any number, the desk counts 1 to 9 as ninjs 3 does;
    any other is left out and said so."""
    value = document.get("urgency")
    urgency = whole_number(value, 1, 9)
    if value is None or urgency is not None:
        return urgency, []
    return None, [f"urgency {json.dumps(value)[:40]} left out: not a whole number from 1 to 9"]


def _check_lists(document: dict) -> None:
    """An item is refused whole when a list is longer than any agency sends. Subjects (each may
    make a tag and a mapping), keywords and the people written about share settings.WIRE_MAX_TAGS,
    as its definition says (intake.check_story holds every format's story to the rest)."""
    limit = settings.WIRE_MAX_TAGS
    people = [p for p in document.get("people", []) if not _is_author(p)]
    tagged = len(document.get("subjects", [])) + len(document.get("keywords", [])) + len(people)
    if tagged > limit:
        raise WireError(f"{tagged} tags; the limit is {limit}")


def _datetime(document: dict, key: str) -> datetime | None:
    value = document.get(key)
    return parse_moment(key, value) if value else None


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


@dataclass
class Texts:
    """An item's descriptions sorted by what they are for."""

    summary: str = ""  # the standfirst
    caption: str = ""  # a picture's caption
    plain: str = ""  # no role, or a generic one: the standfirst of a text, a picture's caption
    credits: list[str] = field(default_factory=list)
    other: list[dict] = field(default_factory=list)  # roles we do not use, kept as sent


def _descriptions(item: dict) -> Texts:
    """Descriptions by their role; a credit ("ASSOCIATED PRESS", "www.insidefoto.com") is never
    taken for text, whatever role it came with."""
    known = _credit_names(item)
    groups: dict[str, list[dict]] = {"summary": [], "caption": [], "plain": []}
    texts = Texts()
    descriptions = list(item.get("descriptions", []))
    if item.get("description_text"):  # ninjs 1.x
        descriptions.append({"role": "text", "value": item["description_text"]})
    for description in descriptions:
        role = description.get("role", "").strip().lower()
        text = _as_text(description)
        if not text:
            continue
        if role in CREDIT_ROLES or _looks_like_credit(text, known):
            texts.credits.append(text)
        elif role in SUMMARY_ROLES:
            groups["summary"].append(description)
        elif role in CAPTION_ROLES:
            groups["caption"].append(description)
        elif role in PLAIN_ROLES:
            groups["plain"].append(description)
        else:
            texts.other.append(description)
    texts.summary, texts.caption, texts.plain = (_first(groups[key]) for key in groups)
    texts.caption = texts.caption or texts.plain or texts.summary
    return texts


def _first(descriptions: list[dict]) -> str:
    """Plain text preferred over markup, as the agency's own reading of it."""
    ordered = sorted(descriptions, key=lambda d: not _is_plain(d))
    return next((text for d in ordered if (text := _as_text(d))), "")


def _as_text(description: dict) -> str:
    value = description["value"]
    text = html_to_text(value) if _is_html(description) or not _is_plain(description) else value
    return " ".join(text.split())


def _credit_names(item: dict) -> set[str]:
    names = [item.get("by", ""), item.get("copyrightHolder", "")]
    names += [s.get("name", "") for s in item.get("infoSources", [])]
    return {" ".join(name.casefold().split()) for name in names if name.strip()}


def _looks_like_credit(text: str, known: set[str]) -> bool:
    """A short line that names who supplied the picture rather than what it shows."""
    if len(text) > 80 or text.endswith((".", "!", "?")):
        return False
    lowered = text.casefold()
    return (
        lowered in known
        or lowered.startswith(CREDIT_OPENINGS)
        or WEB_ADDRESS.fullmatch(text) is not None
        or (text.isupper() and len(text.split()) <= 4)
    )


def _body(bodies: list[dict]) -> HtmlFurniture:
    """The sanitised HTML (preferred over plain text) and what opened and closed it: AP's
    `GROSSETO, Italy (AP) -- `, a byline, `(Reporting by …)` (wire.text.take_html_furniture)."""
    html = next((b["value"] for b in bodies if _is_html(b) and b["value"].strip()), None)
    if html is not None:
        body = clean_html(html)
    else:
        text = next((b["value"] for b in bodies if _is_plain(b)), "")
        body = text_to_html(text)
    return take_html_furniture(body, today=timezone.localdate())


def _agency(document: dict, dateline: Dateline | None) -> str:
    sources = [s["name"] for s in document.get("infoSources", []) if s.get("name")]
    candidates = [
        *sources[:1],
        document.get("copyrightHolder", ""),
        dateline.source if dateline else "",
        agency_from_uri(document["uri"]),
    ]
    return next((" ".join(c.split())[:100] for c in candidates if c and c.strip()), UNNAMED_AGENCY)


def _writers(
    document: dict, *, agency: str, texts: Texts
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(people in the byline, organisations in it): an agency or organisation named in `by`
    is never made a person."""
    writers = parse_by(document.get("by", ""), agency=agency)
    if document.get("type") == "picture":  # a picture's `by` is its photographer
        writers = [(name, Byline.Role.PHOTOGRAPHER) for name, _ in writers]
    found = dict.fromkeys(writers)  # in order, without repeats, in linear time
    for person in document.get("people", []):
        if _is_author(person) and person.get("name"):
            found.update(dict.fromkeys(parse_by(person["name"], agency=agency)))
    organisations = _organisation_names(document, texts)
    people = [w for w in found if not _is_organisation(w[0], organisations)]
    return people, [w for w in found if w not in people]


def _is_author(person: dict) -> bool:
    return person.get("rel", "").lower() in AUTHOR_RELS


def _organisation_names(document: dict, texts: Texts) -> set[str]:
    """Case-folded names the item gives to organisations, and the words of its credits' web
    addresses (`www.insidefoto.com` makes "Insidefoto" an organisation)."""
    names = {o.get("name", "") for o in document.get("organisations", [])}
    names |= {document.get("copyrightHolder", "")}
    names |= {s.get("name", "") for s in document.get("infoSources", [])}
    for credit in texts.credits:
        if WEB_ADDRESS.fullmatch(credit):
            host = credit.casefold().split("//")[-1].split("/")[0]
            names |= set(host.split("."))
    return {" ".join(name.casefold().split()) for name in names if name.strip()}


def _is_organisation(name: str, organisations: set[str]) -> bool:
    lowered = " ".join(name.casefold().split())
    words = set(re.findall(r"\w+", lowered))
    return lowered in organisations or bool(words & ORGANISATION_WORDS)


def _section(document: dict) -> str:
    return next(
        (s.get("name", "") for s in document.get("subjects", []) if s.get("rel") == "section"), ""
    )


def _subjects(document: dict, *, agency: str) -> list[Subject]:
    """Subjects with their codes, qualified by their scheme: the URI when sent, the literal's
    own `alias:` prefix, else the sender's name (NTB's bare `13010000` is NTB's code)."""
    subjects = []
    owner = agency_from_uri(document["uri"]) or agency  # AP's bare codes, though DHA sent it
    for entry in document.get("subjects", []):
        if entry.get("rel") == "section":
            continue
        name = " ".join(entry.get("name", "").split())
        code, scheme = _code(entry, owner=owner)
        if not (name or code):
            continue
        subjects.append(Subject(name=name or code, code=code, scheme=scheme))
    return subjects


def _code(entry: dict, *, owner: str) -> tuple[str, str]:
    uri = entry.get("uri", "").strip()
    if uri:
        return uri, uri.rsplit("/", 1)[0] + "/" if "/" in uri else ""
    literal = entry.get("literal", "").strip()
    if not literal:
        return "", ""
    alias, colon, rest = literal.partition(":")
    if colon and alias and rest and " " not in alias:
        return literal, alias
    return f"{owner}:{literal}", owner


def _tags(document: dict) -> list[str]:
    """Keywords as tags (case-blind, no repeats). Subjects become tags through the desk's
    mapping (wire.matching.subject_tags); the people a story is about are kept, not tagged."""
    tags: dict[str, str] = {}
    for name in document.get("keywords", []):
        name = " ".join(name.split())
        if name and len(name) <= 100:
            tags.setdefault(name.casefold(), name)
    return list(tags.values())


def _kept(
    document: dict, *, texts: Texts, organisation_authors: list[tuple[str, str]]
) -> dict[str, Any]:
    """Everything the story's fields do not hold, as sent: places, genres, organisations,
    rights, slugline, signals, priority … and what we made of the rest."""
    kept = {key: value for key, value in document.items() if key not in MAPPED}
    others = [p for p in document.get("people", []) if not _is_author(p)]
    extra = {
        "people": others,
        "rights": document.get("rightsInfo"),
        "credits": texts.credits,
        "descriptions": texts.other,
        "organisation_authors": [[name, str(role)] for name, role in organisation_authors],
        "intended_use": document.get("description_usage"),
        # A text, video or audio sent with the story: not imported, kept as sent for the desk.
        "associations": [a for a in document.get("associations", []) if not _is_picture(a)],
    }
    return kept | {key: value for key, value in extra.items() if value}


def _usage_terms(item: dict) -> str:
    """The usage terms as sent, then what the rights information says."""
    parts = [item.get("usageTerms", ""), _rights_text(item.get("rightsInfo") or {})]
    return "\n".join(part.strip() for part in parts if part and part.strip())


def _rights_text(rights: dict) -> str:
    """Linked rights as their address; encoded ODRL as its rules in words, else as sent."""
    if rights.get("linkedRights"):
        return f"Rights: {rights['linkedRights']}"
    encoded = rights.get("encodedRights", "")
    if not encoded:
        return ""
    try:
        policy = json.loads(encoded)
    except ValueError:
        policy = None
    if not isinstance(policy, dict):
        return f"Rights ({rights.get('langId', 'encoded')}): {encoded}"
    rules = []
    for key, verb in (("permissions", "permitted"), ("prohibitions", "prohibited"),
                      ("obligations", "required"), ("duties", "required")):  # fmt: skip
        actions = [_last_segment(rule.get("action", "")) for rule in _rules(policy, key)]
        if any(actions):
            rules.append(f"{verb}: {', '.join(a for a in actions if a)}")
    policy_id = policy.get("policyid") or policy.get("uid")
    label = f"Rights policy {policy_id}" if policy_id else "Rights policy"
    return f"{label}: {'; '.join(rules) or 'no rules stated'}"


def _rules(policy: dict, key: str) -> list[dict]:
    rules = policy.get(key, [])
    return [rule for rule in rules if isinstance(rule, dict)] if isinstance(rules, list) else []


def _last_segment(action) -> str:
    if isinstance(action, dict):
        action = action.get("rdf:value", {}).get("@id", "") if action else ""
    return str(action).rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1]


def _pictures(document: dict, *, usage_terms: str) -> list[WirePictureData]:
    """Picture associations; a picture item is itself the picture. A picture without its own
    usage terms or rights is under the item's."""
    pictures = [a for a in document.get("associations", []) if _is_picture(a)]
    if document.get("type") == "picture":
        pictures.insert(0, document)
    return [_picture(p, usage_terms=usage_terms) for p in pictures]


def _is_picture(item: dict) -> bool:
    if item.get("type") in ("picture", "graphic"):
        return True
    types = [r.get("contentType", "") for r in item.get("renditions", [])]
    return item.get("type") is None and any(t.startswith("image/") for t in types)


def _picture(item: dict, *, usage_terms: str) -> WirePictureData:
    best = _best_rendition(item.get("renditions", []))
    by = " ".join(item.get("by", "").split())
    texts = _descriptions(item)
    caption = texts.caption
    if not caption and item.get("headlines"):
        caption = item["headlines"][0]["value"].strip()
    credit = by or next(iter(texts.credits), "") or item.get("copyrightHolder", "")
    return WirePictureData(
        caption=caption,
        by=by[:200],
        credit_line=credit[:200],
        copyright_holder=item.get("copyrightHolder", "")[:200],
        copyright_notice=item.get("copyrightNotice", "")[:300],
        uri=item.get("uri", ""),
        name=item.get("name", "")[:100],
        href=best.get("href", ""),
        width=whole_number(best.get("width"), 1, MAX_MEASURE),
        height=whole_number(best.get("height"), 1, MAX_MEASURE),
        content_type=best.get("contentType", "")[:100],
        usage_terms=_usage_terms(item) or usage_terms,
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
