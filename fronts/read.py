"""What a front shows: its live arrangement's slots, then the automatic order.

Only teaser rows that are visible now reach a slot (`visible()`: Teaser.objects.visible()'s
rule, the same as Article.objects.published()), so unpublishing or embargoing an article takes
it off every front with no write to the slots: its slot is left out and those after it close up.
The page still carries the keys of every article its slots name, so that article changing
(coming back, say) purges the front. An expired lead or top story is filled from the automatic
order; an expired block item is left out (an "Opinion" block is not filled with the news). No
article shows twice on one front, and page 1 shows as many teasers as the automatic page does
(plus a few of the latest when the slots alone fill it): older articles are on page 2. The cost
is fixed however many slots there are: the live slots with their rows (one query), the automatic
list (one).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection
from django.db.models import QuerySet

from articles.models import Teaser
from fronts.models import Arrangement, Crop, Place, Slot
from fronts.models import Front as FrontModel
from newsroom import rawsql

LATEST_AT_LEAST = 5  # the latest articles a curated front always lists after its slots


@dataclass
class Placed:
    """A teaser row as this front shows it: `data` is the row's, with the slot's front-only
    headline and standfirst."""

    row: "Row | Teaser"
    data: dict
    spec: str = ""  # the picture: "" for the place's own, or a FIGURE spec


@dataclass(slots=True)
class Placing:
    """What a slot asks for (a saved Slot's columns, or a preview's unsaved row)."""

    article_id: int
    place: str
    block: str = ""
    position: int = 0
    headline: str = ""
    standfirst: str = ""
    crop: str = ""
    expires_at: datetime | None = None


@dataclass
class Block:
    name: str
    items: list[Placed] = field(default_factory=list)


@dataclass
class Front:
    lead: Placed | None
    top: list[Placed]
    blocks: list[Block]
    latest: list[Teaser]
    more: bool  # the automatic list goes on past this page

    def rows(self) -> list["Row | Teaser"]:
        placed = [self.lead] if self.lead else []
        placed += self.top + [item for block in self.blocks for item in block.items]
        return [item.row for item in placed] + self.latest


@dataclass(slots=True)
class Row:
    """What a slot shows of its article's teaser row, read with the slot (not as a Teaser)."""

    article_id: int
    published_at: datetime
    data: dict


@dataclass
class Live:
    """A front's live arrangement as read for readers: its slots whose article is visible now,
    those articles' rows, and every article its slots name (shown or not: the page carries
    their keys, so a hidden one coming back purges it)."""

    slots: list[Placing]
    rows: dict[int, Row]
    article_ids: list[int]


def visible(published_at: datetime | None, embargo_until: datetime | None, now: datetime) -> bool:
    """Teaser.objects.visible() for a row already read (None: the article has no row, so it
    is not published): tests/fronts pin the two together. Checked here, not in SQL, because
    the correlated subquery costs every front, curated or not, more than the check saves."""
    if published_at is None or published_at > now:
        return False
    return embargo_until is None or embargo_until <= now


# The slots of the front's newest arrangement whose time has come, with their articles' teaser
# rows (if any). Written by hand: the ORM took four times as long to build this query as the
# database takes to answer it, on every front, curated or not.
SLOTS = (
    "SELECT s.article_id, t.published_at, t.embargo_until, t.data, "
    "s.place, s.block, s.position, s.headline, s.standfirst, s.crop, s.expires_at "
    "FROM {slot} s LEFT JOIN {teaser} t ON t.article_id = s.article_id "
    "WHERE s.arrangement_id = (SELECT a.id FROM {arrangement} a JOIN {front} f "
    "ON f.id = a.front_id WHERE f.page = %s AND a.goes_live_at <= %s "
    "ORDER BY a.goes_live_at DESC, a.id DESC LIMIT 1) ORDER BY s.position, s.id"
)


def live(page: str, now: datetime) -> Live:
    """The slots of the front's newest arrangement whose time has come, each with its article's
    teaser row if that is visible now: one query of plain values (no model instances). A slot
    whose article is not visible is left out: the slots after it close up, and the latest
    articles fill the page."""
    tables = {"slot": Slot, "teaser": Teaser, "arrangement": Arrangement, "front": FrontModel}
    sql = SLOTS.format(**{name: rawsql.table(model) for name, model in tables.items()})
    with connection.cursor() as cursor:
        cursor.execute(sql, (page, now))
        found = cursor.fetchall()
    slots: list[Placing] = []
    rows: dict[int, Row] = {}
    article_ids: list[int] = []
    for article_id, published, embargo_until, data, *columns in found:
        article_ids.append(article_id)
        published_at = rawsql.maybe_aware(published)
        if published_at and visible(published_at, rawsql.maybe_aware(embargo_until), now):
            slots.append(placing(article_id, *columns))
            rows[article_id] = Row(article_id, published_at, rawsql.json_value(data))
    return Live(slots, rows, article_ids)


def placing(article_id, place, block, position, headline, standfirst, crop, expires_at) -> Placing:
    return Placing(
        article_id,
        place,
        block,
        position,
        headline,
        standfirst,
        crop,
        rawsql.maybe_aware(expires_at),
    )


def visible_rows(article_ids: Iterable[int]) -> dict[int, Teaser]:
    return {
        row.article_id: row for row in Teaser.objects.visible().filter(article_id__in=article_ids)
    }


def as_placed(slot: Placing, row: Row | Teaser) -> Placed:
    data = row.data
    if slot.headline or slot.standfirst or slot.crop == Crop.NONE:
        data = dict(data)
        data["headline"] = slot.headline or data["headline"]
        data["standfirst"] = slot.standfirst or data["standfirst"]
        if slot.crop == Crop.NONE:
            data["photo"] = None
    return Placed(row, data, "" if slot.crop == Crop.NONE else slot.crop)


def automatic_item(row: Teaser) -> Placed:
    return Placed(row, row.data)


def compose(
    slots: list[Placing],
    rows: Mapping[int, Row | Teaser],
    automatic: QuerySet,
    now: datetime,
    *,
    per_page: int,
) -> Front | None:
    """The front from these slots (saved or not: the preview passes unsaved ones), or None
    when there are none: an uncurated front is the automatic list, exactly as before."""
    if not slots:
        return None
    used: set[int] = set()
    picked: dict[str, list[Placed | None]] = {Place.LEAD: [], Place.TOP: []}
    blocks: dict[str, Block] = {}
    for slot in sorted(slots, key=lambda slot: slot.position):
        row = rows.get(slot.article_id)
        live = row is not None and slot.article_id not in used
        live = live and (slot.expires_at is None or slot.expires_at > now)
        if live:
            used.add(slot.article_id)
        if slot.place == Place.BLOCK:
            block = blocks.setdefault(slot.block, Block(slot.block))
            if live:
                block.items.append(as_placed(slot, row))  # type: ignore[arg-type]
        else:
            picked[slot.place].append(as_placed(slot, row) if live else None)  # type: ignore[arg-type]
    lead = (picked[Place.LEAD] or [None])[:1]
    holes = lead.count(None) + picked[Place.TOP].count(None)
    # The front shows a page's worth of teasers in all, as the automatic page does, the latest
    # after the curated ones (at least LATEST_AT_LEAST of them, so breaking news shows).
    curated = len(lead) + len(picked[Place.TOP]) + sum(len(b.items) for b in blocks.values())
    wanted = max(per_page - curated, LATEST_AT_LEAST)
    filler = iter(automatic.exclude(article_id__in=used)[: holes + wanted + 1])
    lead_item = lead[0] or next((automatic_item(row) for row in filler), None)
    top = [
        item or next((automatic_item(row) for row in filler), None) for item in picked[Place.TOP]
    ]
    latest = list(filler)
    return Front(
        lead=lead_item,
        top=[item for item in top if item],
        blocks=[block for block in blocks.values() if block.items],
        latest=latest[:wanted],
        more=len(latest) > wanted,
    )
