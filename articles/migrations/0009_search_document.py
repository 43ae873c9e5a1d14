"""A stored, weighted tsvector of each article's headline, standfirst and body, PostgreSQL only.

Migration 0005 indexed the document as an expression, which is fine for a rare word (the GIN
index finds the few matches) but not for a common one: the way to answer "the newest matches"
of a word found in half the archive is to walk the articles newest first and test each one,
and with an expression that test parses the article's body. This column holds the parsed
document, so the test is a lookup; the public search and the admin's search both read it
(articles.search), and a GIN index on it replaces 0005's expression index.

Kept by a trigger, like 0006's ranking column, and for the same reason: a generated column would
make PostgreSQL refuse a later change to the type of the headline, standfirst or body. One
function now fills both columns. No model state changes; SQLite does nothing here. On a large
existing archive the backfill rewrites every row once (about a minute per 100,000 articles).
"""

import importlib

from django.db import migrations

DOCUMENT = "search_document"
SUMMARY = "search_summary"
FUNCTION = "articles_article_search_vectors"
INDEX = "articles_article_document_gin"
OLD_FUNCTION = "articles_article_search_summary"  # 0006's, which filled the summary only
OLD_INDEX = "articles_article_search_gin"  # 0005's expression index


def sql_of(apps, connection, vector) -> str:
    """The SQL of a SearchVector expression over articles_article's columns."""
    Article = apps.get_model("articles", "Article")
    query = Article.objects.annotate(vector=vector).values("vector")
    select, params = query.query.get_compiler(connection=connection).as_sql()
    expression = connection.ops.compose_sql(select, params)
    return expression.split("SELECT ", 1)[1].rsplit(' AS "vector" FROM', 1)[0]


def add_column(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from articles.search import document_vector, search_config, summary_vector

    config = search_config()
    document = sql_of(apps, schema_editor.connection, document_vector(config))
    summary = sql_of(apps, schema_editor.connection, summary_vector(config))
    for statement in (
        f"ALTER TABLE articles_article ADD COLUMN IF NOT EXISTS {DOCUMENT} tsvector",
        # The texts are compared here, not named in the trigger (see 0006).
        f"""CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF TG_OP = 'INSERT' OR NEW.headline IS DISTINCT FROM OLD.headline
                 OR NEW.standfirst IS DISTINCT FROM OLD.standfirst THEN
                NEW.{SUMMARY} := {summary.replace('"articles_article".', "NEW.")};
                NEW.{DOCUMENT} := {document.replace('"articles_article".', "NEW.")};
              ELSIF NEW.body IS DISTINCT FROM OLD.body THEN
                NEW.{DOCUMENT} := {document.replace('"articles_article".', "NEW.")};
              END IF;
              RETURN NEW;
            END $$""",
        f"DROP TRIGGER IF EXISTS {OLD_FUNCTION} ON articles_article",
        f"DROP FUNCTION IF EXISTS {OLD_FUNCTION}()",
        f"DROP TRIGGER IF EXISTS {FUNCTION} ON articles_article",
        f"""CREATE TRIGGER {FUNCTION} BEFORE INSERT OR UPDATE ON articles_article
            FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()""",
        f"UPDATE articles_article SET {DOCUMENT} = {document}",
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON articles_article USING GIN ({DOCUMENT})",
        f"DROP INDEX IF EXISTS {OLD_INDEX}",
    ):
        schema_editor.execute(statement)


def drop_column(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {FUNCTION} ON articles_article")
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")
    schema_editor.execute(f"ALTER TABLE articles_article DROP COLUMN IF EXISTS {DOCUMENT}")
    # Back to 0005's index and 0006's trigger, as they made them.
    importlib.import_module("articles.migrations.0005_public_search_index").create_index(
        apps, schema_editor
    )
    importlib.import_module("articles.migrations.0006_search_summary").add_column(
        apps, schema_editor
    )


class Migration(migrations.Migration):
    dependencies = [("articles", "0008_teaser")]

    operations = [migrations.RunPython(add_column, drop_column, elidable=False)]
