"""Search over headline, standfirst and body: PostgreSQL's full-text search, or a plain match.

PostgreSQL ranks by relevance with the headline weighted above the standfirst and the body;
SQLite (development and tests) falls back to a case-insensitive match on every word.
"""

from django.conf import settings
from django.db import connections
from django.db.models import F, Q, QuerySet
from django.db.models.expressions import RawSQL

# PostgreSQL text-search configurations for the site's language; "simple" does no stemming.
SEARCH_CONFIGS = {"en": "english", "fr": "french", "de": "german", "es": "spanish", "ru": "russian"}


def search_config() -> str:
    return SEARCH_CONFIGS.get(settings.SITE_LANGUAGE.split("-")[0], "simple")


def search_articles(articles: QuerySet, query: str) -> QuerySet:
    if connections[articles.db].vendor == "postgresql":
        return _full_text(articles, query)
    return _plain(articles, query)


def document_vector(config: str):
    """Headline, standfirst and body as one weighted tsvector: what a search is matched against.

    Migration 0005 indexes exactly this expression (GIN), so a match never reads every row.
    """
    from django.contrib.postgres.search import SearchVector

    return (
        SearchVector("headline", weight="A", config=config)
        + SearchVector("standfirst", weight="B", config=config)
        + SearchVector("body", weight="C", config=config)
    )


# The column migration 0006 added beside the model's own (PostgreSQL only, so not a field).
SUMMARY_COLUMN = '"articles_article"."search_summary"'


def summary_vector(config: str):
    """Headline and standfirst as a weighted tsvector: what results are ranked by.

    Migration 0006 stores exactly this in the column `search_summary`, which a trigger keeps up
    to date, so ranking never parses the text of the matches.
    """
    from django.contrib.postgres.search import SearchVector

    return SearchVector("headline", weight="A", config=config) + SearchVector(
        "standfirst", weight="B", config=config
    )


def _full_text(articles: QuerySet, query: str) -> QuerySet:
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField

    config = search_config()
    search_query = SearchQuery(query, search_type="websearch", config=config)
    # Ranked on the headline and standfirst only, so a body-only match ranks by date after them.
    summary = RawSQL(SUMMARY_COLUMN, (), SearchVectorField())
    # alias(), not annotate(): neither vector is wanted in the results, and computing the
    # document for each row shown would parse its body.
    return (
        articles.alias(document=document_vector(config))
        .filter(document=search_query)
        .alias(rank=SearchRank(summary, search_query))
        .order_by("-rank", F("published_at").desc())
    )


def _plain(articles: QuerySet, query: str) -> QuerySet:
    for word in query.split()[:10]:
        articles = articles.filter(
            Q(headline__icontains=word) | Q(standfirst__icontains=word) | Q(body__icontains=word)
        )
    return articles
