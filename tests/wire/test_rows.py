"""wire.rows.insert_rows: link rows as plain INSERTs, within the database's parameter limit."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Author, Byline
from wire.rows import insert_rows

pytestmark = pytest.mark.django_db


def bylines(article, authors):
    return [
        {"article": article.pk, "author": author.pk, "role": "writer", "position": n}
        for n, author in enumerate(authors)
    ]


@pytest.fixture
def article():
    return Article.objects.create(headline="Talks", slug="talks")


@pytest.fixture
def authors():
    return [Author.objects.create(name=f"Reporter {n}", slug=f"reporter-{n}") for n in range(5)]


def test_the_rows_are_written_as_given(article, authors):
    insert_rows(Byline, bylines(article, authors))
    stored = Byline.objects.filter(article=article).order_by("position")
    assert [(b.author, b.role, b.position) for b in stored] == [
        (author, "writer", n) for n, author in enumerate(authors)
    ]


def test_more_rows_than_a_statement_may_have_parameters(article):
    """SQLite allows 32,766 parameters a statement: each row is the statement run again."""
    authors = Author.objects.bulk_create(
        Author(name=f"Reporter {n}", slug=f"reporter-{n}") for n in range(10_000)
    )
    insert_rows(Byline, bylines(article, authors))
    assert Byline.objects.filter(article=article).count() == 10_000


def test_no_rows_no_statement(article):
    with CaptureQueriesContext(connection) as queries:
        insert_rows(Byline, [])
    assert not queries.captured_queries


def test_a_constraint_the_rows_break_raises_as_the_orm_does(article, authors):
    row = bylines(article, authors)[0]
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_rows(Byline, [row, row])
    assert not Byline.objects.exists()


def test_rows_that_leave_a_field_out_are_refused(article, authors):
    """A field left out would get no default (a field added to the model later, say)."""
    row = bylines(article, authors)[0]
    del row["position"]
    with pytest.raises(TypeError, match="rows of Byline name no position"):
        insert_rows(Byline, [row])
