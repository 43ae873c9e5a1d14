"""The ranking of related stories is remembered in the cache (ids only) until any teaser row
changes or RELATED_REMEMBERED_SECONDS pass; what is shown is still read through visible()."""

from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import editing, related
from articles.models import Article, Revision, Status, Teaser
from tests.articles.site_fixtures import cache_calls, publish
from tests.articles.test_related import choose, published, shown
from tests.factories import make_article

pytestmark = pytest.mark.django_db

RANKING = "articles_relatedarticle c WHERE c.article_id"  # only the ranking query reads this


@pytest.fixture(autouse=True)
def remembering(settings):
    settings.RELATED_REMEMBERED_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def ranking_queries(article) -> tuple[list[int], int]:
    with CaptureQueriesContext(connection) as queries:
        ids = shown(article)
    return ids, sum(RANKING in q["sql"] for q in queries.captured_queries)


def test_the_second_page_reads_the_remembered_ranking_in_one_plain_query():
    article = published(tags=["NATO"])
    similar = [published(tags=["NATO"]) for _ in range(3)]
    first, ranked = ranking_queries(article)
    assert (sorted(first), ranked) == (sorted(s.pk for s in similar), 1)
    with CaptureQueriesContext(connection) as queries:
        again = shown(article)
    assert again == first
    assert len(queries.captured_queries) == 1
    assert RANKING not in queries.captured_queries[0]["sql"]


def test_a_story_published_meanwhile_is_ranked_at_once():
    article = published(tags=["NATO"])
    assert shown(article) == []
    newer = make_article(section=article.section, tags=["NATO"])
    publish(newer)  # its teaser row is written: every remembered ranking is forgotten
    assert shown(article) == [newer.pk]


def test_a_remembered_story_hidden_meanwhile_is_never_shown():
    article = published(tags=["NATO"])
    hidden, kept = published(tags=["NATO"]), published(tags=["NATO"])
    assert set(shown(article)) == {hidden.pk, kept.pk}
    # Gone from the public without any teaser write that would forget the ranking.
    with mock.patch.object(related, "teasers_changed"):
        Teaser.objects.filter(article=hidden).delete()
    assert ranking_queries(article) == ([kept.pk], 0)


def test_an_editors_save_of_the_article_ranks_again(editor):
    article = published(tags=["NATO"])
    similar, chosen = published(tags=["NATO"]), published()
    assert shown(article)[0] == similar.pk  # on PostgreSQL `chosen` may follow, by its words
    with mock.patch.object(related, "teasers_changed"):
        choose(article, chosen)
        editing.save_content(
            article, user=editor, source=Revision.Source.ADMIN, expected_version=article.version
        )
    assert shown(Article.objects.get(pk=article.pk))[:2] == [chosen.pk, similar.pk]


def test_with_the_cache_down_the_page_ranks_as_before():
    article = published(tags=["NATO"])
    similar = published(tags=["NATO"])
    down = ConnectionError("cache down")
    with (
        mock.patch.object(related.cache, "get", side_effect=down),
        mock.patch.object(related.cache, "get_many", side_effect=down),
    ):
        assert ranking_queries(article) == ([similar.pk], 1)
        assert ranking_queries(article) == ([similar.pk], 1)


def test_unpublishing_through_the_workflow_forgets_every_ranking(editor):
    from articles import workflow

    article = published(tags=["NATO"])
    target = published(tags=["NATO"])
    assert shown(article) == [target.pk]
    workflow.perform(target, "unpublish", editor, note="Legal asked")
    assert Article.objects.get(pk=target.pk).status != Status.PUBLISHED
    assert ranking_queries(article) == ([], 1)


def test_a_remembered_ranking_costs_the_page_one_round_trip_to_the_cache():
    article = published(tags=["NATO"])
    similar = published(tags=["NATO"])
    shown(article)
    with cache_calls() as calls:
        assert shown(article) == [similar.pk]
    assert calls == ["get_many"]
