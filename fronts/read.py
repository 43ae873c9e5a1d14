"""What a front shows: its live arrangement's slots, then the automatic order.

Only teaser rows that are visible now reach a slot (Teaser.objects.visible(), the same rule as
Article.objects.published()), so unpublishing or embargoing an article takes it off every front
with no write to the slots. An expired or vanished lead or top story is filled from the automatic
order; a vanished block item is left out (an "Opinion" block is not filled with the news). No
article shows twice on one front. The cost is fixed however many slots there are: the live slots
(one query), their visible rows (one), the automatic list (one).
"""

import copy
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import QuerySet, Subquery

from articles.models import Teaser
from fronts.models import Arrangement, Crop, Place, Slot


@dataclass
class Placed:
    """A teaser row as this front shows it (front-only headline and standfirst applied)."""

    row: Teaser
    spec: str = ""  # the picture: "" for the place's own, a FIGURE spec, or "none"


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
    arranged_at: datetime | None

    def rows(self) -> list[Teaser]:
        placed = [self.lead] if self.lead else []
        placed += self.top + [item for block in self.blocks for item in block.items]
        return [item.row for item in placed] + self.latest


def live_slots(page: str, now: datetime) -> list[Slot]:
    """The slots of the front's newest arrangement whose time has come (one query)."""
    live = (
        Arrangement.objects.filter(front__page=page, goes_live_at__lte=now)
        .order_by("-goes_live_at", "-pk")
        .values("pk")[:1]
    )
    slots = Slot.objects.filter(arrangement_id=Subquery(live)).select_related("arrangement")
    return list(slots.order_by("position", "pk"))


def visible_rows(article_ids: Iterable[int]) -> dict[int, Teaser]:
    return {
        row.article_id: row for row in Teaser.objects.visible().filter(article_id__in=article_ids)
    }


def as_placed(slot: Slot, row: Teaser) -> Placed:
    shown = copy.copy(row)
    shown.data = dict(row.data)
    if slot.headline:
        shown.data["headline"] = slot.headline
    if slot.standfirst:
        shown.data["standfirst"] = slot.standfirst
    if slot.crop == Crop.NONE:
        shown.data["photo"] = None
    return Placed(shown, "" if slot.crop == Crop.NONE else slot.crop)


def compose(
    slots: list[Slot], automatic: QuerySet, now: datetime, *, per_page: int
) -> Front | None:
    """The front from these slots (saved or not: the preview passes unsaved ones), or None
    when there are none: an uncurated front is the automatic list, exactly as before."""
    if not slots:
        return None
    rows = visible_rows({slot.article_id for slot in slots})
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
    fill = list(automatic.exclude(article_id__in=used)[: per_page + holes + 1])
    filler = iter(fill)
    lead_item = lead[0] or next((Placed(row) for row in filler), None)
    top = [item or next((Placed(row) for row in filler), None) for item in picked[Place.TOP]]
    latest = list(filler)
    return Front(
        lead=lead_item,
        top=[item for item in top if item],
        blocks=[block for block in blocks.values() if block.items],
        latest=latest[:per_page],
        more=len(latest) > per_page,
        arranged_at=slots[0].arrangement.goes_live_at if slots[0].arrangement_id else None,
    )
