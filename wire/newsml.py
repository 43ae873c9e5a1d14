"""IPTC NewsML-G2 items into WireStory: news items (XHTML or NITF content), pictures, packages and
news messages holding several of them.

The XML is read by lxml with entities never expanded, no DTD loaded and no network, after a
DOCTYPE declaring entities (billion laughs, XXE) has been refused unread; then validated against
the IPTC's 2.35 Power schema (wire/newsml_g2/, built once per process: about 30 ms).

A picture item becomes a draft holding its picture, as a ninjs picture item does; a package
becomes one story: its text, with its pictures (resolved from the same news message when they
came with it, otherwise from what the package's references say of them).
"""

import copy
import functools
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from html import escape
from pathlib import Path
from typing import Any

from django.utils import timezone
from lxml import etree

from articles.models import Byline
from wire.agencies import agency_from_uri, known_agency
from wire.bylines import parse_by
from wire.markup import clean_html, text_to_html
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
from wire.text import parse_dateline, take_credits, take_html_furniture

NAR = "http://iptc.org/std/nar/2006-10-01/"
NS = {"g": NAR}
XHTML = "http://www.w3.org/1999/xhtml"
SCHEMA = Path(__file__).parent / "newsml_g2" / "NewsML-G2_2.35-spec-All-Power.xsd"
STORY_ROOTS = {"newsItem", "packageItem", "newsMessage"}
OTHER_ITEMS = {"conceptItem", "knowledgeItem", "planningItem", "catalogItem"}
PICTURE_CLASSES = {"picture", "graphic"}
REFUSED_CLASSES = {"video", "audio"}
PUBSTATUS = {"usable", "withheld", "canceled"}
# NITF's block elements under their HTML names; its furniture (`media`, `hl1`, notes) is dropped.
NITF_TAGS = {"hl2": "h2", "bq": "blockquote", "block": "div", "credit": "p"}
NITF_DROPPED = frozenset({"hl1", "media", "note", "byline", "dateline", "pronounce", "fn"})
# An agency's own inline markup, by its content type: the elements that repeat the headline and
# dateline above the text (TT's `<RUBRIK>` and `<DAT>`; its `<INGRESS>` and `<BRODTEXT>` stay).
AGENCY_FURNITURE = {"application/ttnitf+xml": frozenset({"rubrik", "dat"})}
# HTML's own elements. Any other in inline XML (TT's `<TEXT>`, an agency's own markup) becomes a
# `span` the sanitiser unwraps, its words kept: left as it is, a name HTML parsers hold special
# (`text`, `desc`, `template`) would lose its content there.
HTML_NAMES = {
    "a", "abbr", "address", "article", "aside", "b", "bdi", "bdo", "blockquote", "body", "br",
    "caption", "cite", "code", "col", "colgroup", "dd", "del", "dfn", "div", "dl", "dt", "em",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr",
    "html", "i", "img", "ins", "kbd", "li", "main", "mark", "nav", "ol", "p", "pre", "q", "s",
    "samp", "script", "section", "small", "span", "strong", "style", "sub", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "time", "title", "tr", "u", "ul", "var", "wbr",
}  # fmt: skip
# An xs:date or xs:dateTime value.
DATE = re.compile(r"-?\d{4,}-\d\d-\d\d(?:T\d\d:\d\d(?::\d\d(?:\.\d+)?)?)?(?:Z|[+-]\d\d:\d\d)?")
BLOCK_TAG = re.compile(r"</?(?:p|h[2-4]|blockquote|ul|ol|li|div|table|tr|td|th)\b[^>]*>")
_validating = threading.Lock()
# NewsML 1 (2000–2008) names its DTD; its files often declare entities too.
NEWSML_1_DOCTYPE = re.compile(rb"<!DOCTYPE\s+NewsML\b")
# An XML declaration naming an encoding of one byte a character.
ONE_BYTE_DECLARATION = re.compile(
    rb"""<\?xml\s[^>]{0,200}?\bencoding\s*=\s*["']((?i:iso-?8859-\d{1,2}|latin-?1|"""
    rb"""(?:windows|cp)-?125\d))["']"""
)


def xml_parser(encoding: str | None = None) -> etree.XMLParser:
    """A parser that never expands entities, loads no DTD, touches no network and keeps
    libxml2's limits on depth and text size (a new one per call: parsers are not shared);
    `encoding` overrides the one the document declares."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        encoding=encoding,
    )


def mislabelled(data: bytes) -> str:
    """Why the document is read as UTF-8 whatever it declares ("" when it is read as declared):
    it declares a one-byte encoding (ISO-8859-1, windows-1252), yet its bytes beyond ASCII are
    UTF-8's. Text really in such an encoding is almost never valid UTF-8; read as declared,
    "São Paulo" would become "SÃ£o Paulo" in every field."""
    declared = ONE_BYTE_DECLARATION.match(data)
    if declared is None or data.isascii():
        return ""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return ""
    name = declared[1].decode("ascii")
    return f"declares {name} but is written in UTF-8: read as UTF-8"


def read(data: bytes, *, as_utf8: bool = False) -> etree._Element:
    """The document's root element, or WireError (entities, malformed XML) in one line."""
    if NEWSML_1_DOCTYPE.search(data[:4096]):
        raise WireError("a NewsML 1 document (the older standard), not a NewsML-G2 item")
    if declares_entities(data):
        raise WireError("declares XML entities (<!ENTITY> in a DOCTYPE): refused unread")
    parser = xml_parser("utf-8" if as_utf8 else None)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        # The parser's own log: the exception's is lxml's thread-wide one, with older errors.
        raise WireError(f"invalid XML: {_first_error(parser.error_log, error)}") from None
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise WireError("declares XML entities (<!ENTITY> in a DOCTYPE): refused unread")
    return root


def declares_entities(data: bytes) -> bool:
    """An entity declaration after the DOCTYPE (the only place one can be): two scans, linear
    in the size however many DOCTYPEs a hostile file repeats."""
    doctype = data.find(b"<!DOCTYPE")
    return doctype >= 0 and data.find(b"<!ENTITY", doctype) >= 0


def _first_error(log: Any, fallback: Exception) -> str:
    entry = next(iter(log), None) if log is not None else None
    if entry is None:
        return " ".join(str(fallback).split())
    message = " ".join(entry.message.split()).replace(f"{{{NAR}}}", "")
    message = message.removesuffix(", use XML_PARSE_HUGE option")  # advice for programmers
    where = f"line {entry.line} column {entry.column}" if entry.column else f"line {entry.line}"
    return f"{message} ({where})"


@functools.cache
def schema() -> etree.XMLSchema:
    """The 2.35 Power schema, parsed once (it imports xml.xsd from beside it, nothing else)."""
    return etree.XMLSchema(etree.parse(str(SCHEMA), xml_parser()))


def validate(root: etree._Element) -> None:
    _trim_dates(root)
    checker = schema()
    with _validating:  # one validator, its error log shared: one document at a time
        if checker.validate(root):
            return
        error = _first_error(checker.error_log, WireError("invalid"))
    raise WireError(f"not valid NewsML-G2 2.35: {error}")


def _trim_dates(root: etree._Element) -> None:
    """A date's surrounding spaces taken off (AP's pretty-printed `<timestamp> 2018-…Z`):
    XML Schema says they do not count, but libxml2 (2.14) refuses a date-time that opens with
    one, and would refuse the whole item for it."""
    for element in root.iter(f"{{{NAR}}}*"):  # metadata only: not the XHTML or NITF text
        text = element.text
        if text and text[0].isspace() and len(element) == 0 and DATE.fullmatch(text.strip()):
            element.text = text.strip()


def local_name(element: etree._Element) -> str:
    """etree.QName(element).localname, without making a QName: asked of most elements read."""
    tag = element.tag
    return tag[tag.find("}") + 1 :] if tag[:1] == "{" else tag


def namespace(element: etree._Element) -> str:
    return etree.QName(element).namespace or ""


@dataclass
class Part:
    """One story of a document, or why an item in it is not one; `payload` is the XML that
    gives this story on its own (the item, or a news message cut down to a package's items)."""

    story: WireStory | None
    payload: etree._Element
    error: str = ""


def to_parts(root: etree._Element) -> list[Part]:
    """A validated newsItem, packageItem or newsMessage as its stories."""
    if local_name(root) != "newsMessage":
        return [_part(root, {}, priority=None, payload=root, named=False)]
    items = list(root.iterfind("g:itemSet/*", NS))
    if not items:
        raise WireError("a news message with no items")
    priority = _int(_text(root.find("g:header/g:priority", NS)))
    by_guid = {item.get("guid"): item for item in items if local_name(item) == "newsItem"}
    used = {
        ref.get("residref")
        for item in items
        if local_name(item) == "packageItem"
        for ref in item.iterfind(".//g:itemRef", NS)
        if ref.get("residref") in by_guid
    }
    parts = []
    for item in items:
        if local_name(item) == "newsItem" and item.get("guid") in used:
            continue  # told as part of its package
        payload = _message_for(root, item, by_guid) if local_name(item) == "packageItem" else item
        parts.append(_part(item, by_guid, priority=priority, payload=payload, named=True))
    return parts


def _message_for(message: etree._Element, package: etree._Element, by_guid: dict) -> Any:
    """A news message holding only `package` and the items of this message it refers to."""
    kept = etree.Element(message.tag, message.attrib, nsmap=message.nsmap)
    header = _first(message, "header")
    if header is not None:
        kept.append(copy.deepcopy(header))
    item_set = etree.SubElement(kept, f"{{{NAR}}}itemSet")
    item_set.append(copy.deepcopy(package))
    for ref in package.iterfind(".//g:itemRef", NS):
        if ref.get("residref") in by_guid:
            item_set.append(copy.deepcopy(by_guid[ref.get("residref")]))
    return kept


def _part(
    item: etree._Element, by_guid: dict, *, priority: int | None, payload: Any, named: bool
) -> Part:
    """The item's story; a failure inside a news message says which item (`named`)."""
    kind = local_name(item)
    try:
        if kind == "newsItem":
            story = news_item(item)
        elif kind == "packageItem":
            story = package_item(item, by_guid)
        else:
            raise WireError(f"a NewsML-G2 {kind}, not a news item")
    except WireError as error:
        return Part(None, payload, f"{item.get('guid', kind)}: {error}" if named else str(error))
    if priority is not None:
        story.kept["priority"] = priority
    return Part(story, payload)


# Items


def news_item(item: etree._Element) -> WireStory:
    kind = item_class(item)
    if kind in REFUSED_CLASSES:
        raise WireError(f"a {kind} item, not a story or a picture")
    meta = Meta(item)
    if kind in PICTURE_CLASSES:
        story = meta.story(standfirst=meta.description("caption") or meta.subheadline)
        story.writers = [(name, Byline.Role.PHOTOGRAPHER) for name, _ in story.writers]
        story.pictures = [picture(item, meta)]
        story.kept["renditions"] = [_rendition(r) for r in _renditions(item)]
        return story
    body, head = _content(item)
    standfirst = meta.description("summary") or meta.subheadline or head.get("abstract", "")
    story = meta.story(standfirst=standfirst, title_fallback=head.get("headline", ""))
    furniture = take_html_furniture(body, today=timezone.localdate())
    story.body, dateline = furniture.body, furniture.dateline
    take_credits(story, furniture)
    if not story.writers and head.get("by"):
        story.writers = parse_by(head["by"], agency=story.agency)
    if dateline:  # as printed, it is the story's: `located` may be the desk's (Reuters')
        _set_place(story, dateline.place)
    elif not story.dateline_place:
        _set_place(story, _dateline_place(head.get("dateline", "")))
    return story


def package_item(package: etree._Element, by_guid: dict) -> WireStory:
    """One story: the package's first text with its pictures, under the package's guid."""
    refs = list(package.iterfind(".//g:groupSet//g:itemRef", NS))
    texts = [r for r in refs if item_class(r) not in PICTURE_CLASSES | REFUSED_CLASSES]
    text_ref = texts[0] if texts else None
    meta = Meta(package)
    text = by_guid.get(text_ref.get("residref")) if text_ref is not None else None
    if text is not None:
        story = news_item(text)
        _restrict(story, meta)
    else:
        headline = _ref_title(text_ref) if text_ref is not None else ""
        summary = _ref_description(text_ref, "summary") if text_ref is not None else ""
        story = meta.story(standfirst=summary, headline_first=headline)
        if text_ref is not None:
            story.notices.append(
                f"the package's text {text_ref.get('residref')} was not sent with it: "
                "only its title and summary were imported"
            )
    story.uri, story.version, story.format = meta.guid, meta.version, "newsmlg2"
    story.pictures = [
        _ref_picture(r, by_guid) for r in refs if item_class(r) in PICTURE_CLASSES
    ] or story.pictures
    story.kept["package_items"] = [_ref(r) for r in refs]
    return story


def _ref(ref: etree._Element) -> dict[str, str]:
    title = _ref_title(ref)
    return {"residref": ref.get("residref", ""), "class": item_class(ref), "title": title}


def _ref_title(ref: etree._Element) -> str:
    """What a package's reference calls its item: its title, else its headline (SportsML)."""
    return _text(_first(ref, "title")) or _text(_first(ref, "headline"))


def _restrict(story: WireStory, package: "Meta") -> None:
    """The package's status and embargo hold for its text too, whichever is stricter."""
    order = ["usable", "withheld", "canceled"]
    story.pubstatus = max(story.pubstatus, package.pubstatus, key=order.index)
    embargoes = [e for e in (story.embargoed_until, package.embargoed) if e]
    story.embargoed_until = max(embargoes, default=None)
    story.ed_note = " ".join(n for n in (package.ed_note, story.ed_note) if n)
    story.version_created = package.version_created or story.version_created
    for key, value in package.kept().items():
        story.kept.setdefault(key, value)


def item_class(element: etree._Element) -> str:
    """`ninat:picture` or its URI form → "picture"; "" when not said."""
    found = element.find("g:itemMeta/g:itemClass", NS)
    if found is None:
        found = _first(element, "itemClass")  # an itemRef says it directly
    code = _code(found) if found is not None else ""
    return re.split(r"[:/]", code)[-1].lower() if code else ""


class Meta:
    """An item's metadata (itemMeta, contentMeta, rightsInfo), read on demand."""

    def __init__(self, item: etree._Element):
        self.item = item
        self.guid = item.get("guid", "")
        self.version = parse_version(item.get("version", "1"))
        self.item_meta = _child(item, "itemMeta")
        self.content = _child(item, "contentMeta")
        self.language = _first_attr(self.content, "language", "tag") or item.get(
            "{http://www.w3.org/XML/1998/namespace}lang", ""
        )
        self.pubstatus = _pubstatus(self.item_meta)
        self.embargoed = _datetime(self.item_meta, "embargoed")
        self.version_created = _datetime(self.item_meta, "versionCreated")
        self.ed_note = " ".join(_text(n) for n in _children(self.item_meta, "edNote"))
        self.rights = [_rights(r) for r in _children(item, "rightsInfo")]

    def find_all(self, name: str) -> list[etree._Element]:
        return _children(self.content, name)

    @property
    def subheadline(self) -> str:
        return next((_text(h) for h in self.find_all("headline") if "sub" in _role(h)), "")

    def description(self, role: str) -> str:
        """The description of that role (`drol:summary`), else one without a role."""
        found = [d for d in self.find_all("description") if _role(d) == role]
        found = found or [d for d in self.find_all("description") if not _role(d)]
        return _text(found[0]) if found else ""

    def headline(self, *fallbacks: str) -> str:
        mains = [h for h in self.find_all("headline") if "sub" not in _role(h)]
        candidates = [_text(h) for h in mains]
        candidates += [_text(_first(self.item_meta, "title")), *fallbacks]
        headline = next((c for c in candidates if c), "")
        if not headline:
            raise WireError("no headline (neither headline, title nor NITF hedline)")
        if len(headline) > 200:
            raise WireError(f"headline is {len(headline)} characters long; the limit is 200")
        return headline

    @functools.cached_property
    def agency(self) -> str:
        return next((c[:100] for c in self._agency_candidates() if c), UNNAMED_AGENCY)

    def _agency_candidates(self) -> Iterator[str]:
        """Who the agency may be, most telling first; each worked out only if those before
        it say nothing (the provider's name nearly always does)."""
        provider = _first(self.item_meta, "provider")
        if provider is not None:
            yield _name(provider, self.language)
            code = _code(provider).split(":")[-1]
            yield known_agency(code) or code if provider.get("qcode") else ""
        yield self.rights[0]["holder"] if self.rights else ""
        if provider is not None:
            yield agency_from_uri(provider.get("uri", ""))
        yield from self.info_sources()[:1]
        yield agency_from_uri(self.guid)

    def info_sources(self) -> list[str]:
        sources = (_name(s, self.language) or _code(s) for s in self.find_all("infoSource"))
        return [s for s in sources if s]

    def parties(self, agency: str) -> tuple[list[tuple[str, str]], list[dict], list[dict]]:
        """(writers, contributors, organisations): an organisation is never a person."""
        writers: dict[tuple[str, str], None] = {}
        contributors, organisations = [], []
        for element in self.find_all("creator") + self.find_all("contributor"):
            name = _name(element, self.language)
            party = {"name": name, "role": element.get("role", ""), "code": _code(element)}
            is_creator = local_name(element) == "creator"
            party["as"] = "creator" if is_creator else "contributor"
            if not name:
                continue
            if _is_organisation(element, name, agency):
                organisations.append(party)
            elif is_creator:
                writers[(name, _byline_role(element.get("role", "")))] = None
            else:
                contributors.append(party)
        if not writers:
            by = " ".join(_text(b) for b in self.find_all("by"))
            writers.update(dict.fromkeys(parse_by(by, agency=agency)))
        return list(writers), contributors, organisations

    def subjects(self) -> tuple[list[Subject], list[dict], list[dict], list[str]]:
        """(subjects with their codes, places written about, organisations, people's names)."""
        subjects, places, organisations, people = [], [], [], []
        for element in self.find_all("subject"):
            kind = element.get("type", "").split(":")[-1].lower()
            name, code = _name(element, self.language), _code(element)
            if kind in ("geoarea", "poi"):
                places.append(_place(element, self.language) | {"as": "subject"})
            elif kind == "organisation":
                organisations.append({"name": name, "role": "", "code": code, "as": "subject"})
            else:
                if kind == "person" and name:
                    people.append(name)
                scheme = code.split(":")[0] if element.get("qcode") else _scheme_uri(code)
                subjects.append(Subject(name=name, code=code, scheme=scheme))
        return subjects, places, organisations, people

    def kept(self) -> dict[str, Any]:
        """What the item's own metadata says that the article's fields do not hold."""
        kept: dict[str, Any] = {}
        signals = [_code(s) for s in _children(self.item_meta, "signal")]
        values = {
            "signals": signals,
            "genres": [
                {"name": _name(g, self.language), "code": _code(g)} for g in self.find_all("genre")
            ],
            "rights": self.rights,
            "slugline": " ".join(_text(s) for s in self.find_all("slugline")),
            "dateline": " ".join(_text(d) for d in self.find_all("dateline")),
            "subheadline": self.subheadline,
            "descriptions": [
                {"role": _role(d), "text": _text(d)}
                for d in self.find_all("description")
                if _role(d) not in ("", "summary", "caption")
            ],
        }
        kept.update((key, value) for key, value in values.items() if value)
        return kept

    def story(
        self, *, standfirst: str, title_fallback: str = "", headline_first: str = ""
    ) -> WireStory:
        agency = self.agency
        writers, contributors, organisations = self.parties(agency)
        subjects, about, subject_organisations, people = self.subjects()
        located = [_place(e, self.language) | {"as": "located"} for e in self.find_all("located")]
        created = self.first_created() or self.version_created
        rights = self.rights[0] if self.rights else {}
        service = _first(self.item_meta, "service")
        keywords = [_text(k) for k in self.find_all("keyword")]
        story = WireStory(
            uri=self.guid,
            version=self.version,
            format="newsmlg2",
            headline=self.headline(*filter(None, [title_fallback])) if not headline_first
            else headline_first[:200],
            agency=agency,
            standfirst=standfirst,
            writers=writers,
            dateline_date=timezone.localdate(created) if created else None,
            tags=_unique([*keywords, *people]),
            language=self.language[:35],
            pubstatus=self.pubstatus,
            version_created=self.version_created,
            embargoed_until=self.embargoed,
            copyright_holder=rights.get("holder", ""),
            copyright_notice=rights.get("notice", ""),
            usage_terms=rights.get("usage_terms", ""),
            ed_note=self.ed_note,
            info_sources=self.info_sources(),
            subjects=subjects,
            urgency=whole_number(_text(_first(self.content, "urgency")), 1, 9),
            category=(_name(service, self.language) or _code(service)) if service is not None
            else "",
            kept=self.kept(),
        )  # fmt: skip
        _set_place(story, located[0]["name"] if located else "")
        extra = {
            "places": located + about,
            "organisations": organisations + subject_organisations,
            "contributors": contributors,
        }
        story.kept.update((key, value) for key, value in extra.items() if value)
        return story

    def first_created(self) -> datetime | None:
        return _datetime(self.item_meta, "firstCreated") or _datetime(
            self.content, "contentCreated"
        )


def _set_place(story: WireStory, place: str) -> None:
    story.dateline_place = place
    story.place_recognised = not place or is_known_place(place)


def _dateline_place(text: str) -> str:
    found = parse_dateline(text, today=timezone.localdate()) if text else None
    return found.place if found else ""


# Pictures


def picture(item: etree._Element, meta: Meta) -> WirePictureData:
    best = _best_rendition(_renditions(item))
    photographers = [name for name, _ in meta.parties(meta.agency)[0]]
    by = ", ".join(photographers)[:200]
    rights = meta.rights[0] if meta.rights else {}
    credit = " ".join(_text(c) for c in meta.find_all("creditline"))
    return WirePictureData(
        caption=meta.description("caption"),
        by=by,
        credit_line=(credit or by or rights.get("holder", ""))[:200],
        copyright_holder=rights.get("holder", "")[:200],
        copyright_notice=rights.get("notice", "")[:300],
        usage_terms=rights.get("usage_terms", ""),
        uri=meta.guid,
        href=best.get("href", ""),
        width=whole_number(best.get("width"), 1, MAX_MEASURE),
        height=whole_number(best.get("height"), 1, MAX_MEASURE),
        content_type=best.get("content_type", "")[:100],
    )


def _renditions(item: etree._Element) -> list[etree._Element]:
    return item.findall("g:contentSet/g:remoteContent", NS)


def _rendition(element: etree._Element) -> dict[str, Any]:
    return {
        "rendition": element.get("rendition", ""),
        "href": element.get("href", "") or element.get("residref", ""),
        "content_type": element.get("contenttype", ""),
        "size": _int(element.get("size", "")),
        "width": _int(element.get("width", "")),
        "height": _int(element.get("height", "")),
    }


def _best_rendition(elements: list[etree._Element]) -> dict[str, Any]:
    """The largest image offered. Only a web address is recorded as where to get it: a relative
    or file: address names a file on the agency's side (it stays in kept["renditions"])."""
    renditions = [_rendition(e) for e in elements]
    if not renditions:
        return {}
    best = max(
        renditions,
        key=lambda r: (_is_web(r["href"]), r["content_type"].startswith("image/"),
                       (r["width"] or 0) * (r["height"] or 0)),
    )  # fmt: skip
    return best if _is_web(best["href"]) else best | {"href": ""}


def _is_web(href: str) -> bool:
    return href.startswith(("https://", "http://"))


def _ref_picture(ref: etree._Element, by_guid: dict) -> WirePictureData:
    item = by_guid.get(ref.get("residref"))
    if item is not None:
        return picture(item, Meta(item))
    href = ref.get("href", "")
    return WirePictureData(
        caption=_ref_description(ref, "caption") or _ref_title(ref),
        uri=ref.get("residref", ""),
        href=href if _is_web(href) else "",
    )


def _ref_description(ref: etree._Element, role: str) -> str:
    found = [d for d in _children(ref, "description") if _role(d) in (role, "")]
    return _text(found[0]) if found else ""


# Content


def _content(item: etree._Element) -> tuple[str, dict[str, str]]:
    """(sanitised body HTML, what an NITF body.head says) from the first inline content."""
    for element in item.iterfind("g:contentSet/*", NS):
        kind = local_name(element)
        if kind == "inlineXML":
            child = next(element.iterchildren(tag=etree.Element), None)
            if child is None:
                continue
            if local_name(child) == "nitf":
                return _nitf(child)
            body = child.find(f"{{{XHTML}}}body") if local_name(child) == "html" else None
            furniture = AGENCY_FURNITURE.get(element.get("contenttype", "").lower(), frozenset())
            return _clean(_inner_html(body if body is not None else element, dropped=furniture)), {}
        if kind == "inlineData":
            text = element.text or ""
            if "html" in element.get("contenttype", ""):
                return clean_html(text), {}
            return text_to_html(text), {}
    return "", {}


def _nitf(nitf: etree._Element) -> tuple[str, dict[str, str]]:
    ns = {"n": namespace(nitf)} if namespace(nitf) else {}
    prefix = "n:" if ns else ""

    def find(path: str) -> etree._Element | None:
        return nitf.find(path.replace("@", prefix), ns)

    head = {
        "headline": _text(find("@body/@body.head/@hedline/@hl1")),
        "by": _text(find("@body/@body.head/@byline")),
        "abstract": _text(find("@body/@body.head/@abstract")),
        "dateline": _text(find("@body/@body.head/@dateline")),
    }
    content = find("@body/@body.content")
    if content is None:
        return "", head
    return _clean(_inner_html(content, renames=NITF_TAGS, dropped=NITF_DROPPED)), head


def _clean(html: str) -> str:
    """Sanitised, with the XML's indentation gone: runs of spaces are one, none at the edges of
    a block (a `<pre>` would lose its layout: agencies do not send them)."""
    return _without_block_edges(clean_html(_squeezed(html)))


def _squeezed(text: str) -> str:
    """Each run of whitespace as one space, as re.sub(r"\\s+", " ", text) gives it (str.split
    knows the same whitespace), in C: the regex would replace each of a body's hundreds of
    single spaces with itself."""
    words = " ".join(text.split())
    if not words:
        return " " if text else ""
    before = " " if text[0].isspace() else ""
    after = " " if text[-1].isspace() else ""
    return before + words + after


def _without_block_edges(html: str) -> str:
    """No whitespace just before or after a block's tags: what re.sub(r"\\s*(TAG)\\s*", r"\\1")
    gives, found at the tags rather than tried at every character."""
    pieces: list[str] = []
    end = 0
    for tag in BLOCK_TAG.finditer(html):
        text = html[end : tag.start()]
        pieces += [text.strip() if pieces else text.rstrip(), tag[0]]
        end = tag.end()
    rest = html[end:]
    pieces.append(rest.lstrip() if pieces else rest)
    return "".join(pieces)


def _inner_html(
    element: etree._Element,
    *,
    renames: dict[str, str] | None = None,
    dropped: frozenset[str] = frozenset(),
) -> str:
    """The element's content as HTML without namespaces (XHTML or NITF), for the sanitiser."""
    holder = copy.deepcopy(element)
    for node in list(holder.iter()):
        if not isinstance(node.tag, str):  # comments, processing instructions
            _drop(node)
            continue
        name = local_name(node)
        if node is not holder and name.lower() in dropped:
            _drop(node)
            continue
        name = (renames or {}).get(name, name)
        node.tag = name if name.lower() in HTML_NAMES else "span"
        for attribute in [a for a in node.attrib if a.startswith("{")]:
            del node.attrib[attribute]
    etree.cleanup_namespaces(holder)
    parts = [escape(holder.text or "", quote=False)]
    parts += [etree.tostring(child, encoding="unicode", method="html") for child in holder]
    return "".join(parts)


def _drop(node: etree._Element) -> None:
    """Remove a node, keeping the text that follows it."""
    parent = node.getparent()
    if parent is None:
        return
    tail = node.tail or ""
    previous = node.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(node)


# Values


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    """element.findall(f"g:{name}", NS) (or iterfind), at half the cost: lxml reads the path
    anew, in Python, on every call, and an item is read with a few dozen of them."""
    return list(element.iterchildren(f"{{{NAR}}}{name}"))


def _first(element: etree._Element, name: str) -> etree._Element | None:
    """element.find(f"g:{name}", NS), as _children()."""
    return next(element.iterchildren(f"{{{NAR}}}{name}"), None)


def _child(item: etree._Element, name: str) -> etree._Element:
    found = _first(item, name)
    return found if found is not None else etree.Element(f"{{{NAR}}}{name}")


def _text(element: etree._Element | None) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def _role(element: etree._Element) -> str:
    return element.get("role", "").split(":")[-1].lower()


def _code(element: etree._Element) -> str:
    return element.get("qcode") or element.get("uri") or element.get("literal") or ""


def _scheme_uri(code: str) -> str:
    return code.rsplit("/", 1)[0] + "/" if "/" in code else ""


def _name(element: etree._Element, language: str) -> str:
    """The element's name in the item's language if it gives several, else its first."""
    names = _children(element, "name")
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    preferred = [n for n in names if language and n.get(lang, "").startswith(language[:2])]
    return _text((preferred or names or [None])[0])


def _first_attr(element: etree._Element, name: str, attribute: str) -> str:
    found = _first(element, name)
    return found.get(attribute, "") if found is not None else ""


def _place(element: etree._Element, language: str) -> dict[str, Any]:
    broader = [
        {"name": _name(b, language), "code": _code(b), "type": b.get("type", "")}
        for b in _children(element, "broader")
    ]
    return {
        "name": _name(element, language),
        "code": _code(element),
        "type": element.get("type", ""),
        "broader": broader,
    }


def _rights(element: etree._Element) -> dict[str, str]:
    holder = _first(element, "copyrightHolder")
    holder_name = (_name(holder, "") or _code(holder)) if holder is not None else ""
    return {
        "holder": holder_name,
        "notice": " ".join(_text(n) for n in _children(element, "copyrightNotice")),
        "usage_terms": " ".join(_text(u) for u in _children(element, "usageTerms")),
    }


def _is_organisation(element: etree._Element, name: str, agency: str) -> bool:
    kind = element.get("type", "").lower()
    return (
        "organi" in kind
        or _first(element, "organisationDetails") is not None
        or known_agency(name) is not None
        or name.casefold() == agency.casefold()
    )


def _byline_role(role: str) -> str:
    role = role.lower()
    for word, byline_role in (
        ("photo", Byline.Role.PHOTOGRAPHER),
        ("editor", Byline.Role.EDITOR),
        ("translat", Byline.Role.TRANSLATOR),
    ):
        if word in role:
            return byline_role
    return Byline.Role.WRITER


def _pubstatus(item_meta: etree._Element) -> str:
    found = _first(item_meta, "pubStatus")
    if found is None:
        return "usable"
    status = re.split(r"[:/]", _code(found))[-1].lower()
    if status not in PUBSTATUS:
        raise WireError(f"pubStatus {_code(found)!r} is not usable, withheld or canceled")
    return status


def _datetime(parent: etree._Element, name: str) -> datetime | None:
    value = _text(_first(parent, name))
    return parse_moment(name, value, date_alone=True) if value else None


def _int(value: str) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _unique(names: list[str]) -> list[str]:
    found: dict[str, str] = {}
    for name in names:
        if name and len(name) <= 100:
            found.setdefault(name.casefold(), name)
    return list(found.values())
