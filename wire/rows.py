"""Rows the import writes beside each item (bylines, tagged items, the item's subject mappings,
its pictures), as plain INSERTs.

bulk_create would build a model instance per row, compile the insert field by field and read
the new keys back (RETURNING) when no one reads them: for a few rows of plain numbers and
strings that was most of the import's cost after the article's own save (bench/ingest.py).
Like bulk_create, this sends no signals.
"""

from collections.abc import Mapping, Sequence
from functools import cache

from django.db import connection
from django.db.models import Field, Model

Value = int | str | None


def insert_rows(model: type[Model], rows: Sequence[Mapping[str, Value]]) -> None:
    """INSERT `rows`, each {field name: value} for every field but the key (a foreign key's
    value is the id), the values as the database takes them: the model's defaults and field
    conversions are not applied. One statement run for each row (executemany: on SQLite half
    the cost of one statement listing them all, and no limit on parameters to mind)."""
    if not rows:
        return
    names = tuple(rows[0])
    quote = connection.ops.quote_name
    columns = ", ".join(quote(column) for column in _columns(model, names))
    marks = ", ".join(["%s"] * len(names))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"
    with connection.cursor() as cursor:
        cursor.executemany(sql, [[row[name] for name in names] for row in rows])


@cache
def _columns(model: type[Model], names: tuple[str, ...]) -> list[str]:
    """The columns of the named fields, which must be all the model's but its key: a field
    left out would get no default, and a new field would be silently left out."""
    fields = {f.name: f for f in model._meta.concrete_fields if not f.primary_key}
    missing = fields.keys() - set(names)
    if missing:
        raise TypeError(f"rows of {model.__name__} name no {', '.join(sorted(missing))}")
    return [_column(fields[name]) for name in names]


def _column(field: Field) -> str:
    if not field.column:
        raise TypeError(f"{field} has no column")
    return field.column
