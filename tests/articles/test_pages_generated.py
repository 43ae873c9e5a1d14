"""manage.py generate_articles makes a realistic newsroom, which the public pages serve."""

import io

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, Byline, Status, Teaser
from media_assets.models import Photo

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]


def test_generated_articles_are_published_with_bylines_tags_and_photos(client):
    call_command("generate_articles", "30", "--photos", "3", stdout=io.StringIO())
    articles = Article.objects.published()
    assert articles.count() == 30
    assert Teaser.objects.visible().count() == 30  # every one has its row
    assert Photo.objects.count() == 3
    for article in articles:
        assert 2 <= len(article.bylines.all()) <= 3
        assert len(article.tags.all()) == 3
        assert article.lead_photo and article.lead_photo.credit
        assert article.dateline
        assert article.teaser.data["photo"]["figures"]
    newest = articles.first()
    assert client.get(newest.get_absolute_url()).status_code == 200
    assert newest.headline in client.get("/").content.decode()


def test_generating_twice_adds_articles_without_clashing(db):
    out = io.StringIO()
    call_command("generate_articles", "5", "--photos", "2", stdout=out)
    call_command("generate_articles", "5", "--photos", "2", stdout=out)
    assert Article.objects.filter(status=Status.PUBLISHED).count() == 10
    assert Photo.objects.count() == 2  # the same pool: import_photo finds the same bytes
    assert Byline.objects.values("article").distinct().count() == 10


def test_a_nonsense_count_is_a_clear_error(db):
    with pytest.raises(CommandError, match="must be positive"):
        call_command("generate_articles", "0")
