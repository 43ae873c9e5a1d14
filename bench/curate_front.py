"""Arrange the home front as a newsroom would for bench/pages.sh, or take the arrangement away.

    python bench/curate_front.py          # a lead, 10 top stories, 3 blocks of 4 (recent articles)
    python bench/curate_front.py --clear  # no arrangement: the automatic home page

Run with the benchmark's environment. The slots hold articles from further down the automatic
list, so the curated front shows different articles from the automatic one.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django

django.setup()

from django.db import transaction  # noqa: E402

from articles.cache import purge  # noqa: E402
from articles.models import Teaser  # noqa: E402
from fronts import schedule  # noqa: E402
from fronts.models import HOME, Arrangement, Front, Slot  # noqa: E402

BLOCKS = ("Opinion", "Most important in Politics", "Analysis")


@transaction.atomic
def curate() -> None:
    ids = list(Teaser.objects.visible().values_list("article_id", flat=True)[30 : 30 + 1 + 10 + 12])
    front, _ = Front.objects.get_or_create(page=HOME)
    arrangement = Arrangement.objects.create(front=front)
    places = [("lead", "")] + [("top", "")] * 10 + [("block", b) for b in BLOCKS for _ in range(4)]
    Slot.objects.bulk_create(
        Slot(
            arrangement=arrangement,
            place=place,
            block=block,
            position=n,
            article_id=pk,
            headline="Front headline" if n % 3 == 0 else "",
        )
        for n, ((place, block), pk) in enumerate(zip(places, ids, strict=False))
    )
    schedule.arranged(arrangement)
    print(f"home front: {len(ids)} slots")


@transaction.atomic
def clear() -> None:
    Front.objects.filter(page=HOME).delete()
    schedule.forget_next_change()
    purge({schedule.key(HOME)})
    print("home front: automatic")


if __name__ == "__main__":
    clear() if "--clear" in sys.argv else curate()
