"""A GIN index over the public search's document (articles.search.document_vector), PostgreSQL only.

Without it every search reads and parses the text of every article (seconds on 10,000). SQLite
has no such index and searches with a plain match instead, so this does nothing there. It changes
no model state, so it cannot conflict with the models' own migrations beyond its number.
"""

from django.db import migrations

INDEX = "articles_article_search_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    connection = schema_editor.connection
    from articles.search import document_vector, search_config

    Article = apps.get_model("articles", "Article")
    query = Article.objects.annotate(document=document_vector(search_config())).values("document")
    select, params = query.query.get_compiler(connection=connection).as_sql()
    expression = connection.ops.compose_sql(select, params)
    expression = expression.split("SELECT ", 1)[1].rsplit(' AS "document" FROM', 1)[0]
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON articles_article USING GIN (({expression}))"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_editorial_safety_permissions")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
