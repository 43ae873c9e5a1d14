"""Related stories: the articles an article page points its readers to, read in one query.

The editor's choices (RelatedArticle) come first, in their order; automatic ones fill the
places left up to SHOWN, best first: shared topics count most, then the same section, and on
PostgreSQL the full-text similarity of the candidate's stored document (migration 0009's
`search_document`) to the article's own headline and topics; recency breaks ties. SQLite
(development and tests) ranks by topics, section and recency only.

Everything is read from teaser rows visible now (Teaser.objects.visible()'s rule, as
teaser.visible_sql()), so an article that is unpublished or embargoed drops out of every
related list at once, with no write to the choices; the page carries the keys of the articles
it shows (articles.views), so the change that hides one purges the pages showing it.

Cost: one query whatever the archive. The automatic candidates are the newest CANDIDATES
articles sharing a topic or the section, and on PostgreSQL the newest CANDIDATES whose document
matches a word of the headline or topics, so ranking never reads more than that many rows; an
older article found only among more than CANDIDATES newer ones is not proposed, which suits a
newsroom whose readers want the latest follow-ups.

The query is SQL written here: built from ORM expressions (subqueries, a UNION, Case/When),
compiling it cost an article page more CPU than rendering the rest of it (bench/page_cpu.py).
"""

import re
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import connections
from django.utils import timezone

from articles.models import Article, Status, Teaser
from articles.models.teaser import visible_sql
from articles.search import search_config

SHOWN = 4  # related stories on an article page, the editor's and automatic ones together
CANDIDATES = 200  # the newest similar articles the automatic ones are ranked among
MAX_TERMS = 12  # words of the headline and topics the full-text similarity looks for
SECTION_WEIGHT = 0.5  # worth half a shared topic

# Visible teaser rows among the candidates, with the editor's choice of each if any (at most
# one: related_article_once), chosen ones first, then by score and recency.
RELATED = (
    "SELECT t.*, c.position, c.id AS choice FROM articles_teaser t "
    "LEFT JOIN articles_relatedarticle c ON c.article_id = %s AND c.related_id = t.article_id "
    f"WHERE {visible_sql('t')} AND t.article_id <> %s AND t.article_id IN ({{candidates}}) "
    "ORDER BY c.position ASC NULLS LAST, c.id ASC NULLS LAST, {score} DESC, "
    "t.published_at DESC, t.article_id DESC LIMIT %s"
)
# The chosen ids, the newest similar ones and (PostgreSQL) the newest text matches, as one
# UNION: an OR of INs would be a scan of every teaser row on PostgreSQL. The newest are
# wrapped in one more IN because SQLite refuses a LIMIT inside a UNION.
CHOSEN = "SELECT c.related_id FROM articles_relatedarticle c WHERE c.article_id = %s"
NEWEST = (
    "SELECT w.article_id FROM articles_teaser w WHERE w.article_id IN ("
    f"SELECT v.article_id FROM articles_teaser v WHERE {visible_sql('v')} "
    "AND v.article_id <> %s{similar} ORDER BY v.published_at DESC LIMIT %s)"
)
# PostgreSQL only: the stored document (migration 0009) matched and ranked against the terms;
# the newest published matches only, through the (status, published_at) index or the GIN one,
# never the whole set of matches of a common word.
MATCHING = (
    "SELECT u.article_id FROM articles_teaser u WHERE u.article_id IN ("
    "SELECT id FROM articles_article WHERE status = %s AND published_at <= %s "
    "AND search_document @@ websearch_to_tsquery(%s::regconfig, %s) "
    "ORDER BY published_at DESC LIMIT %s)"
)
RANK = (
    "COALESCE((SELECT ts_rank(r.search_document, websearch_to_tsquery(%s::regconfig, %s)) "
    "FROM articles_article r WHERE r.id = t.article_id), 0.0)"
)
# The taggings with any of the topics: similar articles are an IN of their ids, not a join
# through taggit's integer object_id, which defeats the indexes.
TAGGED = (
    "FROM taggit_taggeditem ti JOIN taggit_tag tg ON tg.id = ti.tag_id "
    "WHERE ti.content_type_id = %s AND tg.slug IN ({slugs})"
)


def related_teasers(article: Article, teaser: Teaser) -> list[Teaser]:
    """The teaser rows of the stories to show beside `article`, chosen ones first (one query)."""
    pk, now = article.pk, timezone.now()
    slugs = [slug for _name, slug in teaser.data.get("topics", [])]
    postgresql = connections[Teaser.objects.db].vendor == "postgresql"
    terms = _terms(article, teaser) if postgresql else ""
    tagged = _tagged(slugs)
    candidates, candidate_params = _candidates(pk, teaser, tagged, terms, now)
    score, score_params = _score(teaser, tagged, terms)
    sql = RELATED.format(candidates=candidates, score=score)
    params = [pk, now, now, pk, *candidate_params, *score_params, SHOWN]
    return list(Teaser.objects.raw(sql, params))


def _tagged(slugs: list[str]) -> tuple[str, list]:
    """TAGGED for these topics, and its parameters; ("", []) without topics."""
    if not slugs:
        return "", []
    content_type = ContentType.objects.get_for_model(Article).pk  # cached by Django
    return TAGGED.format(slugs=", ".join(["%s"] * len(slugs))), [content_type, *slugs]


def _candidates(
    pk: int, teaser: Teaser, tagged: tuple[str, list], terms: str, now: datetime
) -> tuple[str, list]:
    """What makes an article a candidate: a shared topic or the section; with neither, the
    newest articles are."""
    tagged_sql, tagged_params = tagged
    similar, similar_params = [], []
    if tagged_sql:
        similar.append(f"v.article_id IN (SELECT ti.object_id {tagged_sql})")
        similar_params += tagged_params
    if teaser.section_id is not None:
        similar.append("v.section_id = %s")
        similar_params.append(teaser.section_id)
    condition = f" AND ({' OR '.join(similar)})" if similar else ""
    parts = [CHOSEN, NEWEST.format(similar=condition)]
    params = [pk, now, now, pk, *similar_params, CANDIDATES]
    if terms:
        parts.append(MATCHING)
        params += [Status.PUBLISHED, now, search_config(), terms, CANDIDATES]
    return " UNION ".join(parts), params


def _score(teaser: Teaser, tagged: tuple[str, list], terms: str) -> tuple[str, list]:
    """Shared topics, plus SECTION_WEIGHT for the same section (an article without one: for
    none either), plus on PostgreSQL the text's rank."""
    tagged_sql, params = tagged
    shared = "0"
    if tagged_sql:
        shared = f"(SELECT COUNT(*) {tagged_sql} AND ti.object_id = t.article_id)"
    if teaser.section_id is None:
        same_section = "t.section_id IS NULL"
    else:
        same_section = "t.section_id = %s"
        params = [*params, teaser.section_id]
    sql = f"{shared} + CASE WHEN {same_section} THEN {SECTION_WEIGHT} ELSE 0.0 END"
    if terms:
        sql += f" + {RANK}"
        params = [*params, search_config(), terms]
    return f"({sql})", params


def _terms(article: Article, teaser: Teaser) -> str:
    """The headline's and topics' words as a websearch query matching any of them."""
    names = " ".join(name for name, _slug in teaser.data.get("topics", []))
    words = re.findall(r"\w{3,}", f"{article.headline} {names}")
    unique = list(dict.fromkeys(word.lower() for word in words if word.lower() != "or"))
    return " or ".join(unique[:MAX_TERMS])
