"""Link rows (bylines, tagged items, an item's subject mappings) written as plain INSERTs.

Every imported item writes three sets of them. bulk_create would build a model instance per
row, compile the insert field by field and read the new keys back (RETURNING), when no one
reads them: for a few rows of plain numbers and short strings that is most of the import's
cost after the article's own save (bench/ingest.py). Like bulk_create, this sends no signals.
"""

from collections.abc import Sequence

from django.db import connection
from django.db.models import Field, Model

Row = Sequence[int | str]


def insert_rows(model: type[Model], fields: Sequence[str], rows: Sequence[Row]) -> None:
    """INSERT `rows` into the model's table: each a tuple of values for `fields` (names as on
    the model, a foreign key's as its attname's value: an id), ready as the database takes them
    (numbers, strings); as many statements as the database's limit on parameters asks."""
    if not rows:
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(_column(model, name)) for name in fields)
    row_marks = "(" + ", ".join(["%s"] * len(fields)) + ")"
    limit = connection.features.max_query_params  # None: no limit
    size = limit // len(fields) if limit else len(rows)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            batch = rows[start : start + size]
            values = ", ".join([row_marks] * len(batch))
            sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES {values}"
            cursor.execute(sql, [value for row in batch for value in row])


def _column(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, Field) and field.column, f"{name} is not a column of {model}"
    return field.column
