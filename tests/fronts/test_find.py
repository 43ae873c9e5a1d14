"""The front editor's search: any published article by its headline, for editors only."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Status
from articles.teasers import refresh
from fronts import admin as front_admin
from fronts.models import Arrangement
from tests import factories
from tests.fronts.test_fronts import ARRANGE, form_data, published

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

ARTICLES = reverse("admin:fronts_front_articles")


@pytest.fixture
def old_story(monkeypatch):
    """A published story older than every article the editor offers as you type."""
    monkeypatch.setattr(front_admin, "CHOICES_SHOWN", 2)
    (story,) = published(1, headline="Harbour bridge reopens after storm")
    Article.objects.filter(pk=story.pk).update(published_at=timezone.now() - timedelta(days=900))
    refresh([story.pk])
    published(3)
    return story


def test_the_editor_finds_an_old_article_by_words_of_its_headline(client, editor, old_story):
    client.force_login(editor)
    assert "Harbour bridge" not in client.get(ARRANGE).content.decode()
    answer = client.get(ARTICLES, {"q": "storm  harbour REOPENS"})  # every word, in any order
    assert answer.json() == {"results": [{"id": old_story.pk, "headline": old_story.headline}]}
    assert client.get(ARTICLES, {"q": "harbour flood"}).json() == {"results": []}
    by_number = client.get(ARTICLES, {"q": str(old_story.pk)}).json()["results"]
    assert old_story.pk in [row["id"] for row in by_number]


def test_the_search_lists_published_articles_only(client, editor):
    client.force_login(editor)
    published(1, headline="Budget vote tonight")
    factories.make_article(headline="Budget draft in progress")
    factories.make_article(headline="Budget under embargo", status=Status.PUBLISHED)
    embargoed = Article.objects.filter(headline="Budget under embargo")
    embargoed.update(published_at=timezone.now(), embargo_until=timezone.now() + timedelta(hours=1))
    refresh(embargoed.values_list("pk", flat=True))
    found = [row["headline"] for row in client.get(ARTICLES, {"q": "budget"}).json()["results"]]
    assert found == ["Budget vote tonight"]
    assert client.get(ARTICLES, {"q": "  "}).json() == {"results": []}


def test_without_javascript_find_lists_them_and_keeps_the_rows_unsaved(client, editor, old_story):
    client.force_login(editor)
    rows = [{"place": "lead", "article": old_story.pk, "headline": "Kept, unsaved"}]
    answer = client.post(ARRANGE, form_data(rows, action="find", find="harbour"))
    html = answer.content.decode()
    assert answer.status_code == 200
    assert f"<strong>{old_story.pk}</strong>: {old_story.headline}" in html
    assert 'value="Kept, unsaved"' in html
    assert not Arrangement.objects.exists()
    # and the old article found can be placed and saved
    assert client.post(ARRANGE, form_data(rows, action="save")).status_code == 302
    assert Arrangement.objects.get().slots.get().article == old_story


def test_find_says_when_nothing_matches(client, editor):
    client.force_login(editor)
    html = client.post(ARRANGE, form_data([], action="find", find="<b>zebra</b>")).content.decode()
    assert "No published article has “&lt;b&gt;zebra&lt;/b&gt;” in its headline." in html


@pytest.mark.parametrize("who", ["reporter", "photodesk", "reader"])
def test_only_editors_may_search(client, request, who):
    client.force_login(request.getfixturevalue(who))
    published(1, headline="Budget vote tonight")
    answer = client.get(ARTICLES, {"q": "budget"})
    assert answer.status_code in (302, 403)
    assert b"Budget" not in answer.content


def test_anonymous_visitors_are_sent_to_log_in(client):
    answer = client.get(ARTICLES, {"q": "budget"})
    assert answer.status_code == 302 and "/login/" in answer.url
