"""What hand-written SQL on a hot path needs to read values as the ORM would.

Some public pages run one query the ORM takes longer to build than the database to answer
(articles.live_views, fronts.read); they write it by hand and read its rows through these.
"""

import json
from datetime import UTC, datetime

from django.db import connection
from django.db.models import Model


def table(model: type[Model]) -> str:
    """The model's table, quoted: another app's table is reached through its model, never
    by a name written here."""
    return connection.ops.quote_name(model._meta.db_table)


def aware(value: datetime) -> datetime:
    """A stored time with its zone: SQLite answers UTC without one (the ORM stores UTC), and
    PostgreSQL an aware time already."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def maybe_aware(value: datetime | None) -> datetime | None:
    return None if value is None else aware(value)


def json_value(value: str | dict | list | None):
    """A JSON column's value: Django has both databases answer it as text, which a JSONField
    decodes (from_db_value)."""
    return json.loads(value) if isinstance(value, str) else value
