"""What readers' pages read about articles besides their own row, loaded for a page at once.

`Article.objects.for_page()` fetches articles (lead photo joined; a teaser's section comes from
articles.navigation), then in one query each their credits (bylines with the authors' names),
their lead photos' renditions and, on full pages, their topics (tags). bench/pages.sh showed
Django's prefetching (a model instance per byline and author, a queryset per article) and
compiling each ORM query (~0.4 ms, longer than running it) to be most of a page's time. So
credits and topics are plain rows from SQL that SQLite and PostgreSQL both run, renditions are
built from such rows with Model.from_db(), and an article's notes and the navigation's sections
come from Manager.raw(). tests/articles/test_reading.py checks each against the ORM.
"""

from functools import lru_cache
from itertools import batched
from typing import NamedTuple

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connections
from django.db.models.query import ModelIterable
from django.urls import get_script_prefix, get_urlconf, reverse

from media_assets.rendition_store import load_renditions

CREDITS_SQL = """
    SELECT byline.article_id, byline.role, author.name, author.slug, author.kind
    FROM articles_byline byline JOIN articles_author author ON author.id = byline.author_id
    WHERE byline.article_id IN ({ids})
    ORDER BY byline.position, byline.id
"""
TOPICS_SQL = """
    SELECT item.object_id, tag.name, tag.slug
    FROM taggit_taggeditem item JOIN taggit_tag tag ON tag.id = item.tag_id
    WHERE item.content_type_id = %s AND item.object_id IN ({ids})
    ORDER BY item.id
"""
BATCH = 1000  # ids per query

# For Manager.raw(), which gives model instances without compiling a query.
NOTES_SQL = "SELECT * FROM articles_correction WHERE article_id = %s ORDER BY published_at, id"
SECTIONS_SQL = "SELECT * FROM articles_section ORDER BY position, name"  # Section's Meta.ordering


def public_url(name: str, *args: str) -> str:
    """`reverse(name, args=args)`, remembered: a page of teasers asks for a hundred addresses.

    Keyed on what reverse() depends on besides its arguments (script prefix and URLconf), so a
    request under another prefix or a test's own URLconf never gets a stale address.
    """
    return _reverse(get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF, name, args)


@lru_cache(maxsize=8192)
def _reverse(prefix: str, urlconf: str, name: str, args: tuple) -> str:
    return reverse(name, urlconf=urlconf, args=args)


class Credit(NamedTuple):
    """A byline as readers see it: the role, and the author's name, address and kind."""

    role: str
    name: str
    slug: str
    kind: str

    @classmethod
    def of(cls, byline) -> "Credit":
        author = byline.author
        return cls(byline.role, author.name, author.slug, author.kind)

    @property
    def url(self) -> str:
        return public_url("articles:author", self.slug)

    @property
    def is_agency(self) -> bool:
        return self.kind == "agency"  # Author.Kind.AGENCY


class Topic(NamedTuple):
    """A tag as readers see it."""

    name: str
    slug: str

    @property
    def url(self) -> str:
        return public_url("articles:tag", self.slug)


def credits_by_article(article_ids: list[int], *, using: str = "default") -> dict[int, list]:
    """The credits of each article, in byline order."""
    return _grouped(Credit, CREDITS_SQL, article_ids, [], using)


def topics_by_article(article_ids: list[int], *, using: str = "default") -> dict[int, list]:
    """The topics of each article, in the order they were added."""
    content_type = ContentType.objects.db_manager(using).get_by_natural_key("articles", "article")
    return _grouped(Topic, TOPICS_SQL, article_ids, [content_type.pk], using)


def _grouped(kind, sql: str, article_ids: list[int], params: list, using: str) -> dict[int, list]:
    found: dict[int, list] = {}
    if not article_ids:
        return found
    with connections[using].cursor() as cursor:
        # A page asks for a few dozen; batches keep a long export under SQLite's variable limit.
        for batch in batched(article_ids, BATCH):
            cursor.execute(sql.format(ids=", ".join(["%s"] * len(batch))), [*params, *batch])
            for article_id, *values in cursor.fetchall():
                found.setdefault(article_id, []).append(kind(*values))
    return found


def notes_of(article) -> list:
    """An article's corrections, clarifications and updates, oldest first."""
    notes = article._meta.get_field("corrections").related_model.objects
    return list(notes.db_manager(article._state.db).raw(NOTES_SQL, [article.pk]))


class TeaserIterable(ModelIterable):
    """Articles, each with its credits and its lead photo's renditions.

    What is loaded is stored where Article's `cached_property` of the same name keeps it, so an
    article fetched any other way loads the same thing on first use.
    """

    def __iter__(self):
        articles = list(super().__iter__())
        if articles:
            self.load(articles, [article.pk for article in articles], self.queryset.db)
        yield from articles

    def load(self, articles: list, ids: list[int], using: str) -> None:
        _store(articles, "credits", credits_by_article(ids, using=using))
        load_renditions((article.lead_photo for article in articles), using=using)


class PageIterable(TeaserIterable):
    """Teasers plus their topics."""

    def load(self, articles: list, ids: list[int], using: str) -> None:
        super().load(articles, ids, using)
        _store(articles, "topics", topics_by_article(ids, using=using))


def _store(articles: list, name: str, found: dict[int, list]) -> None:
    # Where Article's cached_property of that name keeps its value (see Article.PAGE_DATA).
    for article in articles:
        article.__dict__[name] = found.get(article.pk, [])
