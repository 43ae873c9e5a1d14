"""The site-wide corrections page and its feed list notes on public articles only."""

from datetime import timedelta

import feedparser
import pytest
from django.core.cache import cache
from django.utils import timezone

from articles.models import Correction, Status
from tests.factories import make_article


@pytest.fixture
def notes(db):
    cache.clear()
    public = make_article(status=Status.PUBLISHED, headline="Bridge reopens")
    embargoed = make_article(
        status=Status.PUBLISHED, embargo_until=timezone.now() + timedelta(days=1)
    )
    draft = make_article()
    for article, text in [(public, "The bridge is 40 m long, not 400 m."), (embargoed, "Secret"),
                          (draft, "Also secret")]:  # fmt: skip
        Correction.objects.create(article=article, text=text)
    Correction.objects.create(article=public, kind="update", text="Traffic resumed at noon.")
    return public


def test_the_page_lists_notes_on_public_articles_newest_first(client, notes):
    response = client.get("/corrections/")
    text = response.content.decode()
    assert response.status_code == 200
    assert text.index("Traffic resumed at noon.") < text.index("The bridge is 40 m long")
    assert "Secret" not in text and "Also secret" not in text
    assert notes.get_absolute_url() in text


def test_the_feed_parses_and_holds_the_same_notes(client, notes):
    feed = feedparser.parse(client.get("/corrections/rss/").content)
    assert not feed.bozo
    assert [e.title for e in feed.entries] == [
        "Update: Bridge reopens",
        "Correction: Bridge reopens",
    ]
    assert feed.entries[1].summary == "The bridge is 40 m long, not 400 m."


def test_the_footer_links_to_the_corrections_page(client, notes):
    assert 'href="/corrections/"' in client.get("/").content.decode()
