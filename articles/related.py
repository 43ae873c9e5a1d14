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

Inside the visible() queryset, the candidates and the score are SQL written here on this app's
tables, around the ORM's subquery of the taggings (taggit's tables are reached through its
models only); a candidate's shared topics are counted in its teaser row, which lists them.
Built from ORM expressions alone (a UNION, Case/When, nested subqueries), compiling the query
cost an article page more CPU than rendering the rest of it (bench/page_cpu.py).
"""

import contextlib
import logging
import re
import string
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connections, transaction
from django.db.models import (
    BooleanField,
    Expression,
    Field,
    FloatField,
    IntegerField,
    QuerySet,
    Subquery,
)
from django.db.models.expressions import BaseExpression, RawSQL
from django.utils import timezone
from taggit.models import TaggedItem

from articles.models import Article, Status, Teaser
from articles.models.teaser import visible_sql
from articles.search import search_config

log = logging.getLogger(__name__)

SHOWN = 4  # related stories on an article page, the editor's and automatic ones together
CANDIDATES = 200  # the newest similar articles the automatic ones are ranked among
MAX_TERMS = 12  # words of the headline and topics the full-text similarity looks for
SECTION_WEIGHT = 0.5  # worth half a shared topic

TEASER = '"articles_teaser"'  # the visible() queryset's table, as Django names it
# The editor's choice of a teaser row, if any (at most one: related_article_once).
CHOSEN = (
    "SELECT c.{column} FROM articles_relatedarticle c "
    f"WHERE c.article_id = %s AND c.related_id = {TEASER}.article_id"
)
# The chosen ids, the newest similar ones and (PostgreSQL) the newest text matches, as one
# UNION: an OR of INs would be a scan of every teaser row on PostgreSQL. The newest are
# wrapped in one more IN because SQLite refuses a LIMIT inside a UNION. Similar: a shared
# topic ({tagged}: the ids of the articles with any of them) or the section.
CANDIDATE_IDS = (
    "SELECT c.related_id FROM articles_relatedarticle c WHERE c.article_id = %s UNION "
    "SELECT w.article_id FROM articles_teaser w WHERE w.article_id IN ("
    f"SELECT v.article_id FROM articles_teaser v WHERE {visible_sql('v')} "
    "AND v.article_id <> %s{similar} ORDER BY v.published_at DESC LIMIT %s){matching}"
)
# PostgreSQL only: the stored document (migration 0009) matched and ranked against the terms;
# the newest published matches only, through the (status, published_at) index or the GIN one,
# never the whole set of matches of a common word.
MATCHING = (
    " UNION SELECT u.article_id FROM articles_teaser u WHERE u.article_id IN ("
    "SELECT id FROM articles_article WHERE status = %s AND published_at <= %s "
    "AND search_document @@ websearch_to_tsquery(%s::regconfig, %s) "
    "ORDER BY published_at DESC LIMIT %s)"
)
# The candidate's topics among the article's: its row's data lists them as [name, slug].
SHARED_POSTGRESQL = (
    f"(SELECT COUNT(*) FROM jsonb_array_elements({TEASER}.data -> 'topics') x "
    "WHERE x ->> 1 IN ({slugs}))"
)
SHARED_SQLITE = (
    f"(SELECT COUNT(*) FROM json_each({TEASER}.data, '$.topics') x "
    "WHERE json_extract(x.value, '$[1]') IN ({slugs}))"
)
RANK = (
    " + COALESCE((SELECT ts_rank(r.search_document, websearch_to_tsquery(%s::regconfig, %s)) "
    f"FROM articles_article r WHERE r.id = {TEASER}.article_id), 0.0)"
)


class SQL(Expression):
    """SQL written here around ORM expressions: `{name}` in `template` is `parts[name]`,
    compiled by Django (so another app's tables are reached through its models, never named
    here), and each `%s` the next of `params`."""

    def __init__(
        self,
        template: str,
        params: list[Any],
        output_field: "Field[Any, Any]",
        **parts: BaseExpression,
    ) -> None:
        super().__init__(output_field=output_field)
        self.template, self.params, self.names = template, params, list(parts)
        self.parts = list(parts.values())

    def get_source_expressions(self) -> list[BaseExpression]:
        return self.parts

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        self.parts = list(exprs)

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, Any]:
        parts = dict(zip(self.names, self.parts, strict=True))
        sql: list[str] = []
        params: list[Any] = []
        given = iter(self.params)
        for text, name, _spec, _conversion in string.Formatter().parse(self.template):
            sql.append(text)
            params += [next(given) for _ in range(text.count("%s"))]
            if name:
                part_sql, part_params = compiler.compile(parts[name])
                sql.append(part_sql)
                params += part_params
        return "".join(sql), params


def related_teasers(article: Article, teaser: Teaser) -> list[Teaser]:
    """The teaser rows of the stories to show beside `article`, chosen ones first (one query).

    The ranking is kept in the cache (ids only) until a teaser row changes anywhere or
    settings.RELATED_REMEMBERED_SECONDS pass: ranking hundreds of candidates by full-text
    similarity is most of an uncached article page's database time. The rows are still read
    through visible(), so a remembered article that is hidden meanwhile is never shown."""
    generation, ids = _remembered(article)
    if ids is not None:
        rows = Teaser.objects.visible().in_bulk(ids, field_name="article_id")
        return [rows[pk] for pk in ids if pk in rows]
    ranked = _ranked(article, teaser)
    _remember(article, generation, [row.article_id for row in ranked])
    return ranked


# --- remembering the ranking -----------------------------------------------------------------

GENERATION = "related:generation"


def teasers_changed() -> None:
    """Some teaser row was written or removed: every remembered ranking is out of date. Called
    now (the writer's own transaction sees its rows) and again once committed, so a ranking a
    reader made meanwhile from the rows before the commit is not kept either."""
    _new_generation()
    transaction.on_commit(_new_generation)


def _new_generation() -> None:
    try:
        cache.set(GENERATION, uuid.uuid4().hex, None)
    except Exception:  # the cache is down: rankings are not remembered while it is
        log.warning("related stories: the cache did not take a new generation", exc_info=True)


def _key(article: Article) -> str:
    # The version: the article's chosen stories and topics change only with a save.
    return f"related:{article.pk}:{article.version}"


def _remembered(article: Article) -> tuple[str | None, list[int] | None]:
    """(the current generation of teaser rows, the article's ranking if remembered within it),
    in one round trip to the cache; (None, None) without a cache, or when told not to keep."""
    if settings.RELATED_REMEMBERED_SECONDS <= 0:
        return None, None
    try:
        found = cache.get_many([GENERATION, _key(article)])
        generation = found.get(GENERATION)
        if generation is None:  # a cache just started or emptied
            generation = uuid.uuid4().hex
            if not cache.add(GENERATION, generation, None):
                generation = cache.get(GENERATION)
    except Exception:
        return None, None
    remembered = found.get(_key(article))
    if generation and remembered and remembered[0] == generation:
        return generation, remembered[1]
    return generation, None


def _remember(article: Article, generation: str | None, ids: list[int]) -> None:
    """Keep the ranking, tagged with the generation it was made in."""
    if generation is None:
        return
    with contextlib.suppress(Exception):
        cache.set(_key(article), (generation, ids), settings.RELATED_REMEMBERED_SECONDS)


def _ranked(article: Article, teaser: Teaser) -> list[Teaser]:
    """The related stories ranked by the query itself (see the module's docstring)."""
    pk, now = article.pk, timezone.now()
    slugs = [slug for _name, slug in teaser.data.get("topics", [])]
    postgresql = connections[Teaser.objects.db].vendor == "postgresql"
    terms = _terms(article, teaser) if postgresql else ""
    tagged = _tagged(slugs) if slugs else None
    chosen = (pk,)
    ordered = (
        Teaser.objects.visible()
        .filter(_candidates(pk, teaser, tagged, terms, now))
        .order_by(
            RawSQL(CHOSEN.format(column="position"), chosen, IntegerField()).asc(nulls_last=True),
            RawSQL(CHOSEN.format(column="id"), chosen, IntegerField()).asc(nulls_last=True),
            _score(teaser, slugs, terms, postgresql).desc(),
            "-published_at",
            "-article_id",
        )
    )
    return list(ordered[:SHOWN])


def _tagged(slugs: list[str]) -> "QuerySet[Any]":
    """The taggings with any of the topics (their object_id is the article's)."""
    content_type = ContentType.objects.get_for_model(Article)  # cached by Django
    tagged: QuerySet[Any] = TaggedItem.objects.filter(
        content_type=content_type, tag__slug__in=slugs
    )
    return tagged


def _candidates(
    pk: int, teaser: Teaser, tagged: "QuerySet[Any] | None", terms: str, now: datetime
) -> SQL:
    """Not the article itself, and among CANDIDATE_IDS. Similar: a shared topic or the
    section; with neither, the newest articles are candidates."""
    similar, similar_params, parts = [], [], {}
    if tagged is not None:
        # An IN of the ids: a join through taggit's integer object_id defeats the indexes.
        similar.append("v.article_id IN {tagged}")
        parts["tagged"] = Subquery(tagged.values("object_id"))
    if teaser.section_id is not None:
        similar.append("v.section_id = %s")
        similar_params.append(teaser.section_id)
    condition = f" AND ({' OR '.join(similar)})" if similar else ""
    params = [pk, pk, now, now, pk, *similar_params, CANDIDATES]
    matching = ""
    if terms:
        matching = MATCHING
        params += [Status.PUBLISHED, now, search_config(), terms, CANDIDATES]
    ids = CANDIDATE_IDS.format(similar=condition, matching=matching)
    template = f"{TEASER}.article_id <> %s AND {TEASER}.article_id IN ({ids})"
    return SQL(template, params, BooleanField(), **parts)


def _score(teaser: Teaser, slugs: list[str], terms: str, postgresql: bool) -> RawSQL:
    """Shared topics (counted in the candidate's teaser row, which lists its topics), plus
    SECTION_WEIGHT for the same section (an article without one: for none either), plus on
    PostgreSQL the text's rank."""
    sql, params = "0", list[Any](slugs)
    if slugs:
        shared = SHARED_POSTGRESQL if postgresql else SHARED_SQLITE
        sql = shared.format(slugs=", ".join(["%s"] * len(slugs)))
    if teaser.section_id is None:
        sql += f" + CASE WHEN {TEASER}.section_id IS NULL"
    else:
        sql += f" + CASE WHEN {TEASER}.section_id = %s"
        params.append(teaser.section_id)
    sql += f" THEN {SECTION_WEIGHT} ELSE 0.0 END"
    if terms:
        sql += RANK
        params += [search_config(), terms]
    return RawSQL(sql, params, FloatField())


def _terms(article: Article, teaser: Teaser) -> str:
    """The headline's and topics' words as a websearch query matching any of them."""
    names = " ".join(name for name, _slug in teaser.data.get("topics", []))
    words = re.findall(r"\w{3,}", f"{article.headline} {names}")
    unique = list(dict.fromkeys(word.lower() for word in words if word.lower() != "or"))
    return " or ".join(unique[:MAX_TERMS])
