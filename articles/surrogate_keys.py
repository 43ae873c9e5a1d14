"""Surrogate keys: short names for what a public page shows, and for what a change touches.

A page carries a key for everything it shows (articles.cache.shows()); a change purges the keys
of what it touched, so the edge caches and the page cache drop exactly the pages concerned.

    a<id>     the article: its page, and every list, feed or export showing its teaser
    s<id>     section <id>'s list and feeds (pages whose membership a change can move)
    t<id>     tag <id>'s list and feeds
    au<id>    author <id>'s list and feeds
    home      the home page and its pages; feeds, sitemaps, search, ninjs, corrections: theirs
    nav       every HTML page (the section menu in the layout)
    all       every public response (public_content_changed())

An article page carries only its own key (a<id>) and nav: a new article in its section changes
the section's list, not the pages of the articles already in it.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from taggit.models import Tag

from articles.models import Author, Teaser

HOME, FEEDS, SITEMAPS, SEARCH = "home", "feeds", "sitemaps", "search"
NINJS, CORRECTIONS, NAV, ALL = "ninjs", "corrections", "nav", "all"
# The lists every public article is on, in an order that membership or dates can change.
LISTS = (HOME, FEEDS, NINJS, CORRECTIONS)


def article(pk: int) -> str:
    return f"a{pk}"


def section(pk: int) -> str:
    return f"s{pk}"


def tag(pk: int | str) -> str:
    return f"t{pk}"


def author(pk: int) -> str:
    return f"au{pk}"


@dataclass(frozen=True)
class Shown:
    """What readers see of one article that decides which lists show it (its teaser row)."""

    listed: tuple[datetime, datetime | None]  # publication time and embargo end
    section: int | None
    tags: frozenset[str]  # slugs, as the row stores them
    authors: frozenset[str]
    notes: int


def shown(article_ids: Iterable[int]) -> dict[int, Shown]:
    """The articles' teaser rows as they are now (call it before a change rewrites them)."""
    rows = Teaser.objects.filter(article_id__in=list(article_ids)).values_list(
        "article_id", "published_at", "embargo_until", "section_id", "data"
    )
    return {
        pk: Shown(
            listed=(published_at, embargo_until),
            section=section_id,
            tags=frozenset(slug for _name, slug in data.get("topics", [])),
            authors=frozenset(credit[2] for credit in data.get("credits", [])),
            notes=len(data.get("notes", [])),
        )
        for pk, published_at, embargo_until, section_id, data in rows
    }


def for_articles(article_ids: Iterable[int], before: dict[int, Shown] | None) -> set[str]:
    """The keys to purge when what readers see of these articles changed.

    `before` is shown() from before the change; None means the change moved no article in or out
    of a list (a photo's new credit): only the pages showing them are purged.
    """
    ids = list(dict.fromkeys(article_ids))
    if not ids:
        return set()
    after = shown(ids)
    if before is None:
        before = after
    keys = {article(pk) for pk in ids} | {SITEMAPS, SEARCH}  # both list every article's date
    tag_slugs: set[str] = set()
    author_slugs: set[str] = set()
    for pk in ids:
        old, new = before.get(pk), after.get(pk)
        for state in (old, new):
            if state is not None:
                if state.section is not None:
                    keys.add(section(state.section))
                tag_slugs |= state.tags
                author_slugs |= state.authors
        if old is None or new is None or old.listed != new.listed:
            keys.update(LISTS)  # in or out of the lists, or moved in their order
        elif old.notes != new.notes:
            keys.add(CORRECTIONS)
    keys |= {tag(pk) for pk in Tag.objects.filter(slug__in=tag_slugs).values_list("pk", flat=True)}
    authors = Author.objects.filter(slug__in=author_slugs).values_list("pk", flat=True)
    return keys | {author(pk) for pk in authors}
