"""Building blocks for the public-site tests: a newsroom of published articles.

Plain functions, imported where used; the fixtures these tests share live in conftest.py files
(`fresh_cache` in tests/conftest.py, `no_page_cache` in tests/articles/conftest.py).
"""

import itertools
from contextlib import contextmanager
from unittest import mock

from django.core.cache import caches
from django.utils import timezone

from articles import teasers
from articles.models import Article, Byline, Status
from tests import factories

_seq = itertools.count(1)


def publish(article, *, when=None):
    """Make `article` public as workflow.perform would (tests set the state directly)."""
    when = when or timezone.now()
    Article.objects.filter(pk=article.pk).update(
        status=Status.PUBLISHED, published_at=when, first_published_at=when
    )
    article.refresh_from_db()
    teasers.refresh([article.pk])
    return article


def newsroom(count, *, section=None, authors=None, tags=("Politics", "Europe", "NATO"), photo=True):
    """`count` published articles, each with two bylines, three tags and a lead photo."""
    section = section or factories.make_section(f"World {next(_seq)}")
    authors = authors or [factories.make_author(f"Writer {next(_seq)}") for _ in range(2)]
    lead_photo = factories.make_photo() if photo else None
    articles = []
    for _ in range(count):
        extra = {"lead_photo": lead_photo} if lead_photo else {}
        article = factories.make_article(
            status=Status.PUBLISHED, section=section, bylines=authors[:1], tags=tags, **extra
        )
        for position, author in enumerate(authors[1:], start=1):
            Byline.objects.create(
                article=article, author=author, position=position, role=Byline.Role.ADDITIONAL
            )
        articles.append(article)
    teasers.refresh([article.pk for article in articles])  # the bylines added here
    return articles


@contextmanager
def cache_calls():
    """The calls made to the cache's get_many, add and set meanwhile, by name. Counted on the
    backend's class: locmem's get_many calls its own get for each key."""
    calls: list[str] = []
    backend = type(caches["default"])

    def counted(name):
        method = getattr(backend, name)
        return lambda self, *args, **kwargs: calls.append(name) or method(self, *args, **kwargs)

    with (
        mock.patch.object(backend, "get_many", counted("get_many")),
        mock.patch.object(backend, "add", counted("add")),
        mock.patch.object(backend, "set", counted("set")),
    ):
        yield calls
