"""How each agency writes its datelines, picture credits, bylines and closing lines, as data.

One `Style` per agency, each pattern with example lines in that agency's own form (tested in
tests/wire/test_styles.py); wire.text walks the table in order and the first match wins, so the
catch-all `OTHER` comes last. Every pattern is linear: repeats are bounded or separated by
characters the repeated part cannot hold, so a megabyte of near-matches cannot make one backtrack.

Named groups the parser reads:
- dateline: place, region, month, day, year (all optional but place), source;
- credit (searched at the end of a line; what comes before it is the caption): credit;
- byline (the whole line): names, agency;
- trailer (the body's last lines): roles ("Reporting by X; Editing by Y"), additional
  ("Associated Press writer X contributed"), or neither: an end mark kept as sent;
- embargo (a whole line EMBARGO_LEAD opens): hour, minute, ampm, zone, weekday, day, month,
  year (all optional but hour); a time without a zone is the agency's own (`Style.zone`).

Also data: the sections an agency's site names in a category line above the headline
(`Style.categories`), and the labels of a page's lines that are no part of the text (`Related:`).
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, timedelta, timezone, tzinfo
from types import MappingProxyType
from zoneinfo import ZoneInfo


def _numbered(spellings: tuple[tuple[str, ...], ...], *, start: int) -> Mapping[str, int]:
    names = {name: number for number, names in enumerate(spellings, start=start) for name in names}
    return MappingProxyType(names)


def _months(*spellings: tuple[str, ...]) -> Mapping[str, int]:
    """{spelling: month number}: one tuple of spellings per month, January first."""
    return _numbered(spellings, start=1)


def _weekdays(*spellings: tuple[str, ...]) -> Mapping[str, int]:
    """{spelling: date.weekday()}: one tuple of spellings per day, Monday first."""
    return _numbered(spellings, start=0)


ENGLISH = _months(
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
    ("october", "oct"), ("november", "nov"), ("december", "dec"),
)  # fmt: skip
FRENCH = _months(
    ("janvier", "janv", "jan"), ("février", "fevrier", "févr", "fevr", "fév", "fev"),
    ("mars",), ("avril", "avr"), ("mai",), ("juin",), ("juillet", "juil"), ("août", "aout"),
    ("septembre", "sept", "sep"), ("octobre", "oct"), ("novembre", "nov"),
    ("décembre", "decembre", "déc", "dec"),
)  # fmt: skip
ITALIAN = _months(
    ("gennaio", "gen"), ("febbraio", "feb"), ("marzo", "mar"), ("aprile", "apr"),
    ("maggio", "mag"), ("giugno", "giu"), ("luglio", "lug"), ("agosto", "ago"),
    ("settembre", "set"), ("ottobre", "ott"), ("novembre", "nov"), ("dicembre", "dic"),
)  # fmt: skip
SPANISH = _months(
    ("enero", "ene"), ("febrero", "feb"), ("marzo", "mar"), ("abril", "abr"), ("mayo", "may"),
    ("junio", "jun"), ("julio", "jul"), ("agosto", "ago"),
    ("septiembre", "setiembre", "sept", "sep"), ("octubre", "oct"), ("noviembre", "nov"),
    ("diciembre", "dic"),
)  # fmt: skip
GERMAN = _months(
    ("januar", "jänner", "jan"), ("februar", "feb"), ("märz", "maerz", "mär", "mrz"),
    ("april", "apr"), ("mai",), ("juni", "jun"), ("juli", "jul"), ("august", "aug"),
    ("september", "sept", "sep"), ("oktober", "okt"), ("november", "nov"), ("dezember", "dez"),
)  # fmt: skip

ENGLISH_DAYS = _weekdays(
    ("monday", "mon"), ("tuesday", "tues", "tue"), ("wednesday", "wed"),
    ("thursday", "thurs", "thur", "thu"), ("friday", "fri"), ("saturday", "sat"), ("sunday", "sun"),
)  # fmt: skip
FRENCH_DAYS = _weekdays(
    ("lundi",), ("mardi",), ("mercredi",), ("jeudi",), ("vendredi",), ("samedi",), ("dimanche",)
)
GERMAN_DAYS = _weekdays(
    ("montag",), ("dienstag",), ("mittwoch",), ("donnerstag",), ("freitag",),
    ("samstag", "sonnabend"), ("sonntag",),
)  # fmt: skip
SPANISH_DAYS = _weekdays(
    ("lunes",), ("martes",), ("miércoles", "miercoles"), ("jueves",), ("viernes",),
    ("sábado", "sabado"), ("domingo",),
)  # fmt: skip
WEEKDAYS = MappingProxyType({**ENGLISH_DAYS, **FRENCH_DAYS, **GERMAN_DAYS, **SPANISH_DAYS})


def _fixed(hours: int, name: str) -> tzinfo:
    """A zone as written: `EST` is five hours behind GMT even in July (then it would be EDT)."""
    return timezone(timedelta(hours=hours), name)


# How embargo lines name a time zone (case and spacing aside) → the zone.
ZONES: Mapping[str, tzinfo] = MappingProxyType({
    "gmt": UTC, "utc": UTC, "z": UTC, "bst": _fixed(1, "BST"),
    "cet": _fixed(1, "CET"), "mez": _fixed(1, "MEZ"), "hec": _fixed(1, "HEC"),
    "cest": _fixed(2, "CEST"), "mesz": _fixed(2, "MESZ"),
    "est": _fixed(-5, "EST"), "edt": _fixed(-4, "EDT"), "et": ZoneInfo("America/New_York"),
    "cst": _fixed(-6, "CST"), "cdt": _fixed(-5, "CDT"), "ct": ZoneInfo("America/Chicago"),
    "pst": _fixed(-8, "PST"), "pdt": _fixed(-7, "PDT"), "pt": ZoneInfo("America/Los_Angeles"),
    "msk": ZoneInfo("Europe/Moscow"), "moscow time": ZoneInfo("Europe/Moscow"),
    "beijing time": ZoneInfo("Asia/Shanghai"), "jst": _fixed(9, "JST"),
    "heure de paris": ZoneInfo("Europe/Paris"), "ora italiana": ZoneInfo("Europe/Rome"),
    "hora peninsular": ZoneInfo("Europe/Madrid"), "hora de madrid": ZoneInfo("Europe/Madrid"),
})  # fmt: skip

# --- fragments -------------------------------------------------------------------------------
# Possessive (`++`): what follows a run of letters never starts with one, so giving letters back
# could not help a match; without it a failing megabyte run is given back a letter at a time.
_LETTERS = r"[^\W\d_]++"


def _place(joiners: str) -> str:
    """Up to seven words joined by one to three of `joiners`: `NEW YORK`, `ST. LOUIS`."""
    return rf"(?P<place>{_LETTERS}(?:[{joiners}]{{1,3}}{_LETTERS}){{0,6}})"


PLACE = _place(" .'’-")  # `PORT-AU-PRINCE`, `N'DJAMENA`
# dpa's `Frankfurt/Main`, Reuters' and EFE's `KYIV/ZAPORIZHZHIA`; a slash elsewhere opens `/TASS/`
SLASHED_PLACE = _place(" .'’/-")
# `, Ga.`, `, N.Y.`, `, Italy`, `, South Korea`: the separator is never optional (no ambiguity).
REGION = rf"(?:,\s(?P<region>[A-Z][^\W\d_]*+(?:(?:\.\s?|\s){_LETTERS}){{0,3}}\.?))?"
DASH = r"(?:-{1,3}|[–—]|_)"  # `---` too: a typed em dash; `_`, AP's from its ANPA days
DAY = r"(?P<day>\d{1,2})"
YEAR = r"(?P<year>\d{4})"


def _month(months: Mapping[str, int]) -> str:
    names = "|".join(re.escape(name) for name in sorted(months, key=len, reverse=True))
    return rf"(?P<month>(?i:{names}))"


def month_first(months: Mapping[str, int], *, required: bool = False) -> str:
    """`, Dec. 2` / `, December 2.` / `, Dec 2, 2026` (optional unless `required`)."""
    date = rf"(?:,\s{_month(months)}\.?\s{DAY}(?:,\s{YEAR})?\.?)"
    return date if required else date + "?"


def day_first(months: Mapping[str, int], *, ordinal: str = "") -> str:
    """`, 2 DIC` / `, 2 déc 2026` / `, 3. Dezember` / `, 1er déc` with `ordinal="er"` (optional)."""
    suffix = f"(?:{ordinal})?" if ordinal else ""
    return rf"(?:,\s{DAY}{suffix}\.?\s{_month(months)}\.?(?:\s{YEAR})?)?"


def paren(source: str, tail: str = rf"\s?{DASH}") -> str:
    """` (AP) --`, ` (EFE).-`: the agency in brackets, then the dash that opens the text."""
    return rf"\s?\((?P<source>{source})\){tail}\s*"


def slashed(source: str) -> str:
    """` /TASS/.`, ` /Xinhua/ --`: the agency between slashes, the dash after it eaten too."""
    return rf"\s?/(?P<source>{source})/\.?\s*(?:{DASH}\s*)?"


def dateline(*parts: str) -> re.Pattern[str]:
    return re.compile("^" + "".join(parts))


def credit(pattern: str) -> re.Pattern[str]:
    """A credit closing a line, after a space or alone: searched, so the caption may precede."""
    return re.compile(rf"(?:^|(?<=\s)){pattern}$")


_NAMES = r"(?P<names>[^\W\d_][^;()\n]{0,150}?)"  # lazy and bounded; names are checked after


def byline(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)  # used with fullmatch on one line


# --- embargo lines -----------------------------------------------------------------------------
# Whether a line is an embargo notice at all, read or not: the line is then taken out of the text,
# and one no style reads stops automatic publication (wire.embargo). "Embargoed Russian oil…"
# and "Embargo on…" open sentences, not notices; so do Spanish "Embargado el yate…" and German
# "Sperrfrist für Mieterhöhungen…": those leads need their "hasta", their colon or a date.
# Past its lead a notice is a label (`EMBARGO:`), or says when (a digit, a weekday, midnight),
# or is set in capitals (`HOLD FOR RELEASE`), or ends at "until further notice": a sentence of
# a dated item's text opening with the same words ("Hold for release of the crews, the unions
# demanded.") is none of these, and stays in the text (wire.embargo.is_embargo_line).
_LABEL_LEAD = r"embargoed\s?[:–—-]|embargo\s?:|sperrfrist\s?:"
_LEAD = (
    r"embargoed(?:\s(?:for\srelease\s)?(?:until|till)\b|$)"
    r"|(?:sous\s)?embargo\sjusqu|embargo\sfino|embargad[oa]\shasta\b|embargo\shasta\b"
    r"|hold\sfor\srelease|sperrfrist\s(?:bis\b|(?=\d))"
    r"|not\sfor\s(?:publication|release)\s(?:before|until)"
)
_DAY_NAMES = "|".join(sorted((day for day in WEEKDAYS if len(day) > 4), key=len, reverse=True))
_FURTHER_NOTICE = r"further\snotice|nouvel\sordre|auf\sweiteres|nuovo\savviso|nuevo\saviso"
_SAYS_WHEN = (
    r"[^\d]*+\d"  # a time or a date
    rf"|.*?\b(?:{_DAY_NAMES}|midnight|noon)\b"
    rf"|[^,.]{{0,12}}?\b(?:{_FURTHER_NOTICE})\.?$"  # "until further notice", and no more
)
# No two lowercase letters together (Latin-1's count): a lone one is a stray unit or tag, not a
# word. Outside (?i:), where [a-z] would take capitals too.
_LOWER = "a-zß-öø-ÿ"
_IN_CAPITALS = rf"(?:[^{_LOWER}]|[{_LOWER}](?![{_LOWER}]))*+$"
# Any line a notice's words open may be one (it may say no time we read, and must still stop
# publication); a sentence of the text only if it reads as a notice (wire.embargo).
EMBARGO_LEAD = re.compile(rf"(?i:{_LABEL_LEAD}|{_LEAD})")
EMBARGO_NOTICE = re.compile(rf"(?i:{_LABEL_LEAD})|(?i:{_LEAD})(?=(?i:{_SAYS_WHEN})|{_IN_CAPITALS})")
H12 = r"(?P<hour>1[0-2]|0?[1-9])(?:[:.](?P<minute>[0-5]\d))?\s?(?P<ampm>(?i:[ap]\.?\s?m\.?))"
HHMM = r"(?P<hour>[01]\d|2[0-3])(?P<minute>[0-5]\d)"  # Reuters' `0001 GMT`


def clock(separators: str = ":.") -> str:
    """`12`, `00:01`, `00.01` (`00h01` with `h`): a 24-hour time, minutes optional."""
    return rf"(?P<hour>[01]?\d|2[0-3])(?:[{separators}](?P<minute>[0-5]\d))?"


def zone(*spellings: str) -> str:
    """`GMT`, `Moscow time`: one of these keys of ZONES, in any case."""
    unknown = set(spellings) - set(ZONES)
    if unknown:  # a typo in the table below, caught at import
        raise ValueError(f"no such zone in ZONES: {', '.join(sorted(unknown))}")
    names = [r"\s".join(map(re.escape, name.split())) for name in spellings]
    return "(?P<zone>(?i:" + "|".join(sorted(names, key=len, reverse=True)) + "))"


def weekday(days: Mapping[str, int]) -> str:
    names = "|".join(re.escape(name) for name in sorted(days, key=len, reverse=True))
    return rf"(?P<weekday>(?i:{names}))\.?"


def numeric_date(separator: str) -> str:
    """`04.03.2026`, `04/03/2026`: day, month, year."""
    return rf"{DAY}{separator}(?P<month>\d{{1,2}}){separator}{YEAR}"


def english_date(*, weekday_before: str = r",?\s") -> str:
    """` Wednesday, Oct. 14`, `, MARCH 4, 2026`, ` FRIDAY`: the weekday, the date, or both."""
    date = rf"{_month(ENGLISH)}\.?\s{DAY}(?:,\s{YEAR})?"
    return rf"(?:{weekday_before}{weekday(ENGLISH_DAYS)})?(?:,?\s{date})?"


def embargo(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)  # used with fullmatch on one line


GMT = ("gmt", "utc")
US_ZONES = ("est", "edt", "et", "cst", "cdt", "ct", "pst", "pdt", "pt")
CENTRAL_EUROPE = ("cet", "cest", "mez", "mesz")


@dataclass(frozen=True)
class Style:
    agency: str  # the agency's own spelling; "" for the catch-all
    names: tuple[str, ...] = ()  # how a byline names it: `By JEFF AMY` / `Associated Press`
    months: Mapping[str, int] = ENGLISH
    datelines: tuple[re.Pattern[str], ...] = ()
    credits: tuple[re.Pattern[str], ...] = ()
    bylines: tuple[re.Pattern[str], ...] = ()
    trailers: tuple[re.Pattern[str], ...] = ()
    embargoes: tuple[re.Pattern[str], ...] = ()
    zone: tzinfo | None = None  # where an embargo's time without a zone is read
    mixed_case_place: bool = False  # `Berlin (dpa) -`; otherwise datelines are in capitals
    # The agency site's sections of more than a word, as a category line above the headline
    # names them (a line of one word is a section whatever it says: wire.text._section_like).
    categories: tuple[str, ...] = ()
    # kind ("dateline", "credit", "byline", "trailer", "embargo") → lines in this agency's style
    examples: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def patterns(self, kind: str) -> tuple[re.Pattern[str], ...]:
        return getattr(self, "embargoes" if kind == "embargo" else kind + "s")


def agency_named(name: str) -> str | None:
    """The agency of the style that `name` names (`The Associated Press` → AP), else None."""
    folded = " ".join(name.casefold().split())
    for style in STYLES:
        if any(folded == known.casefold() for known in style.names):
            return style.agency
    return None


# Reuters' closing line, also glued to the last paragraph: `(Reporting by X; Editing by Y)`.
CREDIT_ROLES = (
    r"(?i:additional\sreporting|reporting|writing|editing|compiled|translation|translated|"
    r"photos|photography|graphics|production|research|fact-checking|video)"
)
REUTERS_TRAILER = re.compile(rf"\((?P<roles>{CREDIT_ROLES}\sby\s[^()\n]{{1,600}})\)$")
AP_CONTRIBUTED = re.compile(
    r"(?:The\s)?Associated\sPress\s(?:writers?|reporters?|journalists?|correspondents?)\s"
    r"(?P<additional>[^\n]{1,300}?)\scontributed(?:\s[^.\n]{1,60})?\."
)

AP = Style(
    agency="AP",
    names=("AP", "Associated Press", "The Associated Press"),
    datelines=(dateline(PLACE, REGION, paren("AP")),),
    credits=(credit(r"\((?P<credit>AP\sPhoto(?:/[^()/\n]{1,80}){0,2})\)"),),
    bylines=(
        byline(
            rf"(?i:by)\s{_NAMES},?\s(?:The\s)?(?P<agency>Associated\sPress|AP)"
            r"(?:\s[A-Z][\w ]{0,40})?"
        ),
    ),
    trailers=(AP_CONTRIBUTED,),
    categories=("World News", "U.S. News", "Fact Check"),
    embargoes=(
        embargo(
            r"(?i:embargoed\s(?:for\srelease\s)?until|hold\sfor\srelease\suntil)\s"
            rf"{H12}\s{zone(*US_ZONES, *GMT)}"
            r"(?:\s\(\d{4}\sGMT\))?" + english_date()  # the same moment in GMT, said again
        ),
    ),
    examples={
        "dateline": (
            "ATLANTA, Ga. (AP) -- Georgia's top election official said Tuesday",
            "WASHINGTON (AP) — The Senate voted 52-48 on Tuesday",
            "NEW YORK, N.Y. (AP) -- Stocks drifted lower on Wall Street",
            "GROSSETO, Italy (AP) -- The trial of the ship's captain resumed",
            "FORT WASHINGTON, Pa. (AP) _ A drugmaker said Monday",  # AP's NewsML-G2, 2018
        ),
        "credit": (
            "(AP Photo/Jane Doe)",
            "Voters wait in line in Atlanta, Dec. 1, 2026. (AP Photo/Mike Stewart, File)",
        ),
        "byline": (
            "By JOHN HANNA Associated Press",
            "By MARY CLARE JALONICK and LISA MASCARO, Associated Press",
            "By ZEKE MILLER, AP White House Correspondent",
        ),
        "trailer": (
            "Associated Press writer Sudhin Thanawala in Atlanta contributed to this report.",
        ),
        "embargo": (
            "EMBARGOED FOR RELEASE UNTIL 12:01 A.M. EST, Tuesday, Nov. 3, 2026",
            "HOLD FOR RELEASE UNTIL 10 A.M. EDT",
            "Embargoed until 6:01 p.m. EDT (2201 GMT) Wednesday, Oct. 14",
            "HOLD FOR RELEASE UNTIL 4 P.M. ET THURSDAY",
        ),
    },
)

REUTERS = Style(
    agency="Reuters",
    names=("Reuters", "Thomson Reuters"),
    # `KYIV/ZAPORIZHZHIA, Dec 3`: Reuters names each city the story was reported from. The place
    # is kept whole, as printed: the first city alone would say less than the agency did, and
    # wire.text still knows the place by its first city. Real ones are far inside the 100
    # characters a place may have (wire.intake refuses a longer one).
    datelines=(
        dateline(
            SLASHED_PLACE, REGION, month_first(ENGLISH), paren(r"Reuters(?:\sBreakingviews)?")
        ),
    ),
    credits=(credit(r"(?P<credit>REUTERS/[A-Z][^/\n]{0,60}(?:/[A-Za-z ]{1,30}){0,2})"),),
    bylines=(byline(rf"(?i:by)\s{_NAMES},?\s(?P<agency>Reuters)"),),
    trailers=(REUTERS_TRAILER,),
    categories=("Asia Pacific", "Middle East", "United States", "Aerospace & Defense"),
    embargoes=(
        embargo(
            rf"(?i:embargoed\suntil)\s{HHMM}\s{zone(*GMT)}"
            # the same moment in New York time, said again: `2301 GMT/6:01 PM ET`
            r"(?:\s?/\s?\d{1,2}(?::\d\d)?\s?(?i:[ap]\.?m\.?)\s[A-Z]{2,3})?"
            + english_date(weekday_before=r"\s(?i:on\s)?")
        ),
    ),
    examples={
        "dateline": (
            "LONDON, Dec 2 (Reuters) - British house prices rose",
            "FRANKFURT, Dec 2 (Reuters) - The European Central Bank",
            "WASHINGTON (Reuters) - U.S. lawmakers",
            "KYIV/ZAPORIZHZHIA, Dec 3 (Reuters) - Russian drones struck",
            "CAIRO/JERUSALEM, Dec 3 (Reuters) - Egyptian mediators",
            "BRUSSELS/PARIS (Reuters) - European Union leaders",
        ),
        "credit": (
            "REUTERS/Toby Melville",
            "Traders work on the floor in Frankfurt, Germany. REUTERS/Kai Pfaffenbach/File Photo",
        ),
        "byline": ("By William James, Reuters", "By Andy Bruce and David Milliken, Reuters"),
        "trailer": (
            "(Reporting by William James; Editing by Kate Holton)",
            "(Reporting by Andy Bruce in London; Additional reporting by Leigh Thomas in Paris;"
            " Writing by David Milliken; Editing by Hugh Lawson)",
        ),
        "embargo": (
            "EMBARGOED UNTIL 0001 GMT WEDNESDAY, MARCH 4",
            "EMBARGOED UNTIL 2301 GMT/6:01 PM ET",
            "EMBARGOED UNTIL 0500 GMT FRIDAY",
        ),
    },
)

AFP = Style(
    agency="AFP",
    names=("AFP", "Agence France-Presse"),
    months={**FRENCH, **ENGLISH},
    datelines=(
        dateline(PLACE, REGION, day_first(FRENCH, ordinal="er"), paren("AFP")),
        dateline(PLACE, REGION, month_first(ENGLISH), paren("AFP")),
    ),
    credits=(
        credit(r"Photo:\s(?P<credit>AFP(?:/[^/\n]{1,60})?)"),
        credit(r"\(Photo\sby\s(?P<credit>[^()\n]{1,80}?\s?/\s?AFP)\)"),
    ),
    bylines=(byline(rf"(?i:by|par)\s{_NAMES}\s?[,/]\s?(?P<agency>AFP)"),),
    # The desk's initials: `bur-jm/lb`, `ah/dl`.
    trailers=(re.compile(r"[a-z]{2,6}(?:-[a-z]{2,6}){0,3}/[a-z]{2,6}(?:/[a-z]{2,6}){0,3}"),),
    categories=("Faits divers",),
    embargoes=(
        embargo(rf"(?i:embargo)\s?:\s{clock(':')}\s{zone(*GMT)}\s{numeric_date('/')}"),
        embargo(
            rf"(?i:(?:sous\s)?embargo\sjusqu['’]au)\s(?:{weekday(FRENCH_DAYS)}\s)?"
            rf"{DAY}(?:er)?\s{_month(FRENCH)}\.?(?:\s{YEAR})?\s(?i:à|a)\s"
            rf"{clock('hH:')}(?:\s{zone(*GMT, 'heure de paris', 'hec')})?"
        ),
    ),
    zone=ZoneInfo("Europe/Paris"),
    mixed_case_place=True,
    examples={
        "dateline": (
            "PARIS, 2 déc 2026 (AFP) - Le gouvernement a présenté",
            "Paris (AFP) - France's government unveiled",
            "NAIROBI, Dec 2, 2026 (AFP) - Kenya's parliament",
            "PARIS, 1er déc 2026 (AFP) - Le Premier ministre",
        ),
        "credit": (
            "Photo: AFP",
            "Farmers block a road near Lyon. (Photo by Olivier CHASSIGNOLE / AFP)",
        ),
        "byline": ("By Anne CHAON, AFP", "Par Jérôme RIVET / AFP"),
        "trailer": ("bur-jm/lb", "ah/dl"),
        "embargo": (
            "EMBARGO: 12:00 GMT 04/03/2026",
            "SOUS EMBARGO JUSQU'AU 4 MARS 2026 À 00H01 GMT",
            "Embargo jusqu'au mercredi 4 mars à 11h00 heure de Paris",
            "Embargo jusqu'au 1er avril à 06h00",
        ),
    },
)

DPA_ZONE = rf"(?:\s{zone(*CENTRAL_EUROPE, *GMT)})?"
DPA = Style(
    agency="dpa",
    names=("dpa", "Deutsche Presse-Agentur"),
    months={**GERMAN, **ENGLISH},
    datelines=(dateline(SLASHED_PLACE, day_first(GERMAN), paren(r"dpa(?:-AFX)?")),),
    credits=(
        credit(r"(?P<credit>dpa/[^\W\d_][^/\n]{0,60})"),
        credit(r"(?:Photo|Foto):\s(?P<credit>[^:/\n]{1,60}/dpa)"),
    ),
    bylines=(byline(rf"(?:By|Von)\s{_NAMES},?\s(?P<agency>dpa)"),),
    categories=("Aus aller Welt",),
    embargoes=(
        embargo(
            rf"(?i:embargoed\suntil|sperrfrist:?)\s{numeric_date(r'\.')},?\s{clock()}\s(?i:uhr)"
            + DPA_ZONE
        ),
        embargo(
            rf"(?i:sperrfrist:?)\s(?:{weekday(GERMAN_DAYS)},?\s)?"
            rf"{DAY}\.\s{_month(GERMAN)}\.?(?:\s{YEAR})?,?\s{clock()}\s(?i:uhr){DPA_ZONE}"
        ),
        embargo(
            rf"(?i:sperrfrist:?)\s(?:{weekday(GERMAN_DAYS)},?\s)?{clock()}\s(?i:uhr){DPA_ZONE}"
        ),
    ),
    zone=ZoneInfo("Europe/Berlin"),
    mixed_case_place=True,
    examples={
        "dateline": (
            "BERLIN (dpa) - Germany's government",
            "Frankfurt/Main (dpa) - Die Lufthansa",
            "HAMBURG (dpa-AFX) - Shares in",
            "BERLIN, 3. Dezember (dpa) - Die Bundesregierung",
        ),
        "credit": ("dpa/Kay Nietfeld", "Olaf Scholz in the Bundestag. Photo: Kay Nietfeld/dpa"),
        "byline": ("By Christian Hollmann, dpa", "Von Anne-Béatrice Clasmann, dpa"),
        "embargo": (
            "Embargoed until 04.03.2026, 00:01 Uhr MEZ",
            "Sperrfrist 04.03.2026, 00.01 Uhr",
            "Sperrfrist: 4. März 2026, 00:01 Uhr",
            "Sperrfrist: Mittwoch, 4. März, 10:00 Uhr MEZ",
            "Sperrfrist: 18:30 Uhr MESZ",
        ),
    },
)

TASS = Style(
    agency="TASS",
    names=("TASS",),
    datelines=(dateline(PLACE, month_first(ENGLISH, required=True), slashed("TASS")),),
    credits=(credit(r"©\s?(?P<credit>[^©\n]{1,100})"),),
    categories=(
        "All news",
        "Russian Politics & Diplomacy",
        "Business & Economy",
        "Military & Defense",
        "Science & Space",
        "Society & Culture",
        "Press Review",
    ),
    embargoes=(
        embargo(
            rf"(?i:embargo(?:ed\suntil|\s?:))\s{clock(':')}\s{zone('moscow time', 'msk')}"
            rf"(?:\s\(\d\d:?\d\d\sGMT\))?{english_date()}"
        ),
    ),
    zone=ZoneInfo("Europe/Moscow"),
    examples={
        "dateline": (
            "MOSCOW, December 2. /TASS/. Russia's Central Bank",
            "BRUSELLS, October 31. /TASS/. NATO stands ready",
            "NEW YORK, Oct. 3. /TASS/. The UN",
        ),
        "credit": ("© TASS", "© Sergei Bobylev/TASS", "Vladimir Putin © Mikhail Metzel/TASS"),
        "embargo": (
            "EMBARGOED UNTIL 10:00 MOSCOW TIME, MARCH 3",
            "EMBARGO: 16:00 Moscow time",
            "EMBARGOED UNTIL 09:00 MSK, Oct. 5",
        ),
    },
)

XINHUA = Style(
    agency="Xinhua",
    names=("Xinhua", "Xinhua News Agency"),
    datelines=(
        dateline(PLACE, REGION, month_first(ENGLISH), paren("Xinhua")),
        dateline(PLACE, REGION, month_first(ENGLISH, required=True), slashed("Xinhua")),
    ),
    credits=(credit(r"\((?P<credit>Xinhua(?:/[^()\n]{1,80})?)\)"),),
    bylines=(
        byline(rf"(?i:by)\s(?P<agency>Xinhua)\s(?:writers?|reporters?|correspondents?)\s{_NAMES}"),
    ),
    trailers=(re.compile(r"(?i:enditem)"),),
    embargoes=(
        embargo(
            rf"(?i:embargoed\s(?:until|till))\s{clock(':')}\s{zone('beijing time')}"
            rf"(?:\s\(\d{{4}}\sGMT\))?{english_date()}"
        ),
    ),
    zone=ZoneInfo("Asia/Shanghai"),
    examples={
        "dateline": (
            "BEIJING, Dec. 2 (Xinhua) -- China's exports",
            "UNITED NATIONS, Dec. 1 (Xinhua) -- The UN Security Council",
            "BEIJING, Dec. 2 /Xinhua/ -- China will",
        ),
        "credit": (
            "(Xinhua/Li Xin)",
            "A train leaves Shanghai on Dec. 1, 2026. (Xinhua/Ding Ting)",
        ),
        "byline": ("by Xinhua writer Liu Yang", "by Xinhua writers Zhang Wei and Li Na"),
        "trailer": ("Enditem",),
        "embargo": (
            "EMBARGOED UNTIL 10:00 BEIJING TIME (0200 GMT) MARCH 5",
            "Embargoed till 20:00 Beijing time, March 4",
            "EMBARGOED UNTIL 09:30 BEIJING TIME",
        ),
    },
)

ANSA = Style(
    agency="ANSA",
    names=("ANSA",),
    months={**ITALIAN, **ENGLISH},
    datelines=(
        dateline(PLACE, day_first(ITALIAN), paren("ANSA", rf"\s?{DASH}")),
        # `ROMA, 3 DIC - (ANSA) text`: the agency after the date's dash
        dateline(PLACE, day_first(ITALIAN), rf"\s?{DASH}\s?\((?P<source>ANSA)\)(?:\s?{DASH})?\s*"),
        # ANSA's site opens with the agency, `(ANSA) - ROMA, 03 DIC - testo`; its English
        # service the same way with an English date: `(ANSA) - ROME, DEC 2 - text`.
        re.compile(rf"^\((?P<source>ANSA)\)\s?{DASH}\s?{PLACE}{day_first(ITALIAN)}\s?{DASH}\s*"),
        re.compile(
            rf"^\((?P<source>ANSA)\)\s?{DASH}\s?{PLACE}"
            rf"(?:,\s{_month(ENGLISH)}\.?\s{DAY})?\s?{DASH}\s*"
        ),
    ),
    credits=(credit(r"(?P<credit>ANSA/[A-Z][^/\n]{0,60})"),),
    bylines=(byline(rf"\((?i:di)\s{_NAMES}\)"),),
    categories=("Ultima ora",),
    trailers=(
        re.compile(r"(?:RIPRODUZIONE\sRISERVATA|ALL\sRIGHTS\sRESERVED)\s©\sCopyright\sANSA"),
    ),
    embargoes=(
        embargo(
            rf"(?i:embargo\sfino\salle)\s(?i:ore\s)?{clock()}"
            rf"(?:\s{zone(*GMT, 'cet', 'cest', 'ora italiana')})?"
            rf"(?:\s(?i:del)\s{DAY}\s{_month(ITALIAN)}\.?(?:\s{YEAR})?)?"
        ),
    ),
    zone=ZoneInfo("Europe/Rome"),
    examples={
        "dateline": (
            "ROMA, 2 DIC (ANSA) - Il governo",
            "(ANSA) - ROME, DEC 2 - Italy's government",
            "MILANO, 2 DIC (ANSA) - La Borsa",
            "ROMA, 3 DIC - (ANSA) Il Consiglio dei ministri",
            "(ANSA) - ROMA, 03 DIC - Il Consiglio dei ministri",
        ),
        "credit": ("ANSA/ANGELO CARCONI", "Giorgia Meloni a Palazzo Chigi. ANSA/FABIO FRUSTACI"),
        "byline": ("(di Luca Mirone)",),
        "trailer": ("RIPRODUZIONE RISERVATA © Copyright ANSA",),
        "embargo": (
            "Embargo fino alle ore 12 del 4 marzo",
            "EMBARGO FINO ALLE 00.01 DEL 5 MARZO 2026",
            "Embargo fino alle ore 15:30",
        ),
    },
)

EFE = Style(
    agency="EFE",
    names=("EFE", "Agencia EFE"),
    months={**SPANISH, **ENGLISH},
    datelines=(
        # `(EFE).-`, `(EFE) .-`; `BOGOTÁ/CARACAS`: reported from both (see Reuters)
        dateline(SLASHED_PLACE, day_first(SPANISH), paren("EFE", rf"\s?\.?\s?{DASH}")),
        dateline(SLASHED_PLACE, month_first(ENGLISH), paren("EFE", rf"\s?\.?\s?{DASH}")),
    ),
    # EPA's pictures come with EFE's copy (EPA-EFE), and alone as `EPA/NAME`.
    credits=(credit(r"(?P<credit>(?:EPA-EFE|EPA|EFE)/[^\W\d_][^/\n]{0,60})"),),
    bylines=(
        byline(rf"Por\s{_NAMES}(?:\s?[,|]\s?(?P<agency>EFE))?"),
        byline(rf"By\s{_NAMES},?\s(?P<agency>EFE)"),
    ),
    trailers=(
        re.compile(r"(?:EFE(?:-EPA)?\s?)?[a-z]{2,5}/[a-z]{2,5}(?:/[a-z]{2,5})?|EFE(?:-EPA)?"),
    ),
    categories=("Medio ambiente", "Ciencia y tecnología"),
    embargoes=(
        embargo(
            rf"(?i:embargad[oa]|embargo)\s(?i:hasta\slas)\s{clock()}(?:\s(?i:horas|h))?"
            rf"(?:\s{zone(*GMT, 'cet', 'cest', 'hora peninsular', 'hora de madrid')})?"
            rf"(?:\s(?i:del)\s(?:{weekday(SPANISH_DAYS)}\s)?{DAY}\s(?i:de)\s{_month(SPANISH)}"
            rf"(?:\s(?i:de)\s{YEAR})?)?"
        ),
    ),
    zone=ZoneInfo("Europe/Madrid"),
    mixed_case_place=True,
    examples={
        "dateline": (
            "MADRID, 2 dic (EFE).- El Gobierno español",
            "Madrid, Dec 2 (EFE).- Spain's government",
            "BOGOTÁ, 2 dic (EFE).- El presidente",
            "MADRID, 3 dic (EFE) .- El Gobierno",
            "BOGOTÁ/CARACAS, 3 dic (EFE).- Los gobiernos de Colombia y Venezuela",
        ),
        "credit": ("EFE/Juan Carlos Hidalgo", "EPA-EFE/KOCA SULEJMANOVIC", "EPA/ANDY RAIN"),
        "byline": ("Por Elena Garrido", "By Jorge Rodríguez, EFE"),
        "trailer": ("EFE jdo/ah", "EFE-EPA"),
        "embargo": (
            "Embargado hasta las 00:01 horas del 4 de marzo",
            "EMBARGADA HASTA LAS 00.01 GMT DEL 5 DE MARZO DE 2026",
            "Embargo hasta las 18.00 horas",
        ),
    },
)

# Any other agency in the same shapes (Kyodo, RIA Novosti, Interfax): read, source as sent.
OTHER_EMBARGO = r"(?i:embargo(?:ed)?(?:\s(?:for\srelease\s)?until|\s?:))\s"
OTHER = Style(
    agency="",
    datelines=(
        dateline(PLACE, month_first(ENGLISH, required=True), slashed(r"[^/\n]{1,40}")),
        dateline(PLACE, REGION, month_first(ENGLISH), paren(r"[\w .&-]{1,40}")),
    ),
    credits=(
        credit(r"\([cC]\)\s(?P<credit>[^\n]{1,100})"),
        # Getty's, for its own photographers and the agencies it sells: `(Photo by NAME / Getty
        # Images)`, `(Photo by NAME/Anadolu via Getty Images)` (AFP's own form is read as AFP's).
        credit(
            r"\(Photo\sby\s(?P<credit>[^()/\n]{1,80}/\s?[^()/\n]{0,40}Getty\sImages"
            r"(?:\sfor\s[^()\n]{1,60})?)\)"
        ),
    ),
    bylines=(byline(rf"(?:By|BY|by)\s{_NAMES}"),),
    embargoes=(
        embargo(
            rf"{OTHER_EMBARGO}{YEAR}-(?P<month>\d\d)-(?P<day>\d\d)[T\s]{clock(':')}"
            rf"(?::[0-5]\d)?\s?{zone(*ZONES)}"
        ),
        embargo(rf"{OTHER_EMBARGO}{clock(':')}\s{zone(*ZONES)}{english_date()}"),
    ),
    examples={
        "dateline": ("TOKYO, May 3 (Kyodo) - Japan's", "MOSCOW, December 2. /RIA Novosti/. The"),
        "credit": (
            "(c) Kyodo",
            "Protesters march in Paris. (Photo by John SMITH / Getty Images)",
            "(Photo by Chip Somodevilla/Getty Images)",
            "A rescuer in Gaza City. (Photo by Ali Jadallah/Anadolu via Getty Images)",
            "(Photo by Theo Wargo/Getty Images for Tribeca Festival)",
        ),
        "byline": ("By Hiroshi Tanaka",),
        "embargo": (
            "EMBARGOED UNTIL 2026-03-04T00:01Z",
            "Embargo: 2026-03-04 09:00 JST",
            "EMBARGOED UNTIL 09:00 JST, March 5",
            "Embargoed until 18:00 GMT",
        ),
    },
)

STYLES = (AP, REUTERS, AFP, DPA, TASS, XINHUA, ANSA, EFE, OTHER)
# Category lines of more than a word, as any agency's site names its sections (casefolded).
CATEGORIES = frozenset(name.casefold() for style in STYLES for name in style.categories)

# A web page's furniture between the headline and the text: `Related: …`, `Read more: …`. Such
# a line is a link or a label, not standfirst prose. Only these labels: a standfirst may open by
# naming its speaker (`Peskov: the talks were useful`), and that is prose.
PAGE_LABELS = (
    "Related", "Related content", "Read more", "Read also", "See also", "More on this",
    "Tags", "Topics", "Updated", "Published", "Lire aussi", "À lire aussi", "Leggi anche",
    "Lee también", "Mehr zum Thema",
)  # fmt: skip
PAGE_LABEL = re.compile(
    r"(?i:" + "|".join(r"\s".join(map(re.escape, label.split())) for label in PAGE_LABELS) + r")"
    r"\s?:(?:\s|$)"
)
