"""Search over headline, standfirst and body: PostgreSQL's full-text search, or a plain match.

PostgreSQL ranks by relevance with the headline weighted above the standfirst and the body;
SQLite (development and tests) falls back to a case-insensitive match on every word.
"""

from django.conf import settings
from django.db import connections
from django.db.models import F, Q, QuerySet

# PostgreSQL text-search configurations for the site's language; "simple" does no stemming.
SEARCH_CONFIGS = {"en": "english", "fr": "french", "de": "german", "es": "spanish", "ru": "russian"}


def search_config() -> str:
    return SEARCH_CONFIGS.get(settings.SITE_LANGUAGE.split("-")[0], "simple")


def search_articles(articles: QuerySet, query: str) -> QuerySet:
    if connections[articles.db].vendor == "postgresql":
        return _full_text(articles, query)
    return _plain(articles, query)


def _full_text(articles: QuerySet, query: str) -> QuerySet:
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    config = search_config()
    vector = (
        SearchVector("headline", weight="A", config=config)
        + SearchVector("standfirst", weight="B", config=config)
        + SearchVector("body", weight="C", config=config)
    )
    search_query = SearchQuery(query, search_type="websearch", config=config)
    return (
        articles.annotate(document=vector)
        .filter(document=search_query)
        .annotate(rank=SearchRank(F("document"), search_query))
        .order_by("-rank", F("published_at").desc())
    )


def _plain(articles: QuerySet, query: str) -> QuerySet:
    for word in query.split()[:10]:
        articles = articles.filter(
            Q(headline__icontains=word) | Q(standfirst__icontains=word) | Q(body__icontains=word)
        )
    return articles
