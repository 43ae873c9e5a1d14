"""A feed answers 404 exactly when its page does: it never confirms what the page keeps unknown."""

import pytest

from articles.models import Status
from tests import factories
from tests.articles.site_fixtures import publish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]


def statuses(client, page):
    return [client.get(f"{page}{suffix}").status_code for suffix in ("", "rss/", "atom/")]


@pytest.fixture
def drafts_only(db):
    """A section, an author and a tag that only a draft and an article in edit use."""
    section = factories.make_section("Hidden desk", slug="hidden-desk")
    author = factories.make_author("Hidden writer", slug="hidden-writer")
    for status in (Status.DRAFT, Status.EDIT):
        factories.make_article(
            status=status, section=section, bylines=[author], tags=["Pulled for legal"]
        )
    return section, author


PAGES = ["/tag/pulled-for-legal/", "/section/hidden-desk/", "/author/hidden-writer/"]


@pytest.mark.parametrize("page", PAGES)
def test_feeds_answer_as_their_page_while_only_drafts_use_it(client, drafts_only, page):
    answers = statuses(client, page)
    assert answers[1:] == [answers[0]] * 2, answers


@pytest.mark.parametrize("page", PAGES)
def test_feeds_answer_as_their_page_once_something_is_published(client, drafts_only, page):
    section, author = drafts_only
    publish(factories.make_article(section=section, bylines=[author], tags=["Pulled for legal"]))
    assert statuses(client, page) == [200, 200, 200]


@pytest.mark.parametrize("page", ["/tag/nowhere/", "/section/nowhere/", "/author/nobody/"])
def test_feeds_of_unknown_names_are_not_found(client, db, page):
    assert statuses(client, page) == [404, 404, 404]


def test_a_tag_only_drafts_use_is_unknown_to_page_and_feeds(client, drafts_only):
    assert statuses(client, "/tag/pulled-for-legal/") == [404, 404, 404]
