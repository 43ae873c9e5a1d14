"""Related stories: the articles an article page points its readers to, read in one query.

The editor's choices (RelatedArticle) come first, in their order; automatic ones fill the
places left up to SHOWN, best first: shared topics count most, then the same section, and on
PostgreSQL the full-text similarity of the candidate's stored document (migration 0009's
`search_document`) to the article's own headline and topics; recency breaks ties. SQLite
(development and tests) ranks by topics, section and recency only.

Everything is read from teaser rows through Teaser.objects.visible(), so an article that is
unpublished or embargoed drops out of every related list at once, with no write to the choices;
the page carries the keys of the articles it shows (articles.views), so the change that hides
one purges the pages showing it.

Cost: one query whatever the archive. The automatic candidates are the newest CANDIDATES
articles sharing a topic or the section, and on PostgreSQL the newest CANDIDATES whose document
matches a word of the headline or topics, so ranking never reads more than that many rows; an
older article found only among more than CANDIDATES newer ones is not proposed, which suits a
newsroom whose readers want the latest follow-ups.
"""

import re
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connections
from django.db.models import (
    Case,
    Count,
    Expression,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils import timezone
from taggit.models import TaggedItem

from articles.models import Article, RelatedArticle, Status, Teaser
from articles.search import search_config

SHOWN = 4  # related stories on an article page, the editor's and automatic ones together
CANDIDATES = 200  # the newest similar articles the automatic ones are ranked among
MAX_TERMS = 12  # words of the headline and topics the full-text similarity looks for
SECTION_WEIGHT = 0.5  # worth half a shared topic

# PostgreSQL only: the stored document (migration 0009) matched and ranked against the terms;
# the newest published matches only, through the (status, published_at) index or the GIN one,
# never the whole set of matches of a common word.
MATCHING = (
    "SELECT id FROM articles_article WHERE status = %s AND published_at <= %s "
    "AND search_document @@ websearch_to_tsquery(%s::regconfig, %s) "
    "ORDER BY published_at DESC LIMIT %s"
)
RANK = (
    "(SELECT ts_rank(r.search_document, websearch_to_tsquery(%s::regconfig, %s)) "
    'FROM articles_article r WHERE r.id = "articles_teaser"."article_id")'
)


def related_teasers(article: Article, teaser: Teaser) -> list[Teaser]:
    """The teaser rows of the stories to show beside `article`, chosen ones first (one query)."""
    pk = article.pk
    chosen = RelatedArticle.objects.filter(article_id=pk)
    slugs = [slug for _name, slug in teaser.data.get("topics", [])]
    postgresql = connections[Teaser.objects.db].vendor == "postgresql"
    terms = _terms(article, teaser) if postgresql else ""
    others = Teaser.objects.visible().exclude(article_id=pk)
    ids = _candidate_ids(chosen, others.filter(_similar(teaser, slugs)), terms)
    picked = others.filter(article_id__in=ids).annotate(
        position=Subquery(chosen.filter(related_id=OuterRef("article_id")).values("position")),
        choice=Subquery(chosen.filter(related_id=OuterRef("article_id")).values("pk")),
        score=_score(teaser, slugs, terms),
    )
    ordered = picked.order_by(
        F("position").asc(nulls_last=True),
        F("choice").asc(nulls_last=True),
        "-score",
        "-published_at",
        "-article_id",
    )
    return list(ordered[:SHOWN])


def _candidate_ids(
    chosen: QuerySet[RelatedArticle], similar: QuerySet[Teaser], terms: str
) -> "QuerySet[Any]":
    """The chosen ids, the newest similar ones and the newest text matches, as one UNION: an
    OR of INs would be a scan of every teaser row on PostgreSQL. (The newest are wrapped in one
    more IN because SQLite refuses a LIMIT inside a UNION.)"""
    newest = similar.order_by("-published_at").values("article_id")[:CANDIDATES]
    ids = chosen.values("related_id").union(
        Teaser.objects.filter(article_id__in=newest).values("article_id")
    )
    if terms:
        params = (Status.PUBLISHED, timezone.now(), search_config(), terms, CANDIDATES)
        matching = RawSQL(MATCHING, params)
        ids = ids.union(Teaser.objects.filter(article_id__in=matching).values("article_id"))
    return ids


def _tagged(slugs: list[str]) -> "QuerySet[Any]":
    content_type = ContentType.objects.get_for_model(Article)
    tagged: QuerySet[Any] = TaggedItem.objects.filter(
        content_type=content_type, tag__slug__in=slugs
    )
    return tagged


def _similar(teaser: Teaser, slugs: list[str]) -> Q:
    """What makes an article a candidate; nothing to go on, the newest articles are."""
    similar = Q()
    if slugs:
        # An IN (subquery): a join through taggit's integer object_id defeats the indexes.
        similar |= Q(article_id__in=_tagged(slugs).values("object_id"))
    if teaser.section_id is not None:
        similar |= Q(section_id=teaser.section_id)
    return similar


def _score(teaser: Teaser, slugs: list[str], terms: str) -> "ExpressionWrapper[Any]":
    shared: Expression = Value(0)
    if slugs:
        per_article = _tagged(slugs).filter(object_id=OuterRef("article_id")).order_by()
        count = per_article.values("object_id").annotate(n=Count("pk")).values("n")
        shared = Coalesce(Subquery(count, output_field=IntegerField()), 0)
    same_section = Case(
        When(section_id=teaser.section_id, then=Value(SECTION_WEIGHT)),
        default=Value(0.0),
        output_field=FloatField(),
    )
    score = shared + same_section
    if terms:
        rank = RawSQL(RANK, (search_config(), terms), output_field=FloatField())
        score = score + Coalesce(rank, Value(0.0))
    return ExpressionWrapper(score, output_field=FloatField())


def _terms(article: Article, teaser: Teaser) -> str:
    """The headline's and topics' words as a websearch query matching any of them."""
    names = " ".join(name for name, _slug in teaser.data.get("topics", []))
    words = re.findall(r"\w{3,}", f"{article.headline} {names}")
    unique = list(dict.fromkeys(word.lower() for word in words if word.lower() != "or"))
    return " or ".join(unique[:MAX_TERMS])
