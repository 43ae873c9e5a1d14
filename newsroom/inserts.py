"""A model's INSERT compiled once, not on every save.

Each save of a new object has Django build its INSERT field by field: for a model of some thirty
columns that costs more than SQLite takes to run it. The wire desk inserts an article, its wire
item and a revision for every item it imports, and measured (bench/ingest.py, 2026-12-03) the
building was an eighth of the import's time. CompiledInsert keeps the statement per model and
set of columns; the values are prepared exactly as Django prepares them (each field's pre_save
and get_db_prep_save), and anything out of the plain case goes to Django's own insert.
"""

from functools import cache

from django.db import connections, models
from django.db.models.fields import AutoFieldMixin


class CompiledInsert(models.Model):
    """Saves of new objects run a statement compiled once per model and columns.

    The plain case: values (no expressions), only the key read back, a database that returns
    it from the INSERT (SQLite and PostgreSQL do). The rest is Django's: a raw save, a field
    that writes its own SQL for its value (Field.get_placeholder), a database default to read
    back, an expression as a value.
    """

    class Meta:
        abstract = True

    def _do_insert(self, manager, using, fields, returning_fields, raw):
        rows = None if raw else _compiled(self, manager.model, using, fields, returning_fields)
        if rows is None:
            # Model._do_insert is the hook save_base calls (django-stubs leave it out).
            return super()._do_insert(manager, using, fields, returning_fields, raw)  # type: ignore[misc]
        return rows


def _compiled(obj, model, using: str, fields, returning_fields) -> list[tuple] | None:
    """`obj` inserted into `model`'s table (a parent's, for an inherited model) by the compiled
    statement, and the key read back; None, having written nothing, if this is not the plain
    case."""
    connection = connections[using]
    if not _plain(model, tuple(fields), tuple(returning_fields), connection):
        return None
    values = [field.pre_save(obj, True) for field in fields]
    if any(hasattr(value, "resolve_expression") for value in values):
        return None
    pairs = zip(fields, values, strict=True)
    params = [field.get_db_prep_save(value, connection) for field, value in pairs]
    with connection.cursor() as cursor:
        cursor.execute(_statement(using, model, tuple(f.column for f in fields)), params)
        return connection.ops.fetch_returned_rows(cursor, ())


def _plain(model, fields: tuple, returning_fields: tuple, connection) -> bool:
    pk = model._meta.pk
    return (
        bool(fields)
        and returning_fields == (pk,)
        and isinstance(pk, AutoFieldMixin)  # an integer: no converter to apply to it
        and connection.features.can_return_columns_from_insert
        and not any(hasattr(field, "get_placeholder") for field in fields)
    )


@cache
def _statement(alias: str, model: type[models.Model], columns: tuple[str, ...]) -> str:
    connection = connections[alias]
    quote = connection.ops.quote_name
    returning, _ = connection.ops.returning_columns([model._meta.pk])
    names = ", ".join(quote(column) for column in columns)
    marks = ", ".join(["%s"] * len(columns))
    return f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({marks}) {returning}"
