"""Search over headline, standfirst and body: PostgreSQL's full-text search, or a plain match.

The public search ranks a bounded set: the newest CANDIDATES matches (plus one, to know whether
there are more), headline and standfirst matches first, then by date. Ranking every match of a
common word, and counting them, costs time in proportion to the archive (seconds at 100,000
articles); the newest thousand cost the same at any size, and a newsroom's readers look for
recent stories. The trade-off, shown to readers as "more than 1,000": an older article found
only among more than a thousand newer matches is not listed; more words narrow the search.

On PostgreSQL a match is tested against a stored tsvector (migration 0009, with a GIN index):
a rare word is found through the index, a common one by reading the newest articles until
enough match, each test a lookup rather than a parse of the body. The admin's search reads the
same column. SQLite (development and tests) matches every word
case-insensitively instead, newest first.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.db import connections
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

# PostgreSQL text-search configurations for the site's language; "simple" does no stemming.
SEARCH_CONFIGS = {"en": "english", "fr": "french", "de": "german", "es": "spanish", "ru": "russian"}
CANDIDATES = 1000  # matches the public search ranks and pages through
MAX_WORDS = 10

# The columns migrations 0006 and 0009 added beside the model's own (PostgreSQL only, so no
# fields), kept by a trigger: headline+standfirst (ranking) and the whole document (matching).
SUMMARY_COLUMN = '"articles_article"."search_summary"'
DOCUMENT_COLUMN = '"articles_article"."search_document"'


def search_config() -> str:
    return SEARCH_CONFIGS.get(settings.SITE_LANGUAGE.split("-")[0], "simple")


def document_vector(config: str):
    """Headline, standfirst and body as one weighted tsvector: what a search is matched against.

    Migration 0009 stores exactly this in the column `search_document`.
    """
    from django.contrib.postgres.search import SearchVector

    return (
        SearchVector("headline", weight="A", config=config)
        + SearchVector("standfirst", weight="B", config=config)
        + SearchVector("body", weight="C", config=config)
    )


def summary_vector(config: str):
    """Headline and standfirst as a weighted tsvector: what results are ranked by.

    Migrations 0006 and 0009 store exactly this in the column `search_summary`.
    """
    from django.contrib.postgres.search import SearchVector

    return SearchVector("headline", weight="A", config=config) + SearchVector(
        "standfirst", weight="B", config=config
    )


@dataclass
class Results:
    """The ids of the matches to show, best first, and whether more matched than are ranked."""

    ids: list[int]
    more: bool


def ranked(articles: QuerySet, query: str) -> Results:
    """The public search: one query for at most CANDIDATES + 1 rows, whatever the archive."""
    if _is_postgresql(articles):
        rows = _ranked_candidates(articles, query)
    else:
        newest = _newest(_plain(articles, query)).values_list("pk", flat=True)
        rows = [(pk, 0.0) for pk in newest]
    # Stable: equal ranks stay newest first.
    ranked = sorted(rows[:CANDIDATES], key=lambda row: -row[1])
    return Results([pk for pk, _rank in ranked], more=len(rows) > CANDIDATES)


def admin_matching(articles: QuerySet, term: str) -> QuerySet:
    """The admin's search: the articles with every word in any of the three texts.

    On PostgreSQL, whole words in any form ("minister" finds "ministers"), a "quoted phrase"
    or -word as a reader may type; no beginnings of words: a prefix query has no statistics
    for the planner, which then reads every entry of the index for a common beginning (what
    grows with the archive) instead of the newest articles until a page is full.
    """
    if not term.strip():
        return articles
    if _is_postgresql(articles):
        return _matching(articles, _reader_query(term))
    return _plain(articles, term)


def _is_postgresql(articles: QuerySet) -> bool:
    return connections[articles.db].vendor == "postgresql"


def _reader_query(query: str):
    from django.contrib.postgres.search import SearchQuery

    return SearchQuery(query, search_type="websearch", config=search_config())


def _matching(articles: QuerySet, search_query) -> QuerySet:
    from django.contrib.postgres.search import SearchVectorField

    document = RawSQL(DOCUMENT_COLUMN, (), SearchVectorField())
    # alias(), not annotate(): the vector is not wanted in the results.
    return articles.alias(document=document).filter(document=search_query)


def _newest(articles: QuerySet):
    """The newest CANDIDATES + 1 of these articles."""
    return articles.order_by("-published_at", "-pk")[: CANDIDATES + 1]


def _ranked_candidates(articles: QuerySet, query: str) -> list[tuple[int, float]]:
    from django.contrib.postgres.search import SearchRank, SearchVectorField

    search_query = _reader_query(query)
    # Ranked on the headline and standfirst only, so a body-only match ranks by date after them.
    summary = RawSQL(SUMMARY_COLUMN, (), SearchVectorField())
    found = _matching(articles, search_query).annotate(rank=SearchRank(summary, search_query))
    return list(_newest(found).values_list("pk", "rank"))


def _plain(articles: QuerySet, query: str) -> QuerySet:
    for word in re.findall(r"\w+", query)[:MAX_WORDS]:
        articles = articles.filter(
            Q(headline__icontains=word) | Q(standfirst__icontains=word) | Q(body__icontains=word)
        )
    return articles
