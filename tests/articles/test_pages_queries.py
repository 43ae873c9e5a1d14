"""Every public page costs a fixed number of queries, however many articles, bylines and tags.

Renditions are made on a photo's first request and reused after, so each page is requested once
before counting (with the page cache off, so the count is the page's own work).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Byline
from tests import factories
from tests.articles.site_fixtures import newsroom

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache", "no_page_cache")]

# the teasers (one more than a page shows, to know if another page follows), and the sections
# in the layout: credits, sections and pictures are in the teaser rows
LIST_QUERIES = 2
BUDGET = {
    "home": LIST_QUERIES + 1,  # the front's live slots (fronts.read; none arranged here)
    "section": LIST_QUERIES + 2,  # the section, the front's live slots
    "tag": LIST_QUERIES + 1,  # the tag
    "author": LIST_QUERIES + 1,  # the author
    # sections, the article with its teaser row (which holds its notes to readers), and the
    # teasers of its related stories (articles.related)
    "article": 3,
    # the ids of a bounded set of matches, ranked (never a count of every match), and the
    # teasers of the page's; the sections
    "search": 3,
}


def page_urls(articles):
    article = articles[-1]
    author = article.bylines.first().author
    return {
        "home": "/",
        "section": article.section.get_absolute_url(),
        "tag": "/tag/nato/",
        "author": author.get_absolute_url(),
        "article": article.get_absolute_url(),
        "search": "/search/?q=headline",
    }


def count_queries(client, url):
    assert client.get(url).status_code == 200  # makes the renditions
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", sorted(BUDGET))
@pytest.mark.parametrize("count", [1, 50])
def test_a_public_page_costs_a_fixed_number_of_queries(client, page, count):
    url = page_urls(newsroom(count))[page]
    assert count_queries(client, url) == BUDGET[page]


def test_an_article_with_many_bylines_and_tags_costs_no_more(client):
    article = newsroom(1)[0]
    for position in range(3, 13):
        author = factories.make_author()
        Byline.objects.create(article=article, author=author, position=position, role="additional")
    article.tags.add(*[f"Topic {n}" for n in range(20)])
    assert count_queries(client, article.get_absolute_url()) == BUDGET["article"]


def test_a_cached_page_costs_no_query(client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    articles = newsroom(3)
    for url in page_urls(articles).values():
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert len(queries) == 0, url
