"""With the cache unreachable, readers are still served and an editor's save still lands."""

import pytest
from django.core.cache.backends.base import BaseCache
from django.urls import reverse

from articles.models import Article
from tests.articles.site_fixtures import publish
from tests.articles.test_editing import admin_edit
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db


class UnreachableCache(BaseCache):
    """Every call fails, as a Redis that has gone away does."""

    def __init__(self, location, params):
        super().__init__(params)

    def _fail(self, *args, **kwargs):
        raise ConnectionError("the cache server does not answer")

    add = get = set = delete = touch = clear = has_key = _fail


@pytest.fixture(autouse=True)
def cache_down(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    settings.CACHES = {"default": {"BACKEND": f"{__name__}.UnreachableCache"}}


def test_readers_are_served_from_the_database(client):
    article = publish(make_article(headline="Still readable", section=make_section("World")))
    for url in ["/", article.get_absolute_url(), article.section.get_absolute_url(), "/feeds/rss/"]:
        response = client.get(url)
        assert response.status_code == 200, url
    assert "Still readable" in client.get("/").text


def test_an_editors_save_lands_and_says_so(
    client, editor, purged, django_capture_on_commit_callbacks
):
    article = publish(make_article(headline="Before", section=make_section("World")))
    client.force_login(editor)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:articles_article_change", args=[article.pk]),
            admin_edit(article, headline="After", slug=article.slug),
        )

    assert response.status_code == 302
    assert Article.objects.get().headline == "After"
    assert "After" in client.get(article.get_absolute_url()).text
    assert f"a{article.pk}" in purged[0]  # the edge caches are told all the same
