"""The admin's article list at any size: search through the full-text column, filters without
DISTINCT, a count that stops counting (articles.admin_paging), the same rules of who sees what."""

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from articles import admin_paging
from articles.models import Article, Status
from tests.articles.site_fixtures import publish
from tests.factories import make_article, make_author, make_section

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")


def listed(client, **params) -> list[str]:
    response = client.get(CHANGELIST, params)
    assert response.status_code == 200
    return sorted(article.headline for article in response.context["cl"].result_list)


@pytest.fixture
def desk(editor):
    """Three articles with different words, authors, tags, sections and states."""
    europe, sport = make_section("Europe"), make_section("Sport")
    anna, boris = make_author("Anna Novak"), make_author("Boris Petrov")
    make_article(
        headline="Treaty signed",
        standfirst="Ministers agree.",
        body="<p>The negotiators celebrated in Geneva.</p>",
        section=europe,
        bylines=[anna],
        tags=["Diplomacy"],
    )
    make_article(
        headline="Cup final",
        body="<p>A late goal in the stadium.</p>",
        section=sport,
        bylines=[boris],
        tags=["Football"],
        status=Status.EDIT,
    )
    old = make_article(
        headline="Budget vote",
        body="<p>Negotiators from both parties met.</p>",
        section=europe,
        bylines=[anna, boris],
        tags=["Diplomacy", "Football"],
    )
    publish(old, when=timezone.now() - timedelta(days=40))
    return {"europe": europe, "sport": sport, "anna": anna, "boris": boris}


def test_search_finds_words_of_the_body_headline_and_standfirst(client, editor, desk):
    client.force_login(editor)
    assert listed(client, q="stadium") == ["Cup final"]  # the body only
    assert listed(client, q="treaty") == ["Treaty signed"]
    assert listed(client, q="ministers") == ["Treaty signed"]  # the standfirst
    assert listed(client, q="negotiators") == ["Budget vote", "Treaty signed"]


def test_search_finds_every_form_of_the_words_and_needs_every_word(client, editor, desk):
    client.force_login(editor)
    if connection.vendor == "postgresql":
        assert listed(client, q="negotiator") == ["Budget vote", "Treaty signed"]  # stemmed
    assert listed(client, q="negotiators geneva") == ["Treaty signed"]
    assert listed(client, q="zebra") == []


def test_search_ignores_query_syntax(client, editor, desk):
    client.force_login(editor)
    assert listed(client, q="goal & | ! :* (") == ["Cup final"]


def test_filters_by_status_section_author_tag_and_date(client, editor, desk):
    client.force_login(editor)
    assert listed(client, status__exact="edit") == ["Cup final"]
    assert listed(client, section__id__exact=desk["europe"].pk) == ["Budget vote", "Treaty signed"]
    assert listed(client, author=desk["boris"].pk) == ["Budget vote", "Cup final"]
    diplomacy = Article.objects.get(headline="Treaty signed").tags.get().pk
    assert listed(client, tag=diplomacy) == ["Budget vote", "Treaty signed"]
    week_ago = str(timezone.now() - timedelta(days=7))  # as the filter's own link has it
    assert listed(client, published_at__gte=week_ago) == []  # drafts and old ones
    assert listed(client, published_at__isnull="False") == ["Budget vote"]
    assert listed(client, author=desk["anna"].pk, q="negotiators", status__exact="draft") == [
        "Treaty signed"
    ]


def test_filters_are_offered_by_name(client, editor, desk):
    client.force_login(editor)
    html = client.get(CHANGELIST).text
    assert f"?author={desk['anna'].pk}" in html and "Anna Novak" in html
    assert "?tag=" in html and "Football" in html
    assert "Past 7 days" in html


def test_a_reporter_searches_only_their_own_articles(client, reporter, desk):
    make_article(headline="Negotiators again", created_by=reporter)
    client.force_login(reporter)
    assert listed(client, q="negotiators") == ["Negotiators again"]


def test_a_small_list_is_counted_exactly_and_paged(client, editor, desk, monkeypatch):
    monkeypatch.setattr("articles.admin.ArticleAdmin.list_per_page", 2)
    client.force_login(editor)
    first = client.get(CHANGELIST)
    assert "3 articles" in first.text
    assert len(first.context["cl"].result_list) == 2
    assert len(client.get(CHANGELIST, {"p": 2}).context["cl"].result_list) == 1
    assert "2 results" in client.get(CHANGELIST, {"q": "negotiators"}).text


def test_a_list_longer_than_is_counted_says_so(client, editor, desk, monkeypatch):
    monkeypatch.setattr(admin_paging, "EXACT_UP_TO", 2)
    monkeypatch.setattr("articles.admin.ArticleAdmin.list_per_page", 2)
    client.force_login(editor)
    response = client.get(CHANGELIST)
    paginator = response.context["cl"].paginator
    assert not paginator.exact
    if connection.vendor == "postgresql":
        # The planner's estimate of the whole list (never fewer than were counted).
        assert paginator.count >= 3
        assert f"about {paginator.count} articles" in response.text
    else:
        assert "more than 2 articles" in response.text
    assert len(client.get(CHANGELIST, {"p": 2}).context["cl"].result_list) == 1


def test_the_list_costs_no_more_queries_with_more_articles(client, editor, desk, monkeypatch):
    from django.test.utils import CaptureQueriesContext

    client.force_login(editor)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(CHANGELIST, {"q": "negotiators"}).status_code == 200
        return len(captured)

    few = queries()
    for _ in range(5):
        make_article(body="<p>Negotiators again.</p>", bylines=[make_author()], tags=["X"])
    assert queries() == few


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the column is PostgreSQL's")
def test_on_postgresql_the_search_column_follows_every_text(editor, desk):
    from articles.search import admin_matching

    def found(word):
        return sorted(
            admin_matching(Article.objects.all(), word).values_list("headline", flat=True)
        )

    article = Article.objects.get(headline="Cup final")
    article.body = "<p>A penalty shoot-out.</p>"
    article.save()
    assert found("penalty") == ["Cup final"]
    assert found("stadium") == []
    article.standfirst = "Extra time"
    article.save()
    assert found("extra") == ["Cup final"]
    assert found("penalty") == ["Cup final"]  # the body's words stay


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the index is PostgreSQL's")
def test_on_postgresql_the_admin_search_is_answered_from_the_index(editor, desk):
    from articles.search import admin_matching

    query = admin_matching(Article.objects.all(), "negotiators")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table would be read whole
        sql, params = query.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "articles_article_document_gin" in plan


def test_a_reporter_lists_what_they_wrote_or_carry_the_byline_of_once_each(
    client, reporter, other_reporter, desk
):
    me = make_author("Tomás Ortega", user=reporter)
    make_article(headline="Written and bylined", created_by=reporter, bylines=[me, desk["anna"]])
    make_article(headline="Bylined only", created_by=other_reporter, bylines=[me])
    make_article(headline="Written only", created_by=reporter, bylines=[desk["boris"]])
    make_article(headline="Someone else's", created_by=other_reporter, bylines=[desk["anna"]])
    client.force_login(reporter)
    assert listed(client) == ["Bylined only", "Written and bylined", "Written only"]
    assert "3 articles" in client.get(CHANGELIST).text


def test_only_indexed_columns_sort(client, editor, desk):
    client.force_login(editor)
    html = client.get(CHANGELIST).text
    assert html.count('class="sortable') == 2  # status and publication
    by_status = client.get(CHANGELIST, {"o": "2"}).context["cl"].result_list
    assert [article.status for article in by_status] == ["draft", "edit", "published"]
