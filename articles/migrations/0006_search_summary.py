"""A stored, weighted tsvector of each article's headline and standfirst, PostgreSQL only.

Search results are ranked on the headline and standfirst (articles.search). Computed at query
time, that meant parsing the text of every match: 40 ms for a word found in half of a
10,000-article archive. PostgreSQL keeps this generated column up to date itself, so ranking
reads it instead. It is no model field (SQLite has no tsvector), and no model state changes.
"""

from django.db import migrations

COLUMN = "search_summary"


def add_column(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    connection = schema_editor.connection
    from articles.search import search_config, summary_vector

    Article = apps.get_model("articles", "Article")
    query = Article.objects.annotate(summary=summary_vector(search_config())).values("summary")
    select, params = query.query.get_compiler(connection=connection).as_sql()
    expression = connection.ops.compose_sql(select, params)
    expression = expression.split("SELECT ", 1)[1].rsplit(' AS "summary" FROM', 1)[0]
    expression = expression.replace('"articles_article".', "")  # the row's own columns
    schema_editor.execute(
        f"ALTER TABLE articles_article ADD COLUMN IF NOT EXISTS {COLUMN} tsvector "
        f"GENERATED ALWAYS AS ({expression}) STORED"
    )


def drop_column(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE articles_article DROP COLUMN IF EXISTS {COLUMN}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_public_search_index")]

    operations = [migrations.RunPython(add_column, drop_column, elidable=False)]
