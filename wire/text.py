"""Plain-text agency copy, as pasted from a wire service's site.

The seed TASS story shows the shape: an optional section link, the headline, a standfirst, the
photo's caption and `©` credit (sent twice: once glued together as the picture's alt text), then
the dateline opening the first paragraph: `BRUSELLS, October 31. /TASS/. NATO stands ready…`.
Other agencies add a byline line (`By NAME Associated Press`) and closing lines (Reuters'
`(Reporting by …; Editing by …)`, Xinhua's `Enditem`) and an embargo line anywhere
(wire.embargo). How each agency writes these is data, in wire.styles; this module tells the
parts apart with it. Everything is kept as the agency sent it.
"""

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from html import escape, unescape

from django.utils import timezone

from articles.models import Byline
from wire.agencies import known_agency
from wire.bylines import SEPARATORS
from wire.embargo import parse_embargo, take_embargo_lines
from wire.markup import text_to_html
from wire.matching import find_section
from wire.models import RoutingRule
from wire.places import is_known_place
from wire.story import UNNAMED_AGENCY, WireError, WirePictureData, WireStory, in_range, out_of_range
from wire.styles import CATEGORIES, PAGE_LABEL, STYLES, Style, agency_named


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# A sentence ends at a full stop before a capital, unless the stop ends an abbreviation. A ? or !
# before one is a headline's turn ("Recession coming? Economists say no"), not a second sentence.
SENTENCE_BREAK = re.compile(r"\.[\"”’»)]?\s+[\"“«(]?[A-Z]")
# A full-stopped line telling in the past is the story's first sentence ("Officials said the vote
# was close."); a headline tells in the present, full stop or not ("Putin says talks possible.").
PAST_TENSE = _words("said told was were sagte dijo fue disse")
# Lines are split where plain text breaks them, \r\n, \r or \n. Unicode's line and paragraph
# separators and NEL (which str.splitlines also breaks at, and wire.markup would) are a word
# processor's soft break inside the paragraph: a space.
LINE_BREAK = re.compile(r"\r\n|\r|\n")
SOFT_BREAK = re.compile("[\x85\u2028\u2029]")
# Any space between a dateline's words reads as one: `SÃO\u00a0PAULO (AP) —`. One character for
# one, so where the dateline ends in the line does not move.
OTHER_SPACE = re.compile("[\t\xa0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# `U.S`, `N.Y`, a lone initial `J`: what stands before an abbreviation's full stop.
INITIALS = re.compile(r"(?:[^\W\d_]\.){0,4}[^\W\d_]")
ABBREVIATIONS = _words(
    "adm approx ave blvd capt cmdr co col corp cpl dept dr ft gen gov hon inc jr lt ltd maj mr "
    "mrs ms mt no nos pres prof rep rev sen sgt sr st supt vs jan feb mar apr aug sep sept oct "
    "nov dec ala ariz ark calif colo conn del fla ga ill ind kan ky la md mass mich minn miss mo "
    "mont neb nev okla ore pa tenn tex va vt wash wis wyo"
)
FUTURE_GRACE = timedelta(days=1)  # a dispatch dated "tomorrow" crossed a time zone
MAX_HEADER_LINES = 12
ENDINGS = (".", ":", ",", "?", "!")  # a line ending so is a sentence or a label, no category
MAX_BYLINE = 250  # a longer line is text, and the byline patterns need not look at it
MAX_TRAILER_LINES = 3
NAME_PARTICLES = _words("al bin da das de del della der di do dos du el la le ten ter van von y zu")
UNRECOGNISED_DATELINE = "dateline not recognised as any known agency style"
UNREADABLE_EMBARGO = "embargo line not understood: check it before publishing (kept as sent)"
# Roles in Reuters' closing line that a byline can hold; others are kept as contributors.
TRAILER_ROLES = {
    "reporting": Byline.Role.WRITER,
    "writing": Byline.Role.WRITER,
    "additional reporting": Byline.Role.ADDITIONAL,
    "editing": Byline.Role.EDITOR,
    "translation": Byline.Role.TRANSLATOR,
    "translated": Byline.Role.TRANSLATOR,
    "photos": Byline.Role.PHOTOGRAPHER,
    "photography": Byline.Role.PHOTOGRAPHER,
}
ROLE_BY = re.compile(r"(?P<role>[^\W\d_][\w -]{0,40}?)\sby\s(?P<names>.+)", re.DOTALL)
IN_PLACE = re.compile(r"\s(?:in|from)\s.*", re.DOTALL)  # `Andy Bruce in London` → the name


@dataclass
class Dateline:
    place: str
    source: str
    date: date | None
    rest: str
    agency: str = ""  # the style that read it ("" for an agency of no known style)


@dataclass
class Credits:
    """Who the byline and closing lines name: (name, byline role), and the rest kept as sent."""

    writers: list[tuple[str, str]]
    contributors: list[dict[str, str]]
    agency: str = ""


def parse_text(
    text: str,
    *,
    today: date,
    received: datetime | None = None,
    section_exists: Callable[[str], bool] | None = None,
    known_category: Callable[[str], bool] | None = None,
) -> WireStory:
    """Tell the parts of a plain-text dispatch apart; WireError when there is no headline.

    `received` (by default now) stands for the time the text does not carry: an embargo's time
    without a date is read from it. `section_exists` answers whether the item's category names
    a site section (by default wire.matching.find_section, one query, asked only when there is
    a category line); `known_category` whether a short first line of several words, no style's
    table names, is one the desk knows (by default: a site section or an active routing rule's
    category; asked only of such a line)."""
    lines = split_lines(text)
    lines, embargo_lines = take_embargo_lines(lines, head=_text_starts(lines, today=today))
    categories = _desk_categories(lines, known_category or _known_category)
    at, dateline = _find_dateline(lines, today=today)
    header = lines[:at] if at is not None else _header_without_dateline(lines, categories)
    body_lines = lines[at:] if at is not None else lines[len(header) :]
    if dateline:
        body_lines = [dateline.rest, *body_lines[1:]]
    pictures, header = _pictures(header, categories)
    section, headline, rest = _titles(header, categories)
    rest, labelled = _take_labelled(rest)
    credits = Credits([], [])
    standfirst = " ".join(_take_bylines(rest, credits))
    if not dateline:
        body_lines = _take_bylines(body_lines, credits, leading=True)
    body_lines, trailers = _take_trailers(body_lines, credits)
    story = WireStory(
        uri=text_uri(text),
        version=1,
        format="text",
        headline=headline,
        standfirst=standfirst,
        body=text_to_html("\n".join(body_lines)),
        agency=_agency(dateline, credits),
        writers=_unique(credits.writers),
        dateline_place=dateline.place if dateline else "",
        dateline_date=dateline.date if dateline else None,
        place_recognised=_place_known(dateline.place) if dateline else True,
        section_hint=section,
        category=section,
        pictures=pictures,
    )
    _keep(story, credits, trailers, labelled)
    _notice(story, dateline, section_exists)
    day = dateline.date if dateline else None
    _embargo(story, embargo_lines, sent=received or timezone.now(), day=day)
    return story


def split_lines(text: str) -> list[str]:
    """The text's lines, stripped (see LINE_BREAK)."""
    return [line.strip() for line in LINE_BREAK.split(SOFT_BREAK.sub(" ", text))]


def text_uri(text: str) -> str:
    """Plain text carries no identity of its own: the same text is the same item."""
    normalised = "\n".join(line.rstrip() for line in text.strip().splitlines())
    return "urn:newsroom:text:" + hashlib.sha256(normalised.encode()).hexdigest()[:32]


def _place_known(place: str) -> bool:
    """dpa's `Frankfurt/Main` is Frankfurt: the part before the slash names the city."""
    return is_known_place(place.split("/", 1)[0])


def _agency(dateline: Dateline | None, credits: Credits) -> str:
    if dateline:
        return dateline.agency or dateline.source
    return credits.agency or UNNAMED_AGENCY


def _keep(story: WireStory, credits: Credits, trailers: list[str], labelled: list[str]) -> None:
    if credits.contributors:
        story.kept["contributors"] = credits.contributors
    if trailers:
        story.kept["trailers"] = trailers
    if labelled:  # `Related: …` under the headline: the page's, not the article's
        story.kept["header_lines"] = labelled


def _embargo(story: WireStory, lines: list[str], *, sent: datetime, day: date | None) -> None:
    """The latest embargo the lines name holds the copy; a line not read is kept and said, and
    routing will not publish the item by itself (wire.routing.publish_refusal)."""
    moments = [_read_embargo(line, sent=sent, day=day) for line in lines]
    story.embargoed_until = max(filter(None, moments), default=None)
    unread = [line for line, moment in zip(lines, moments, strict=True) if moment is None]
    if unread:
        story.kept["embargo_unreadable"] = unread
        story.notices.append(UNREADABLE_EMBARGO)


def _read_embargo(line: str, *, sent: datetime, day: date | None) -> datetime | None:
    """The moment the line names (None if not read); WireError for one no datetime or database
    can hold (`EMBARGO: 00:00 GMT 01/01/0001` is still year 0 in UTC), as for any wire date."""
    try:
        moment = parse_embargo(line, sent=sent, day=day)
    except OverflowError:  # the next day after 31 December 9999
        raise WireError(out_of_range("embargo", line)) from None
    return in_range("embargo", line, moment) if moment else None


def _notice(
    story: WireStory, dateline: Dateline | None, section_exists: Callable[[str], bool] | None
) -> None:
    if dateline is None:
        story.notices.append(UNRECOGNISED_DATELINE)
    if story.category and not (section_exists or _section_exists)(story.category):
        story.notices.append(f"category “{story.category}” maps to no section")


def _section_exists(name: str) -> bool:
    return find_section(name) is not None


def _known_category(name: str) -> bool:
    """A site section's name, or the category an active routing rule routes by."""
    rules = RoutingRule.objects.filter(active=True, category__iexact=name)
    return _section_exists(name) or rules.exists()


def _desk_categories(lines: list[str], known: Callable[[str], bool]) -> frozenset[str]:
    """The first line, case-folded, when it could be a category line of several words (no
    style's table lists) and the desk knows it as one: else nothing. Asked once, of that line
    alone: an agency's own section ("Top News") above a headline, which a short headline
    ("Putin meets Xi") cannot otherwise be told from."""
    first = next((line for line in lines if line), "")
    if _section_like(first) or not _short_title(first) or not known(" ".join(first.split())):
        return frozenset()
    return frozenset({" ".join(first.split()).casefold()})


# --- dateline --------------------------------------------------------------------------------


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


def _text_starts(lines: list[str], *, today: date) -> int:
    """Where a dated item's text begins, at its dateline; an undated item's is never told from
    its header, so all of it is taken as above the text (wire.embargo.take_embargo_lines)."""
    at, _ = _find_dateline(lines, today=today)
    return len(lines) if at is None else at


def parse_dateline(line: str, *, today: date) -> Dateline | None:
    """`BRUSELLS, October 31. /TASS/.` → place, date, source, in the first agency style that
    reads it (wire.styles.STYLES, in order); None when none does."""
    spaced = OTHER_SPACE.sub(" ", line)
    for style in STYLES:
        for pattern in style.datelines:
            match = pattern.match(spaced)
            if match and _place_in_style(match["place"], style):
                return _dateline(match, style, line, today=today)
    return None


def _place_in_style(place: str, style: Style) -> bool:
    """Datelines are set in capitals; dpa, AFP and EFE also write `Berlin (dpa) -`."""
    if place.isupper():
        return True
    words = re.split(r"[ .'’/-]+", place)
    return style.mixed_case_place and all(
        word[:1].isupper() or word in NAME_PARTICLES for word in words if word
    )


def _dateline(match: re.Match[str], style: Style, line: str, *, today: date) -> Dateline:
    parts = match.groupdict()
    place = parts["place"] + (f", {parts['region']}" if parts.get("region") else "")
    when = None
    if parts.get("month"):
        month, day = style.months[parts["month"].lower()], int(parts["day"])
        when = _dated(int(parts["year"]), month, day) if parts.get("year") else None
        when = when or infer_date(month, day, today=today)
    source = parts["source"].strip()
    return Dateline(place, source, when, line[match.end() :], agency=style.agency)


def _dated(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def infer_date(month: int, day: int, *, today: date) -> date | None:
    """The latest such day not after tomorrow: datelines carry no year."""
    for year in range(today.year + 1, today.year - 8, -1):
        candidate = _dated(year, month, day)  # None for 29 February in a common year
        if candidate and candidate <= today + FUTURE_GRACE:
            return candidate
    return None


# --- header ----------------------------------------------------------------------------------


def _header_without_dateline(lines: list[str], categories: frozenset[str]) -> list[str]:
    """With no dateline, the first block is the header (and a lone section link before it)."""
    blocks = _blocks(lines)
    if not blocks:
        return []
    runs = [lines[start:end] for start, end in blocks[:2]]
    return lines[: blocks[1 if _opens_with_section(runs, categories) else 0][1]]


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


def _pictures(
    header: list[str], categories: frozenset[str]
) -> tuple[list[WirePictureData], list[str]]:
    """Lines ending in a picture credit become pictures: the caption before the credit on the
    same line, or else the line above; the lines left are the titles. The seed sends its
    picture twice (caption and credit glued, then apart): one picture."""
    pictures: dict[tuple[str, str], WirePictureData] = {}
    used, titles = set(), _title_lines(header, categories)
    for index, line in enumerate(header):
        split = split_credit(line)
        if split is None:
            continue
        caption, credit = split
        used.add(index)
        above = header[index - 1] if index > 0 else ""
        if not caption and _caption_like(above) and index - 1 not in titles:
            caption = above
            used.add(index - 1)
        pictures.setdefault((caption, credit), WirePictureData(caption=caption, credit_line=credit))
    captions = {caption for caption, _ in pictures if caption}
    rest = [
        line if index not in used and line not in captions else ""
        for index, line in enumerate(header)
    ]
    return list(pictures.values()), rest


def _caption_like(line: str) -> bool:
    return bool(line) and split_credit(line) is None and parse_byline(line) is None


def _title_lines(header: list[str], categories: frozenset[str]) -> set[int]:
    """The headline's index (and the section link's): never taken for a caption."""
    blocks = _blocks(header)[:2]
    runs = [header[start:end] for start, end in blocks]
    return {start for start, _ in blocks[: 2 if _opens_with_section(runs, categories) else 1]}


def split_credit(line: str) -> tuple[str, str] | None:
    """(caption, credit) when the line ends in a picture credit of a known style, else None."""
    for style in STYLES:
        for pattern in style.credits:
            match = pattern.search(line)
            if match:
                return line[: match.start()].strip(), match["credit"].strip()
    return None


def _titles(header: list[str], categories: frozenset[str]) -> tuple[str, str, list[str]]:
    """(section, headline, the lines after it) from the header's remaining lines."""
    blocks = [header[start:end] for start, end in _blocks(header)]
    section = blocks.pop(0)[0] if _opens_with_section(blocks, categories) else ""
    lines = [line for block in blocks for line in block]
    if not lines or not _headline_like(lines[0]):
        raise WireError("no recognisable headline (the first line should be a short headline)")
    return section, lines[0], lines[1:]


def _take_labelled(lines: list[str]) -> tuple[list[str], list[str]]:
    """(the lines, the page's labelled lines among them: `Related: …`, wire.styles.PAGE_LABEL)."""
    kept: list[str] = []
    labelled: list[str] = []
    for line in lines:
        (labelled if PAGE_LABEL.match(line) else kept).append(line)
    return kept, labelled


def _opens_with_section(runs: list[list[str]], categories: frozenset[str] = frozenset()) -> bool:
    """A lone short line, then a headline: the wire's section link (the seed's "All news");
    `categories` are more the desk knows (_desk_categories)."""
    if len(runs) < 2 or len(runs[0]) != 1:
        return False
    line = runs[0][0]
    known = _section_like(line) or " ".join(line.split()).casefold() in categories
    return known and _headline_like(runs[1][0])


def _section_like(line: str) -> bool:
    """A word (`Politics`, `Wirtschaft`), or a section an agency's site names (`All news`): a
    short headline (`Putin meets Xi`) is never taken for one, whatever follows it."""
    if len(line) > 40 or line.endswith(ENDINGS):
        return False
    return len(line.split()) == 1 or " ".join(line.split()).casefold() in CATEGORIES


def _short_title(line: str) -> bool:
    """Short enough to be a category line of several words: four words at most, no sentence."""
    return len(line) <= 40 and len(line.split()) <= 4 and not line.endswith(ENDINGS)


def _headline_like(line: str) -> bool:
    return (
        0 < len(line) <= 200
        and any(c.isalpha() for c in line)
        and not (_ends_sentence(line) and _past_tense(line))
        and not _has_sentence_break(line)
        and split_credit(line) is None
        and parse_byline(line) is None
    )


def _ends_sentence(line: str) -> bool:
    return line.endswith(".") and not _abbreviation_before(line, len(line) - 1)


def _past_tense(line: str) -> bool:
    return not PAST_TENSE.isdisjoint(word.strip(".,;:\"'“”‘’").casefold() for word in line.split())


def _has_sentence_break(line: str) -> bool:
    return any(not _abbreviation_before(line, m.start()) for m in SENTENCE_BREAK.finditer(line))


def _abbreviation_before(line: str, stop: int) -> bool:
    """Whether the full stop at `stop` ends `U.S.`, `Gen.`, `St.`, an initial: not a sentence."""
    before = line[max(0, stop - 12) : stop].split()
    word = before[-1].lstrip('"“«(') if before else ""
    return bool(INITIALS.fullmatch(word)) or word.casefold() in ABBREVIATIONS


# --- bylines and closing lines ---------------------------------------------------------------


def _take_bylines(lines: list[str], credits: Credits, *, leading: bool = False) -> list[str]:
    """The lines that are not bylines; the bylines' names go to `credits`. `leading`: only a
    byline opening the lines (a body with no dateline), not one further down."""
    kept: list[str] = []
    after_byline = False
    for index, line in enumerate(lines):
        if leading and any(kept):
            return kept + lines[index:]
        agency = _agency_of(line) if after_byline else None
        found = None if agency else parse_byline(line)
        if agency:  # `By JOHN HANNA` then `Associated Press` on a line of its own
            credits.agency = credits.agency or agency
        elif found:
            names, said = found
            credits.writers += [(name, Byline.Role.WRITER) for name in names]
            credits.agency = credits.agency or said
        else:
            kept.append(line)
        after_byline = found is not None
    return kept


# A Reuters update's note to its clients atop the text: `(Adds quotes, details)`.
UPDATE_NOTE = re.compile(
    r"\((?:Adds|Updates|Recasts|Corrects|Rewrites|Changes|Removes|Fixes|Refiles|Repeats|Writes"
    r"\sthrough|Updates\swith)\b[^()]{0,300}\)"
)
LAST_PLAIN_PARAGRAPH = re.compile(r"<p>([^<>]{1,2000})</p>\s*\Z")
MAX_OPENING_PARAGRAPHS = 3  # a note, a byline, then the dateline


@dataclass
class HtmlFurniture:
    """What an HTML body's first and last paragraphs held besides the text."""

    body: str
    dateline: Dateline | None
    credits: Credits
    notes: list[str]  # update notes (`(Adds …)`)
    marks: list[str]  # end marks, as sent


def take_html_furniture(body: str, *, today: date) -> HtmlFurniture:
    """An agency's HTML body read as its plain text is: the dateline opening the text (after a
    Reuters update note and a byline paragraph, if it has them) goes to the dateline fields,
    the byline's names and the closing lines' (`(Reporting by …; Editing by …)`) to `credits`."""
    credits, notes, dateline = Credits([], []), [], None
    rest = body
    for _ in range(MAX_OPENING_PARAGRAPHS):
        if not rest.startswith("<p>"):
            break
        end = rest.find("</p>")
        end = len(rest) if end < 0 else end
        first = rest[3:end]
        dateline = parse_dateline(first, today=today)
        if dateline:
            rest = "<p>" + dateline.rest + rest[end:]
            break
        text = unescape(first).strip() if "<" not in first else ""
        byline = parse_byline(text) if text else None
        if text and UPDATE_NOTE.fullmatch(text):
            notes.append(text)
        elif byline:
            credits.writers += [(name, Byline.Role.WRITER) for name in byline[0]]
        else:
            break
        rest = rest[end + len("</p>") :]
    if dateline is None:  # only a dateline tells the note and byline from the text
        rest, credits, notes = body, Credits([], []), []
    rest, marks = _take_html_trailers(rest, credits)
    return HtmlFurniture(rest, dateline, credits, notes, marks)


def take_credits(story: WireStory, furniture: HtmlFurniture) -> None:
    """The body's byline and closing lines, where the metadata named no writer; its update note
    beside the agency's editorial note."""
    credits = furniture.credits
    if not story.writers:
        story.writers = credits.writers
    if credits.contributors:
        story.kept["contributors"] = story.kept.get("contributors", []) + credits.contributors
    if furniture.marks:
        story.kept["trailers"] = furniture.marks
    story.ed_note = " ".join([story.ed_note, *furniture.notes]).strip()


def _take_html_trailers(body: str, credits: Credits) -> tuple[str, list[str]]:
    """The body without its closing paragraphs of plain text, as _take_trailers takes a plain
    text's closing lines (never its only paragraph); end marks answered as sent."""
    marks: list[str] = []
    for _ in range(MAX_TRAILER_LINES):
        start = body.rfind("<p>")
        found = LAST_PLAIN_PARAGRAPH.match(body, start) if start > 0 else None
        trailer = _trailer(unescape(found[1]).strip()) if found else None
        if trailer is None:
            break
        rest, named, mark = trailer
        body = body[:start] + (f"<p>{escape(rest, quote=False)}</p>" if rest else "")
        credits.writers += named.writers
        credits.contributors += named.contributors
        marks[:0] = [mark] if mark else []
    return body, marks


def parse_byline(line: str) -> tuple[list[str], str] | None:
    """`By NAME and NAME, Reuters` → (names, agency) in the first style that reads it."""
    if not line or len(line) > MAX_BYLINE:
        return None
    for style in STYLES:
        for pattern in style.bylines:
            match = pattern.fullmatch(line)
            names = _names(match["names"]) if match else None
            if match and names:
                return names, _byline_agency(match, style)
    return None


def _agency_of(name: str) -> str | None:
    """`Associated Press`, `Reuters`, `Kyodo`: the agency a byline names, else None."""
    return agency_named(name) or known_agency(name)


def _byline_agency(match: re.Match[str], style: Style) -> str:
    """The agency the byline names; a pattern that names none is its style's own form."""
    if "agency" not in match.re.groupindex:
        return style.agency
    return (_agency_of(match["agency"]) or style.agency) if match["agency"] else ""


def _names(text: str) -> list[str] | None:
    """The people a byline names, or None if any part does not read as a person's name.
    Where they are is left out: `Matt Ott in Silver Spring, Md.` → Matt Ott."""
    names: list[str] = []
    placed = False  # the part before said where: `, Md.` may end that place
    for part in SEPARATORS.split(text):
        name = IN_PLACE.sub("", part).strip(" .")
        if not name or _agency_of(name) is not None:
            continue
        if _person_like(name):
            names.append(name)
        elif not (placed and len(name.split()) <= 3):
            return None
        placed = name != part.strip(" .")
    return names or None


def _person_like(name: str) -> bool:
    words = name.split()
    return (
        2 <= len(words) <= 6
        and len(name) <= 60
        and not any(c.isdigit() for c in name)
        and all(word[:1].isupper() or word in NAME_PARTICLES for word in words)
    )


def _take_trailers(lines: list[str], credits: Credits) -> tuple[list[str], list[str]]:
    """The body without its closing lines (a few at most, never its only paragraph); the
    contributors they name go to `credits`, end marks (`Enditem`) are answered as sent."""
    lines, marks = list(lines), []
    for _ in range(MAX_TRAILER_LINES):
        while lines and not lines[-1]:
            lines.pop()
        found = _trailer(lines[-1]) if lines else None
        if found is None:
            break
        rest, named, mark = found
        if not rest and sum(bool(line) for line in lines) < 2:
            break  # the text is nothing but this line: it is the story
        lines[-1:] = [rest] if rest else []
        credits.writers += named.writers
        credits.contributors += named.contributors
        marks += [mark] if mark else []
    marks.reverse()
    return lines, marks


def _trailer(line: str) -> tuple[str, Credits, str] | None:
    """(what is left of the line, who its closing part names, an end mark as sent) if the line
    ends in a closing part of a known style, else None."""
    if len(line) > 2000:  # a paragraph, not a closing line
        return None
    named = Credits([], [])
    for style in STYLES:
        for pattern in style.trailers:
            if "roles" in pattern.groupindex:
                if match := pattern.search(line):
                    _roles(match["roles"], named)
                    return line[: match.start()].rstrip(), named, ""
            elif match := pattern.fullmatch(line):
                if "additional" not in pattern.groupindex:
                    return "", named, line
                names = _names(match["additional"]) or []
                named.writers += [(name, Byline.Role.ADDITIONAL) for name in names]
                return "", named, ""
    return None


def _roles(text: str, credits: Credits) -> None:
    """`Reporting by X in London; Editing by Y and Z` → writers by role, or contributors."""
    for part in text.split(";"):
        match = ROLE_BY.fullmatch(part.strip())
        if not match:
            continue
        said = " ".join(match["role"].split())
        role = TRAILER_ROLES.get(said.casefold())
        for name in _names(match["names"]) or []:
            if role:
                credits.writers.append((name, role))
            else:
                credits.contributors.append({"name": name, "role": said})


def _unique(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return list(dict.fromkeys(pairs))
