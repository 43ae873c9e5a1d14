"""A live blog behind Varnish (deploy/varnish/newsroom.vcl) and the page cache: an entry reaches
readers at once through the purge, and within the issue's 15 seconds when the purge is lost."""

import time

import pytest

from tests import factories
from tests.edge.test_varnish import miss_then_hit

pytestmark = pytest.mark.django_db(transaction=True)

READERS_SEE_IT_WITHIN = 15  # seconds, the promise to readers


@pytest.fixture
def blog():
    return factories.make_live_blog(headline="Summit live", body="<p>What we know.</p>")


def fragment(blog):
    return f"/live/{blog.pk}/since/0/"


def test_an_entry_purges_the_page_and_its_fragment_at_once(varnish, blog, editor):
    factories.post_entry(blog, editor, "Delegations arrive.")
    for path in (blog.get_absolute_url(), fragment(blog)):
        miss_then_hit(varnish, path)

    factories.post_entry(blog, editor, "Talks begin in the hall.")

    for path in (blog.get_absolute_url(), fragment(blog)):
        fresh = varnish.get(path)
        assert fresh.headers["X-Cache"] == "MISS", path
        assert "Talks begin in the hall." in fresh.text, path


def test_with_the_purge_lost_readers_still_see_an_entry_within_15_seconds(
    varnish, blog, editor, edge_settings, monkeypatch
):
    """The edge never hears of the post (a dropped purge): the blog's short lifetime, not the
    article's hour, bounds how long its copy is shown. The page cache is on, as in production."""
    edge_settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    factories.post_entry(blog, editor, "Delegations arrive.")
    for path in (blog.get_absolute_url(), fragment(blog)):
        miss_then_hit(varnish, path)
    monkeypatch.setattr("newsroom.edge.purge", lambda keys: None)

    factories.post_entry(blog, editor, "Talks begin in the hall.")
    posted = time.monotonic()

    assert "Talks begin" not in varnish.get(fragment(blog)).text  # the edge still has its copy
    for path in (fragment(blog), blog.get_absolute_url()):
        while "Talks begin in the hall." not in varnish.get(path).text:
            assert time.monotonic() - posted < READERS_SEE_IT_WITHIN, f"{path} stayed stale"
            time.sleep(0.25)
