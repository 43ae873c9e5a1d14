"""Search finds public articles by headline, standfirst and body; never drafts."""

import pytest
from django.db import connection

from articles.models import Status
from tests import factories
from tests.articles.site_fixtures import publish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]


def headlines(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    found = [a for a in ("Missiles", "Harvest", "Budget", "Secret") if f">{a} " in html]
    return sorted(found, key=lambda a: html.index(f">{a} "))  # in the order the page lists them


@pytest.fixture
def articles():
    publish(factories.make_article(headline="Missiles in Europe", body="<p>The treaty.</p>"))
    publish(factories.make_article(headline="Harvest news", standfirst="Farmers and missiles"))
    publish(
        factories.make_article(headline="Budget talks", body="<p>No missiles were mentioned.</p>")
    )
    factories.make_article(headline="Secret missiles", status=Status.EDIT)


def test_search_matches_headline_standfirst_and_body(client, articles):
    assert sorted(headlines(client, "missiles")) == ["Budget", "Harvest", "Missiles"]


def test_search_never_finds_an_unpublished_article(client, articles):
    assert "Secret" not in headlines(client, "secret")


def test_search_needs_every_word(client, articles):
    assert headlines(client, "missiles treaty") == ["Missiles"]


def test_an_empty_search_shows_the_form(client, articles):
    html = client.get("/search/").content.decode()
    assert 'name="q"' in html
    assert "teaser" not in html


def test_a_search_with_no_match_says_so(client, articles):
    assert "No article matches those words." in client.get("/search/?q=zebras").content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ranking is PostgreSQL's")
def test_on_postgresql_a_headline_match_ranks_first_and_words_are_stemmed(client, articles):
    assert headlines(client, "missile")[0] == "Missiles"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the index is PostgreSQL's")
def test_on_postgresql_a_search_is_answered_from_the_index(articles):
    from articles.models import Article
    from articles.search import search_articles

    # On the bare table: with a handful of rows the planner prefers any other index it may use.
    query = search_articles(Article.objects.all(), "missiles")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table would be read whole
        sql, params = query.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "articles_article_search_gin" in plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ranking is PostgreSQL's")
def test_on_postgresql_ranking_follows_an_edited_headline(client, articles):
    from articles.models import Article

    # The stored ranking vector (migration 0006) is kept up to date by the database itself:
    # a stale one would still rank this body-only match last.
    budget = Article.objects.get(headline="Budget talks")
    budget.headline = "Budget missiles"
    budget.save()
    assert headlines(client, "missile") == ["Budget", "Missiles", "Harvest"]  # ties: newest first


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the column is PostgreSQL's")
def test_on_postgresql_the_ranking_column_never_blocks_a_change_to_the_headline_column(db):
    # A generated column would make PostgreSQL refuse this (what an AlterField on max_length runs).
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE articles_article ALTER COLUMN headline TYPE varchar(400)")
