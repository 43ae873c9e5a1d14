"""Every plain-text field reaches every feed as text: a feed reader shows markup, never runs it.

Parsed with sanitising off, so the test sees what a reader that trusts the feed would render.
"""

import html

import feedparser
import pytest

from articles.models import Correction
from tests import factories
from tests.articles.site_fixtures import publish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture
def hostile(settings):
    """A published article whose every plain field is hostile, with a correction that is too."""
    settings.SITE_URL = "https://news.example"
    section = factories.make_section(f"Desk {HOSTILE}", slug="desk", description=HOSTILE)
    author = factories.make_author(f"Writer {HOSTILE}", slug="writer")
    article = factories.make_article(
        section=section,
        bylines=[author],
        tags=[f"Tag {HOSTILE}"],
        headline=f"Headline {HOSTILE}",
        standfirst=f"Standfirst {HOSTILE}",
    )
    publish(article)
    Correction.objects.create(article=article, text=f"Correction {HOSTILE}")
    return article


def shown(detail) -> str:
    """What a reader displays for one parsed text construct; fails if it carries an element."""
    if detail.type == "text/html":
        assert "<" not in detail.value, detail
        return html.unescape(detail.value)
    assert detail.type == "text/plain", detail
    return detail.value


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    parsed = feedparser.parse(response.content, sanitize_html=False)
    assert not parsed.bozo, (url, parsed.get("bozo_exception"))
    return parsed


FEEDS = ["/feeds/{kind}/", "/section/desk/{kind}/", "/tag/{tag}/{kind}/", "/author/writer/{kind}/"]


@pytest.mark.parametrize("kind", ["rss", "atom"])
@pytest.mark.parametrize("pattern", FEEDS)
def test_every_plain_field_of_every_feed_arrives_as_text(client, hostile, pattern, kind):
    tag = hostile.tags.get()
    parsed = parse(client, pattern.format(kind=kind, tag=tag.slug))
    for name in ("title_detail", "subtitle_detail"):
        shown(parsed.feed[name])  # the feed's own title and description: text too
    if pattern.startswith("/section/"):
        assert shown(parsed.feed.subtitle_detail) == HOSTILE
    (entry,) = parsed.entries
    assert shown(entry.title_detail) == f"Headline {HOSTILE}"
    assert shown(entry.summary_detail) == f"Standfirst {HOSTILE}"
    assert entry.author == f"Writer {HOSTILE}"
    assert {f"Desk {HOSTILE}", f"Tag {HOSTILE}"} <= {t.term for t in entry.tags}


def test_the_corrections_feed_carries_the_note_as_text(client, hostile):
    parsed = parse(client, "/corrections/rss/")
    (entry,) = parsed.entries
    assert shown(entry.title_detail) == f"Correction: Headline {HOSTILE}"
    assert shown(entry.summary_detail) == f"Correction {HOSTILE}"
