"""A natural-language `by` line into names and roles: the inverse of articles.format_byline."""

import re

from articles.models import BYLINE_PHRASES, Byline
from wire.agencies import known_agency

# "By" in the languages of the agencies we take copy from (dpa's "Von", TT's "Av", …).
FOREIGN_BY = ("by", "von", "av", "af", "por", "par", "di", "door", "przez", "od", "de")
ROLE_PREFIXES = sorted(
    ((phrase.format("").strip().lower(), role) for role, phrase in BYLINE_PHRASES.items()),
    key=lambda pair: -len(pair[0]),
)
SEPARATORS = re.compile(r",\s*|\s+(?:and|und|og|och|et|y|e|en|&)\s+", re.IGNORECASE)


def parse_by(by: str, *, agency: str = "") -> list[tuple[str, str]]:
    """`Von Christian Hollmann, dpa` → [("Christian Hollmann", "writer")]: agencies left out."""
    names: dict[tuple[str, str], None] = {}  # in order, without repeats, in linear time
    for part in by.split(";"):
        role, text = _role(part.strip())
        for name in SEPARATORS.split(text):
            name = name.strip(" .")
            if _is_person(name, agency=agency):
                names[(name, role)] = None
    return list(names)


def _role(part: str) -> tuple[str, str]:
    lowered = part.lower()
    for prefix, role in ROLE_PREFIXES:
        if lowered.startswith(prefix + " "):
            return role, part[len(prefix) + 1 :]
    for word in FOREIGN_BY:
        if lowered.startswith(word + " "):
            return Byline.Role.WRITER, part[len(word) + 1 :]
    return Byline.Role.WRITER, part


def _is_person(name: str, *, agency: str) -> bool:
    if not name or len(name) > 200 or not any(c.isalpha() for c in name):
        return False
    return name.casefold() != agency.casefold() and known_agency(name) is None
