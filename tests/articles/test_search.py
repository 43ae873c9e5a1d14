"""Search finds public articles by headline, standfirst and body; never drafts."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Status
from articles.search import CANDIDATES
from tests import factories
from tests.articles.site_fixtures import publish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]


def headlines(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return headlines_in(response.content.decode())


def headlines_in(html):
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
    from articles.search import _ranked_candidates

    # On the bare table: with a handful of rows the planner prefers any other index it may use.
    with connection.cursor() as cursor, CaptureQueriesContext(connection) as queries:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table would be read whole
        _ranked_candidates(Article.objects.all(), "missiles")
        sql = queries[-1]["sql"]
        cursor.execute("EXPLAIN " + sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "articles_article_document_gin" in plan
    assert f"LIMIT {CANDIDATES + 1}" in sql


def test_the_count_of_results_is_shown(client, articles):
    assert "3 articles found." in client.get("/search/?q=missiles").content.decode()
    assert "1 article found." in client.get("/search/?q=treaty").content.decode()


def test_beyond_the_ranked_matches_the_page_says_more_and_lists_the_newest(
    client, articles, monkeypatch
):
    monkeypatch.setattr("articles.search.CANDIDATES", 2)
    older = factories.make_article(headline="Secret archive", body="<p>Missiles of old.</p>")
    publish(older, when=timezone.now() - timedelta(days=400))

    html = client.get("/search/?q=missiles").content.decode()

    assert "More than 2 articles found" in html
    assert sorted(headlines_in(html)) == ["Budget", "Harvest"]  # the newest two of four


def test_search_results_are_paged_without_counting_pages(client, articles, monkeypatch):
    monkeypatch.setattr("articles.views.PER_PAGE", 2)
    first = client.get("/search/?q=missiles").content.decode()
    second = client.get("/search/?q=missiles&page=2").content.decode()
    assert len(headlines_in(first)) == 2 and len(headlines_in(second)) == 1
    assert set(headlines_in(first)) | set(headlines_in(second)) == {"Budget", "Harvest", "Missiles"}
    assert 'rel="next" href="?q=missiles&amp;page=2"' in first
    assert 'rel="next"' not in second
    assert client.get("/search/?q=missiles&page=3").status_code == 404
    assert client.get("/search/?q=missiles&page=x").status_code == 404


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
