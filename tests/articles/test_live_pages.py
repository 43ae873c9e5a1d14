"""Live blogs, the readers' side: the article page with its entries, the fragment of new ones,
their caching, JSON-LD and feeds; each at a fixed number of queries and without Pillow."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import live, live_views, surrogate_keys
from articles.models import LiveEntry, Status
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]


@pytest.fixture
def blog(editor):
    return factories.make_live_blog(headline="Summit live", body="<p>What we know.</p>")


def since(blog, after=0):
    return f"/live/{blog.pk}/since/{after}/"


def test_the_page_shows_entries_newest_first_with_pinned_on_top(client, blog, editor):
    factories.post_entry(blog, editor, "Pinned: how to follow.", pinned=True)
    factories.post_entry(blog, editor, "First arrivals.")
    factories.post_entry(blog, editor, "Talks begin.")
    html = client.get(blog.get_absolute_url()).content.decode()
    assert "Live updates" in html and 'data-live-state="open"' in html
    html = html[html.index("data-live-entries") :]  # past the JSON-LD's copy of each entry
    order = [html.index(text) for text in ("Pinned: how to", "Talks begin", "First arrivals")]
    assert order == sorted(order)


def test_key_events_are_summarised_at_the_top(client, blog, editor):
    event = factories.post_entry(blog, editor, "Deal agreed.", key_event=True, summary="Deal!")
    factories.post_entry(blog, editor, "Coffee break.")
    html = client.get(blog.get_absolute_url()).content.decode()
    summary = html[html.index("Key events") : html.index("data-live-entries")]
    assert f'href="#entry-{event.pk}"' in summary and "Deal!" in summary
    assert "Coffee break" not in summary


def test_an_edited_entry_carries_a_visible_updated_mark(client, blog, editor):
    entry = factories.post_entry(blog, editor, "Talks begni.")
    live.edit(entry, editor, live.Entry(body="<p>Talks begin.</p>"))
    html = client.get(blog.get_absolute_url()).content.decode()
    assert "(updated <time" in html


def test_each_entry_shows_its_authors_name_or_username_and_none_once_the_account_is_gone(
    client, blog, editor
):
    named = factories.make_user("reporter1", first_name="Ana", last_name="Novak")
    unnamed = factories.make_user("wire-desk")
    for user, text in ((editor, "By the editor."), (named, "By Ana."), (unnamed, "By the desk.")):
        entry = factories.post_entry(blog, editor, text)
        LiveEntry.objects.filter(pk=entry.pk).update(author=user)
    gone = factories.make_user("leaver")
    orphan = factories.post_entry(blog, editor, "By a leaver.")
    LiveEntry.objects.filter(pk=orphan.pk).update(author=gone)
    gone.delete()  # the entry stays, without an author

    html = client.get(blog.get_absolute_url()).content.decode()
    html = html[html.index("data-live-entries") :]  # the entries, not their JSON-LD
    bylines = re.findall(r"</time></a>( by [^<]*)?</p>", html)
    by_editor = f" by {editor.get_full_name() or editor.username}"
    assert bylines == ["", " by wire-desk", " by Ana Novak", by_editor]


def test_the_fragment_returns_only_entries_newer_than_the_readers(client, blog, editor):
    old = factories.post_entry(blog, editor, "Old news.")
    factories.post_entry(blog, editor, "Fresh news.")
    response = client.get(since(blog, old.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Fresh news." in html and "Old news." not in html
    assert 'data-live-state="open"' in html


def test_the_fragment_is_cached_briefly_at_the_edge_under_the_articles_key(client, blog):
    response = client.get(since(blog))
    assert "s-maxage=5" in response.headers["Cache-Control"]
    assert "max-age=5" in response.headers["Cache-Control"]
    assert surrogate_keys.article(blog.pk) in response.headers["Surrogate-Key"].split()


def test_an_open_blogs_page_is_cached_briefly_a_closed_ones_as_any_article(
    client, blog, editor, django_capture_on_commit_callbacks
):
    response = client.get(blog.get_absolute_url())
    assert "s-maxage=5," in response.headers["Cache-Control"]
    with django_capture_on_commit_callbacks(execute=True):
        live.close(blog, editor)
    response = client.get(blog.get_absolute_url())
    assert "s-maxage=5," not in response.headers["Cache-Control"]
    assert 'data-live-state="closed"' in response.content.decode()


def test_a_revalidated_open_blog_is_still_kept_briefly(client, blog):
    first = client.get(blog.get_absolute_url())
    again = client.get(blog.get_absolute_url(), headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert "s-maxage=5," in again.headers["Cache-Control"]


def test_an_unchanged_article_still_answers_304(client):
    article = factories.make_article(status=Status.PUBLISHED)
    first = client.get(article.get_absolute_url())
    again = client.get(article.get_absolute_url(), headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_a_new_entry_reaches_readers_through_the_page_cache(
    client, blog, editor, django_capture_on_commit_callbacks
):
    assert "Breaking." not in client.get(blog.get_absolute_url()).content.decode()
    assert "Breaking." not in client.get(since(blog)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the purge, on commit
        factories.post_entry(blog, editor, "Breaking.")
    assert "Breaking." in client.get(blog.get_absolute_url()).content.decode()
    assert "Breaking." in client.get(since(blog)).content.decode()


def test_a_drafts_fragment_and_feed_are_not_found(client, editor):
    draft = factories.make_live_blog(status=Status.DRAFT)
    factories.post_entry(draft, editor, "Secret.")
    assert client.get(since(draft)).status_code == 404
    assert client.get(f"/live/{draft.pk}/rss/").status_code == 404
    assert client.get(f"/live/{draft.pk}/atom/").status_code == 404


def test_an_article_that_is_not_live_has_no_fragment(client):
    article = factories.make_article(status=Status.PUBLISHED)
    assert client.get(f"/live/{article.pk}/since/0/").status_code == 404
    assert "data-live-poll" not in client.get(article.get_absolute_url()).content.decode()


def test_a_closed_blogs_fragment_tells_the_poller_to_stop(client, blog, editor):
    live.close(blog, editor)
    assert 'data-live-state="closed"' in client.get(since(blog)).content.decode()


# --- fixed costs ---------------------------------------------------------------------------


def queries(client, url) -> int:
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.usefixtures("no_page_cache")
@pytest.mark.parametrize("count", [1, 50])
def test_the_live_page_and_fragment_cost_the_same_with_1_and_50_entries(
    client, editor, no_pillow, count
):
    blog = factories.make_live_blog()
    photo = factories.make_photo()
    for n in range(count):
        extra = {"photo": photo, "key_event": True} if n % 5 == 0 else {}
        factories.post_entry(blog, editor, f"Entry {n}.", **extra)
    first = LiveEntry.objects.filter(article=blog).order_by("pk").first()
    with no_pillow():
        # sections; the article and its teaser row; related stories' rows; the page's entries
        # with their authors, and the key events
        assert queries(client, blog.get_absolute_url()) == 4
        assert queries(client, f"{blog.get_absolute_url()}?from={first.pk}") == 4
        # the article; the latest page's entries with their authors, and the key events
        assert queries(client, since(blog)) == 2
        # nothing new: the article; the entries
        newest = LiveEntry.objects.filter(article=blog).latest("pk")
        assert queries(client, since(blog, newest.pk)) == 2
        # the article with its section; the entries with their authors
        assert queries(client, f"/live/{blog.pk}/rss/") == 2


def test_readers_pages_show_what_was_rendered_on_save(client, blog, editor, monkeypatch):
    photo = factories.make_photo(credit_line="EPA")
    factories.post_entry(blog, editor, "Deal agreed.", key_event=True, photo=photo)
    live.post(blog, editor, live.Entry(body="<p>x</p>", embed_url="https://youtu.be/dQw4w9WgXcQ"))
    monkeypatch.setattr(live_views.embeds, "match", lambda url: pytest.fail("rendered"))
    monkeypatch.setattr(live.bodies, "render", lambda *a: pytest.fail("rendered"))
    page = client.get(blog.get_absolute_url()).content.decode()
    fragment = client.get(since(blog)).content.decode()
    for html in (page, fragment):
        assert "Deal agreed." in html and "EPA" in html and 'class="embed embed-youtube' in html


# --- pages of entries ----------------------------------------------------------------------


def entry_ids(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'data-live-entry="(\d+)"', html)]


@pytest.fixture
def long_blog(blog, editor):
    """A pinned entry, then PAGE_SIZE + 5 others, every tenth a key event; oldest first."""
    pinned = factories.post_entry(blog, editor, "How to follow.", pinned=True, key_event=True)
    others = [
        factories.post_entry(blog, editor, f"Update {n}.", key_event=n % 10 == 0)
        for n in range(live_views.PAGE_SIZE + 5)
    ]
    return blog, pinned, others


def test_the_page_shows_the_pinned_and_the_newest_entries_and_links_the_older(client, long_blog):
    blog, pinned, others = long_blog
    html = client.get(blog.get_absolute_url()).content.decode()
    newest = [e.pk for e in reversed(others)]
    assert entry_ids(html) == [pinned.pk, *newest[: live_views.PAGE_SIZE]]
    older = newest[live_views.PAGE_SIZE]
    assert f'rel="next" href="{blog.get_absolute_url()}?from={older}">Older entries' in html
    assert "noindex" not in html
    data = live_jsonld(html)
    assert len(data["liveBlogUpdate"]) == live_views.PAGE_SIZE + 1  # this page's entries


def test_the_older_page_shows_the_rest_without_polling_and_is_not_indexed(client, long_blog):
    blog, pinned, others = long_blog
    newest = [e.pk for e in reversed(others)]
    url = f"{blog.get_absolute_url()}?from={newest[live_views.PAGE_SIZE]}"
    response = client.get(url)
    html = response.content.decode()
    assert entry_ids(html) == newest[live_views.PAGE_SIZE :]  # no pinned entry here
    assert '<meta name="robots" content="noindex, follow">' in html
    assert f'<link rel="canonical" href="http://testserver{blog.get_absolute_url()}"' in html or (
        f'{blog.get_absolute_url()}">' in html[: html.index("</head>")]
    )
    assert "data-live-poll" not in html and "Older entries" not in html
    assert f'href="{blog.get_absolute_url()}">Latest entries' in html
    assert [u["headline"] for u in live_jsonld(html)["liveBlogUpdate"]] == [
        "Update 4.",
        "Update 3.",
        "Update 2.",
        "Update 1.",
        "Update 0.",
    ]


@pytest.mark.parametrize("start", ["abc", "0", "-3", str(10**30)])
def test_a_bad_older_page_address_is_not_found(client, blog, editor, start):
    factories.post_entry(blog, editor)
    assert client.get(f"{blog.get_absolute_url()}?from={start}").status_code == 404


def test_only_an_entrys_own_id_names_an_older_page(client, blog, editor):
    """Any other number would be one more cached copy of a page, made on demand."""
    first, second = factories.post_entry(blog, editor), factories.post_entry(blog, editor)
    pinned = factories.post_entry(blog, editor, pinned=True)
    other = factories.post_entry(factories.make_live_blog(), editor)
    url = blog.get_absolute_url()
    assert client.get(f"{url}?from={second.pk}").status_code == 200
    for start in (second.pk + 1000, pinned.pk, other.pk):
        assert client.get(f"{url}?from={start}").status_code == 404, start
    second.delete()
    assert client.get(f"{url}?from={second.pk}").status_code == 404
    assert client.get(f"{url}?from={first.pk}").status_code == 200


def test_key_events_link_to_the_page_holding_each(client, long_blog):
    blog, pinned, others = long_blog
    url = blog.get_absolute_url()
    oldest_event, recent_event = others[0], others[20]  # on the older page; on the latest
    assert oldest_event.key_event and recent_event.key_event
    latest = client.get(url).content.decode()
    summary = latest[latest.index("Key events") : latest.index("data-live-entries")]
    assert f'href="#entry-{pinned.pk}"' in summary
    assert f'href="#entry-{recent_event.pk}"' in summary
    assert f'href="{url}?from={oldest_event.pk}#entry-{oldest_event.pk}"' in summary
    older = client.get(f"{url}?from={oldest_event.pk}").content.decode()
    assert oldest_event.pk in entry_ids(older)
    summary = older[older.index("Key events") : older.index("data-live-entries")]
    assert f'href="#entry-{oldest_event.pk}"' in summary
    assert f'href="{url}#entry-{pinned.pk}"' in summary
    assert f'href="{url}#entry-{recent_event.pk}"' in summary


def test_the_fragment_never_sends_more_than_the_latest_page(client, long_blog):
    blog, pinned, others = long_blog
    newest = [e.pk for e in reversed(others)]
    # Further behind than a page: the latest page, to replace the reader's list.
    html = client.get(since(blog, others[0].pk)).content.decode()
    assert entry_ids(html) == [pinned.pk, *newest[: live_views.PAGE_SIZE]]
    assert "data-live-replace" in html and "Key events" in html
    assert f"?from={newest[live_views.PAGE_SIZE]}" in html  # its older entries' link
    # A page behind exactly: those entries, to insert.
    html = client.get(since(blog, newest[live_views.PAGE_SIZE])).content.decode()
    assert entry_ids(html) == newest[: live_views.PAGE_SIZE]
    assert "data-live-replace" not in html
    # A new key event brings the summary; other new entries do not.
    html = client.get(since(blog, newest[1])).content.decode()
    assert entry_ids(html) == newest[:1] and "Key events" not in html
    html = client.get(since(blog, newest[10])).content.decode()
    assert "Key events" in html  # Update 20, a key event, is among them


# --- structured data -------------------------------------------------------------------------

# schema.org's LiveBlogPosting (https://schema.org/LiveBlogPosting): its own properties and those
# it inherits from BlogPosting, SocialMediaPosting, Article, CreativeWork and Thing that this
# page uses, copied here so the test needs no network. BlogPosting's for each update.
LIVE_BLOG_POSTING = {
    "@context", "@type", "@id",
    "coverageStartTime", "coverageEndTime", "liveBlogUpdate",  # LiveBlogPosting's own
    "headline", "description", "url", "datePublished", "dateModified", "author",
    "articleBody", "image", "publisher", "mainEntityOfPage", "about",
}  # fmt: skip
BLOG_POSTING = {
    "@type", "@id", "headline", "articleBody", "datePublished", "dateModified", "url", "author",
    "image", "description",
}  # fmt: skip


def live_jsonld(html: str) -> dict:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    found = [json.loads(block) for block in blocks]
    return next(data for data in found if data["@type"] == "LiveBlogPosting")


def test_the_json_ld_is_a_live_blog_posting_with_its_updates(client, blog, editor):
    factories.post_entry(blog, editor, "Deal agreed.", summary="Deal")
    factories.post_entry(blog, editor, "Talks begin.")
    data = live_jsonld(client.get(blog.get_absolute_url()).content.decode())
    assert set(data) <= LIVE_BLOG_POSTING
    assert data["coverageStartTime"] == blog.first_published_at.isoformat()
    assert "coverageEndTime" not in data  # still open
    updates = data["liveBlogUpdate"]
    assert [u["headline"] for u in updates] == ["Talks begin.", "Deal"]
    for update in updates:
        assert update["@type"] == "BlogPosting"
        assert set(update) <= BLOG_POSTING
        assert {"headline", "articleBody", "datePublished", "dateModified"} <= set(update)


def test_a_closed_blogs_json_ld_has_its_coverage_end(client, blog, editor):
    live.close(blog, editor)
    blog.refresh_from_db()
    data = live_jsonld(client.get(blog.get_absolute_url()).content.decode())
    assert data["coverageEndTime"] == blog.live_closed_at.isoformat()


# --- feeds -------------------------------------------------------------------------------------


def test_the_feed_has_one_item_per_entry_newest_first_and_the_page_links_it(client, blog, editor):
    for text in ("First.", "Second.", "Third."):
        factories.post_entry(blog, editor, text)
    page = client.get(blog.get_absolute_url()).content.decode()
    assert f'href="/live/{blog.pk}/rss/"' in page and f'href="/live/{blog.pk}/atom/"' in page
    rss = ET.fromstring(client.get(f"/live/{blog.pk}/rss/").content)
    assert [item.findtext("title") for item in rss.iter("item")] == ["Third.", "Second.", "First."]
    atom = ET.fromstring(client.get(f"/live/{blog.pk}/atom/").content)
    entries = atom.findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == 3


def test_the_feed_links_each_entry_on_the_page(client, blog, editor):
    entry = factories.post_entry(blog, editor)
    rss = ET.fromstring(client.get(f"/live/{blog.pk}/rss/").content)
    link = next(rss.iter("item")).findtext("link")
    assert link.endswith(f"{blog.get_absolute_url()}#entry-{entry.pk}")


def test_the_page_lets_entries_embeds_load(client, blog, editor):
    live.post(blog, editor, live.Entry(body="<p>x</p>", embed_url="https://youtu.be/dQw4w9WgXcQ"))
    response = client.get(blog.get_absolute_url())
    assert "youtube" in response.headers["Content-Security-Policy"]
    assert live_views.POLL_SECONDS == 15


def test_an_open_blog_lets_every_provider_frame_a_closed_one_only_its_own(
    client, blog, editor, django_capture_on_commit_callbacks
):
    # An entry live.js brings in may embed any accepted provider: the open page allows them all.
    policy = client.get(blog.get_absolute_url()).headers["Content-Security-Policy"]
    assert "openstreetmap.org" in policy and "youtube" in policy
    with django_capture_on_commit_callbacks(execute=True):
        live.post(
            blog, editor, live.Entry(body="<p>x</p>", embed_url="https://youtu.be/dQw4w9WgXcQ")
        )
        live.close(blog, editor)
    policy = client.get(blog.get_absolute_url()).headers["Content-Security-Policy"]
    assert "youtube" in policy and "openstreetmap.org" not in policy


def test_an_embargoed_blogs_fragment_and_feed_are_not_found(client, editor):
    blog = factories.make_live_blog(embargo_until=timezone.now() + timedelta(hours=1))
    factories.post_entry(blog, editor, "Not yet.")
    assert client.get(since(blog)).status_code == 404
    assert client.get(f"/live/{blog.pk}/rss/").status_code == 404


@pytest.mark.parametrize("after", [0, 10**30])
def test_an_absurd_address_is_a_404_or_nothing_new_never_a_500(client, blog, after):
    assert client.get(f"/live/{10**30}/since/{after}/").status_code == 404
    response = client.get(since(blog, after))
    assert response.status_code == 200


# --- edits and deletions reach open pages ------------------------------------------------------


def revision(html: str) -> str:
    found = re.search(r'data-live-revision="(\d+)"', html)
    assert found is not None
    return found.group(1)


def test_an_edit_or_deletion_changes_the_revision_the_page_and_fragment_carry(
    client, blog, editor, django_capture_on_commit_callbacks
):
    entry = factories.post_entry(blog, editor, "Talks begni.")
    newest = entry.pk
    page = client.get(blog.get_absolute_url()).content.decode()
    fragment = client.get(since(blog, newest)).content.decode()
    assert revision(page) == revision(fragment) == "0"
    with django_capture_on_commit_callbacks(execute=True):
        live.edit(entry, editor, live.Entry(body="<p>Talks begin.</p>"))
    edited = revision(client.get(since(blog, newest)).content.decode())
    assert edited != "0"
    assert revision(client.get(blog.get_absolute_url()).content.decode()) == edited
    with django_capture_on_commit_callbacks(execute=True):
        live.delete(entry, editor)
    assert revision(client.get(since(blog, newest)).content.decode()) not in ("0", edited)


def test_a_new_entry_leaves_the_revision_alone(
    client, blog, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        factories.post_entry(blog, editor, "Breaking.")
    assert revision(client.get(since(blog)).content.decode()) == "0"


def test_the_whole_list_fragment_puts_pinned_entries_first(client, blog, editor):
    factories.post_entry(blog, editor, "Pinned: how to follow.", pinned=True)
    factories.post_entry(blog, editor, "Talks begin.")
    html = client.get(since(blog)).content.decode()
    assert html.index("Pinned: how to") < html.index("Talks begin")


# --- conditional requests: the entries change without the article ------------------------------


def ask_again(client, url, first):
    return client.get(
        url,
        headers={
            "If-Modified-Since": first.headers.get("Last-Modified")
            or "Wed, 02 Dec 2099 00:00:00 GMT"
        },
    )


@pytest.mark.parametrize("url", ["page", "rss", "atom", "fragment"])
def test_a_conditional_get_after_a_post_or_a_deletion_gets_the_new_content(
    client, blog, editor, django_capture_on_commit_callbacks, url
):
    kept = factories.post_entry(blog, editor, "Kept.")
    address = {
        "page": blog.get_absolute_url(),
        "rss": f"/live/{blog.pk}/rss/",
        "atom": f"/live/{blog.pk}/atom/",
        "fragment": since(blog),
    }[url]
    first = client.get(address)
    assert "Last-Modified" not in first.headers
    with django_capture_on_commit_callbacks(execute=True):
        factories.post_entry(blog, editor, "Breaking.")
    after_post = ask_again(client, address, first)
    assert after_post.status_code == 200 and "Breaking." in after_post.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        live.delete(kept, editor)
    after_delete = ask_again(client, address, after_post)
    assert after_delete.status_code == 200 and "Kept." not in after_delete.content.decode()
    # The ETag still answers an unchanged blog with 304.
    etag = after_delete.headers["ETag"]
    assert client.get(address, headers={"If-None-Match": etag}).status_code == 304


def test_a_closed_blogs_page_sends_no_last_modified_either(client, blog, editor):
    live.close(blog, editor)
    assert "Last-Modified" not in client.get(blog.get_absolute_url()).headers


def test_the_feeds_author_is_read_without_rendering_the_entry(blog, editor, monkeypatch):
    from articles import feeds

    entry = factories.post_entry(blog, editor, "Talks begin.")
    monkeypatch.setattr(live_views, "entry_view", lambda entry: pytest.fail("rendered"))
    monkeypatch.setattr(live.bodies, "render", lambda *a: pytest.fail("rendered"))
    expected = editor.get_full_name() or editor.username
    assert feeds.LiveRss().item_author_name(entry) == expected


def test_the_feed_links_an_older_entry_to_the_page_holding_it(client, long_blog):
    blog, pinned, others = long_blog
    rss = ET.fromstring(client.get(f"/live/{blog.pk}/rss/").content)
    links = [item.findtext("link") for item in rss.iter("item")]
    url = blog.get_absolute_url()
    assert links[0].endswith(f"{url}#entry-{others[-1].pk}")
    assert links[-1].endswith(f"{url}#entry-{pinned.pk}")  # pinned: on the latest page
    assert links[-2].endswith(f"{url}?from={others[0].pk}#entry-{others[0].pk}")


def test_a_reopened_blogs_page_asks_for_entries_again(
    client, blog, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        live.close(blog, editor)
    assert 'data-live-state="closed"' in client.get(blog.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        live.reopen(blog, editor)
    response = client.get(blog.get_absolute_url())
    assert 'data-live-state="open"' in response.content.decode()
    assert "s-maxage=5," in response.headers["Cache-Control"]
    assert 'data-live-state="open"' in client.get(since(blog)).content.decode()
