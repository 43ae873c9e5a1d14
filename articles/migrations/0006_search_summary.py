"""A stored, weighted tsvector of each article's headline and standfirst, PostgreSQL only.

Search results are ranked on the headline and standfirst (articles.search). Computed at query
time, that meant parsing the text of every match: 40 ms for a word found in half of a
10,000-article archive. A trigger fills this column whenever either text is written, so ranking
reads it instead. A trigger rather than a generated column, because PostgreSQL refuses to change
the type of a column a generated one depends on, which would block a later AlterField on the
headline. It is no model field (SQLite has no tsvector), and no model state changes; like
migration 0005 it uses the search configuration of SITE_LANGUAGE at the time it runs.
"""

from django.db import migrations

COLUMN = "search_summary"
FUNCTION = "articles_article_search_summary"


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
    for statement in (
        f"ALTER TABLE articles_article ADD COLUMN IF NOT EXISTS {COLUMN} tsvector",
        # The texts are compared in the function, not named in the trigger ("UPDATE OF headline"
        # would make the trigger depend on the columns as much as a generated column does).
        f"""CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF TG_OP = 'INSERT' OR NEW.headline IS DISTINCT FROM OLD.headline
                 OR NEW.standfirst IS DISTINCT FROM OLD.standfirst THEN
                NEW.{COLUMN} := {expression.replace('"articles_article".', "NEW.")};
              END IF;
              RETURN NEW;
            END $$""",
        f"DROP TRIGGER IF EXISTS {FUNCTION} ON articles_article",
        f"""CREATE TRIGGER {FUNCTION} BEFORE INSERT OR UPDATE ON articles_article
            FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()""",
        f"UPDATE articles_article SET {COLUMN} = {expression}",
    ):
        schema_editor.execute(statement)


def drop_column(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {FUNCTION} ON articles_article")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")
        schema_editor.execute(f"ALTER TABLE articles_article DROP COLUMN IF EXISTS {COLUMN}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_public_search_index")]

    operations = [migrations.RunPython(add_column, drop_column, elidable=False)]
