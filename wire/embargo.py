"""Embargo lines in plain text: `HOLD FOR RELEASE UNTIL 10 A.M. EDT`, `Sperrfrist: 4. März 2026,
00:01 Uhr`, read into the moment they name with the agencies' patterns in wire.styles.

An embargo line is never copy: it is taken out of the text whether or not it is read. One that
is read holds the article like ninjs' `embargoed`; one that is not is kept with the item and
stops routing from publishing it by itself (wire.text, wire.routing).
"""

import re
from datetime import date, datetime, time, timedelta

from wire.styles import EMBARGO_LEAD, EMBARGO_NOTICE, STYLES, WEEKDAYS, ZONES, Style

MAX_EMBARGO_LINE = 200  # a longer line opening with "Embargoed until" is a paragraph
# An embargo date further back than this is next year's (`March 4` in a December item); one a
# little in the past is an old item sent again.
EMBARGO_LATE = timedelta(days=30)


def is_embargo_line(line: str, *, in_text: bool = False) -> bool:
    """Whether the line is an agency's embargo notice, read or not. Any line a notice's words
    open is one ("Embargoed until delivery", "Embargo fino a martedì"): one the desk cannot
    read must still stop publication. Inside a dated item's text (`in_text`), a sentence
    running on past a comma to its full stop ("Hold for release of the crews, the unions
    demanded.") is a paragraph, unless it reads as a notice (wire.styles.EMBARGO_NOTICE)."""
    if len(line) > MAX_EMBARGO_LINE or EMBARGO_LEAD.match(line) is None:
        return False
    return not (in_text and _runs_on(line)) or EMBARGO_NOTICE.match(line) is not None


def _runs_on(line: str) -> bool:
    return line.endswith(".") and ", " in line


def take_embargo_lines(lines: list[str], *, head: int) -> tuple[list[str], list[str]]:
    """(the lines without embargo notices, the notices); the first `head` lines are above the
    text (before its dateline: all of an undated item's)."""
    kept: list[str] = []
    notices: list[str] = []
    for index, line in enumerate(lines):
        (notices if is_embargo_line(line, in_text=index >= head) else kept).append(line)
    return kept, notices


def parse_embargo(line: str, *, sent: datetime, day: date | None = None) -> datetime | None:
    """The moment an embargo line names, aware, in the first agency style that reads it
    (wire.styles.STYLES, in order); None when none does, or what it says cannot be: a
    31 February, a weekday that is not the date's, a time with no zone and no agency's own.

    `sent` is the item's time and `day` its own date if it says one (the dateline's): a time
    without a date is that day's, or the next day's when that moment is before `sent`."""
    if len(line) > MAX_EMBARGO_LINE:
        return None
    for style in STYLES:
        for pattern in style.embargoes:
            if match := pattern.fullmatch(line):
                return _moment(match, style, sent=sent, day=day)
    return None


def _moment(
    match: re.Match[str], style: Style, *, sent: datetime, day: date | None
) -> datetime | None:
    parts = match.groupdict()
    zone = ZONES[" ".join(parts["zone"].casefold().split())] if parts.get("zone") else style.zone
    if zone is None:
        return None
    at = _clock(parts)
    weekday = WEEKDAYS[parts["weekday"].casefold()] if parts.get("weekday") else None
    start = day or sent.astimezone(zone).date()
    if parts.get("month"):
        on = _date(parts, style, after=start)
        if on is None or weekday not in (None, on.weekday()):
            return None
        return datetime.combine(on, at, tzinfo=zone)
    step = timedelta(days=1)
    if weekday is not None:  # `0001 GMT FRIDAY`: the first Friday from the item's day
        start += timedelta(days=(weekday - start.weekday()) % 7)
        step = timedelta(days=7)
    moment = datetime.combine(start, at, tzinfo=zone)
    return moment + step if moment < sent else moment


def _clock(parts: dict[str, str | None]) -> time:
    """`12:01 A.M.` → 00:01, `6:01 PM` → 18:01, `00.01` → 00:01 (the patterns bound the hours)."""
    hour, minute = int(parts["hour"] or 0), int(parts.get("minute") or 0)
    if ampm := parts.get("ampm"):
        hour = hour % 12 + (12 if ampm[0] in "pP" else 0)
    return time(hour, minute)


def _date(parts: dict[str, str | None], style: Style, *, after: date) -> date | None:
    """The date the line names; a date without a year is the first such day from a month
    before `after` on."""
    month_text, day = parts["month"] or "", int(parts["day"] or 0)
    month = int(month_text) if month_text.isdigit() else style.months.get(month_text.lower())
    if month is None:
        return None
    if parts.get("year"):
        return _dated(int(parts["year"] or 0), month, day)
    for year in (after.year - 1, after.year, after.year + 1):
        candidate = _dated(year, month, day)
        if candidate and candidate >= after - EMBARGO_LATE:
            return candidate
    return None


def _dated(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:  # 31 February, month 13
        return None
