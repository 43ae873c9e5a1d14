"""newsroom/inserts.py: a new article, wire item or revision is inserted by a statement compiled
once, which must be the very statement, with the very values, Django builds for it."""

from datetime import UTC, datetime
from unittest import mock

import pytest
from django.db import connection, models, transaction
from django.db.models.functions import Upper

from articles.models import Article, Revision
from newsroom.inserts import CompiledInsert, _statement
from tests.factories import make_article, make_section
from wire.models import WireItem

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 3, 9, 30, tzinfo=UTC)


def new_article() -> Article:
    return Article(
        slug="harbour-strike",
        headline="Harbour strike ends",
        standfirst="Dockers return after nine days.",
        body="<p>The strike ended at <strong>noon</strong>.</p>",
        section=make_section("Business"),
        embargo_until=NOW,
    )


def new_wire_item() -> WireItem:
    return WireItem(
        uri="urn:newsml:example.com:2026:strike",
        version=3,
        format=WireItem.Format.NINJS2,
        agency="TASS",
        article=make_article(),
        version_created=NOW,
        subjects=[{"name": "Labour", "code": "medtop:09000000"}],
    )


def new_revision() -> Revision:
    return Revision(article=make_article(), number=1, content={"headline": "Strike"}, note="n")


def inserts(save) -> list[tuple[str, tuple]]:
    """The INSERT statements `save()` ran, with their values, as the database was given them."""
    seen: list[tuple[str, tuple]] = []

    def record(execute, sql, params, many, context):
        if sql.startswith("INSERT"):
            # psycopg's JSON wrapper compares by identity: compare what it wraps.
            seen.append((sql, tuple(getattr(value, "obj", value) for value in params)))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record), mock.patch("django.utils.timezone.now", lambda: NOW):
        save()
    return seen


def django_inserts(obj: models.Model) -> list[tuple[str, tuple]]:
    """What Django's own insert runs for `obj`, undone, and `obj` left unsaved."""
    own = vars(models.Model)["_do_insert"]  # Django's insert (django-stubs leave it out)
    django_insert = mock.patch.object(CompiledInsert, "_do_insert", own)
    with django_insert, transaction.atomic():
        seen = inserts(obj.save)
        transaction.set_rollback(True)
    obj.pk, obj._state.adding = None, True
    return seen


@pytest.mark.parametrize("make", [new_article, new_wire_item, new_revision])
def test_the_compiled_insert_is_the_one_django_builds(make):
    obj = make()
    expected = django_inserts(obj)

    with mock.patch("newsroom.inserts._statement", wraps=_statement) as statement:
        compiled = inserts(obj.save)

    statement.assert_called_once()  # the compiled statement ran, not Django's insert
    assert len(compiled) == 1
    assert compiled == expected
    fields = [f.attname for f in obj._meta.concrete_fields]
    stored = type(obj).objects.filter(pk=obj.pk).values(*fields).get()
    assert stored == {name: getattr(obj, name) for name in fields}


def test_an_expression_as_a_value_is_left_to_django():
    revision = new_revision()
    revision.note = Upper(models.Value("returned"))

    with mock.patch("newsroom.inserts._statement", wraps=_statement) as statement:
        revision.save()

    statement.assert_not_called()
    assert Revision.objects.get(pk=revision.pk).note == "RETURNED"


def test_the_statement_is_compiled_once():
    new_revision().save()
    compiled = _statement.cache_info().misses

    new_revision().save()

    assert _statement.cache_info().misses == compiled
