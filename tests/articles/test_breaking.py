"""The breaking news banner: on every public page while it runs and on none after, through the
page cache and the edge cache; put up, changed and ended only by those who may publish, logged,
and never a link that could run code."""

import re
import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles import breaking
from articles.log import ArticleAction
from articles.models import BreakingNews
from audit.models import AuditEntry
from tests.articles.site_fixtures import newsroom
from tests.articles.test_pages_valid import nu_errors

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

BANNER = re.compile(r'<aside class="breaking-news" aria-label="Breaking news">.*?</aside>', re.S)
ADD_URL = reverse("admin:articles_breakingnews_add")


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600


@pytest.fixture
def site(db):
    article = newsroom(2, tags=("NATO",))[-1]
    author = article.bylines.first().author
    return {
        "home": "/",
        "section": article.section.get_absolute_url(),
        "tag": "/tag/nato/",
        "author": author.get_absolute_url(),
        "article": article.get_absolute_url(),
        "search": "/search/?q=headline",
        "corrections": "/corrections/",
        "not found": "/no/such/page/",
    }


def put_up(capture, editor, text="Polls close in ten minutes", **fields) -> BreakingNews:
    """A banner saved as the admin saves it, its on-commit work done."""
    now = timezone.now()
    fields = {"starts_at": now, "ends_at": now + timedelta(hours=1)} | fields
    banner = BreakingNews(text=text, **fields)
    with capture(execute=True):
        breaking.save(banner, editor, added=True)
    return banner


def banner_on(client, url) -> str | None:
    response = client.get(url)
    assert response.status_code in (200, 404), url
    found = BANNER.search(response.text)
    return found.group(0) if found else None


def later(monkeypatch, seconds: float) -> None:
    """Move the clocks of the caches and of the database filters forward."""
    moved_time, moved_now = time.time() + seconds, timezone.now() + timedelta(seconds=seconds)
    monkeypatch.setattr(time, "time", lambda: moved_time)
    monkeypatch.setattr(timezone, "now", lambda: moved_now)


def test_a_running_banner_shows_on_every_kind_of_public_page_already_cached(
    client, site, editor, django_capture_on_commit_callbacks
):
    for url in site.values():
        assert banner_on(client, url) is None  # cached, where a page is kept
    put_up(django_capture_on_commit_callbacks, editor, url="/live/")
    for name, url in site.items():
        shown = banner_on(client, url)
        assert shown and "Polls close in ten minutes" in shown, name
        assert '<a href="/live/">' in shown, name


def test_the_banner_leaves_every_page_when_its_time_ends(
    client, site, editor, django_capture_on_commit_callbacks, monkeypatch
):
    put_up(
        django_capture_on_commit_callbacks, editor, ends_at=timezone.now() + timedelta(minutes=5)
    )
    for url in site.values():
        assert banner_on(client, url)  # every page now cached with the banner
    later(monkeypatch, 6 * 60)
    for name, url in site.items():
        assert banner_on(client, url) is None, name


def test_a_scheduled_banner_appears_on_cached_pages_at_its_start(
    client, site, editor, django_capture_on_commit_callbacks, monkeypatch
):
    start = timezone.now() + timedelta(minutes=2)  # sooner than the page cache's 10 minutes
    put_up(
        django_capture_on_commit_callbacks,
        editor,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
    )
    for url in site.values():
        assert banner_on(client, url) is None
    later(monkeypatch, 3 * 60)
    for name, url in site.items():
        assert banner_on(client, url), name


def test_ending_a_banner_takes_it_off_cached_pages_at_once(
    client, site, editor, django_capture_on_commit_callbacks
):
    banner = put_up(django_capture_on_commit_callbacks, editor)
    assert banner_on(client, "/")
    with django_capture_on_commit_callbacks(execute=True):
        breaking.end_now(banner, editor)
    assert banner_on(client, "/") is None
    assert banner_on(client, site["article"]) is None


def test_deleting_a_banner_takes_it_off_cached_pages_at_once(
    client, site, editor, django_capture_on_commit_callbacks
):
    banner = put_up(django_capture_on_commit_callbacks, editor)
    assert banner_on(client, "/")
    with django_capture_on_commit_callbacks(execute=True):
        breaking.delete(banner, editor)
    assert banner_on(client, "/") is None
    assert not BreakingNews.objects.exists()


def test_the_newest_running_banner_wins_and_the_older_returns_when_it_ends(
    client, site, editor, django_capture_on_commit_callbacks, monkeypatch
):
    now = timezone.now()
    put_up(django_capture_on_commit_callbacks, editor, "Older", ends_at=now + timedelta(hours=2))
    put_up(
        django_capture_on_commit_callbacks,
        editor,
        "Newer",
        starts_at=now + timedelta(seconds=1),
        ends_at=now + timedelta(hours=1),
    )
    later(monkeypatch, 2)
    assert "Newer" in banner_on(client, "/")
    later(monkeypatch, 61 * 60)
    assert "Older" in banner_on(client, "/")


def test_saving_purges_every_html_page_from_the_edge(
    editor, purged, django_capture_on_commit_callbacks
):
    banner = put_up(django_capture_on_commit_callbacks, editor)
    assert purged == [{"nav"}]
    with django_capture_on_commit_callbacks(execute=True):
        breaking.save(banner, editor, added=False, changed=["text"])
        breaking.end_now(banner, editor)
        breaking.delete(banner, editor)
    assert purged == [{"nav"}] * 4


def test_a_purge_is_queued_for_the_start_and_the_end(
    editor, task_queue, purged, django_capture_on_commit_callbacks
):
    start = (timezone.now() + timedelta(minutes=30)).replace(microsecond=0)
    end = start + timedelta(hours=1)
    put_up(django_capture_on_commit_callbacks, editor, starts_at=start, ends_at=end)

    queued = DBTaskResult.objects.filter(task_path="articles.breaking.banner_moment")
    assert sorted(queued.values_list("run_after", flat=True)) == [start, end]
    assert not DBTaskResult.objects.ready().exists()  # the worker leaves them until their time

    purged.clear()
    first = queued.order_by("run_after").first()
    first.task.call()  # as the worker does, at the start
    assert purged == [{"nav"}]


def test_a_banner_starting_now_queues_only_its_end(
    editor, task_queue, django_capture_on_commit_callbacks
):
    banner = put_up(django_capture_on_commit_callbacks, editor)
    queued = DBTaskResult.objects.filter(task_path="articles.breaking.banner_moment")
    assert list(queued.values_list("run_after", flat=True)) == [banner.ends_at]


@pytest.mark.parametrize("scheduled", [False, True])
def test_no_page_is_kept_past_the_banners_next_start_or_end(
    client, site, editor, django_capture_on_commit_callbacks, scheduled
):
    now = timezone.now()
    moment = now + timedelta(seconds=90)
    times = (
        {"starts_at": moment, "ends_at": moment + timedelta(hours=1)}
        if scheduled
        else {"ends_at": moment}
    )
    put_up(django_capture_on_commit_callbacks, editor, **times)
    for url in [site["home"], site["article"]]:
        control = client.get(url).headers["Cache-Control"]
        s_maxage = int(re.search(r"s-maxage=(\d+)", control).group(1))
        assert 80 <= s_maxage <= 90, control


def test_the_page_cache_keeps_no_page_past_the_banners_end(
    client, site, editor, django_capture_on_commit_callbacks, monkeypatch
):
    kept = []
    real_set = cache.set

    def record(key, value, timeout=None, **kwargs):
        if key.startswith("newsroom:page:"):
            kept.append(timeout)
        return real_set(key, value, timeout, **kwargs)

    put_up(
        django_capture_on_commit_callbacks, editor, ends_at=timezone.now() + timedelta(seconds=90)
    )
    monkeypatch.setattr(cache, "set", record)
    client.get("/")
    assert kept and 80 <= kept[0] <= 90


def test_a_page_costs_no_more_queries_with_a_banner(
    client, site, editor, settings, django_capture_on_commit_callbacks
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # count the page's own work

    def queries(url):
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        return len(captured)

    without = {name: queries(url) for name, url in site.items()}
    put_up(django_capture_on_commit_callbacks, editor)
    with_banner = {name: queries(url) for name, url in site.items()}
    assert with_banner == without
    assert "Polls close" in banner_on(client, "/")


def test_a_page_reads_the_banner_with_one_cache_lookup(
    client, site, editor, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    put_up(django_capture_on_commit_callbacks, editor)
    client.get("/")  # the schedule is kept
    read = []
    real_get = cache.get

    def get(key, *args, **kwargs):
        read.append(key)
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get", get)
    for url in site.values():
        read.clear()
        assert "Polls close" in client.get(url).text
        assert read.count(breaking.STATE_KEY) == 1, url


def test_the_text_is_shown_as_typed_never_as_html(
    client, site, editor, django_capture_on_commit_callbacks
):
    put_up(django_capture_on_commit_callbacks, editor, "<b>Storm</b> & floods")
    assert "&lt;b&gt;Storm&lt;/b&gt; &amp; floods" in banner_on(client, "/")


def test_a_banner_without_a_link_is_plain_text(
    client, site, editor, django_capture_on_commit_callbacks
):
    put_up(django_capture_on_commit_callbacks, editor)
    assert "<a " not in banner_on(client, "/")


# --- the editors' screen ------------------------------------------------------------------------


def form(text="Polls close in ten minutes", url="", starts=None, ends=None) -> dict:
    starts = timezone.localtime(starts or timezone.now())
    ends = timezone.localtime(ends or starts + timedelta(hours=1))
    return {
        "text": text,
        "url": url,
        "starts_at_0": starts.strftime("%d/%m/%Y"),
        "starts_at_1": starts.strftime("%H:%M:%S"),
        "ends_at_0": ends.strftime("%d/%m/%Y"),
        "ends_at_1": ends.strftime("%H:%M:%S"),
    }


def test_an_editor_puts_a_banner_up_from_the_admin_and_it_is_logged(
    client, editor, site, purged, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    assert client.get(ADD_URL).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ADD_URL, form(url="https://example.com/live"))
    assert response.status_code == 302
    banner = BreakingNews.objects.get()
    assert banner.created_by == editor
    entry = AuditEntry.objects.about(banner).get()
    assert (entry.action, entry.actor) == (ArticleAction.BANNER_ADDED, editor)
    assert entry.data["text"] == "Polls close in ten minutes"
    assert {"nav"} in purged
    client.logout()
    assert "https://example.com/live" in banner_on(client, "/")


def test_changing_deleting_and_ending_a_banner_are_logged(
    client, editor, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    banner = put_up(django_capture_on_commit_callbacks, editor)
    change_url = reverse("admin:articles_breakingnews_change", args=[banner.pk])
    data = form("Polls have closed", starts=banner.starts_at, ends=banner.ends_at)
    assert client.post(change_url, data).status_code == 302
    changelist = reverse("admin:articles_breakingnews_changelist")
    action = {"action": "end_now", "_selected_action": [banner.pk]}
    assert client.post(changelist, action).status_code == 302
    assert BreakingNews.objects.get().ends_at <= timezone.now()
    delete_url = reverse("admin:articles_breakingnews_delete", args=[banner.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 302

    about = AuditEntry.objects.about_any(BreakingNews).filter(object_id=str(banner.pk))
    entries = about.order_by("at", "pk")
    assert [e.action for e in entries] == [
        ArticleAction.BANNER_ADDED,
        ArticleAction.BANNER_CHANGED,
        ArticleAction.BANNER_ENDED,
        ArticleAction.BANNER_DELETED,
    ]
    assert "text" in entries[1].data["changed"]
    assert entries[1].data["text"] == "Polls have closed"


def test_the_list_says_which_banner_shows(client, editor, django_capture_on_commit_callbacks):
    now = timezone.now()
    put_up(django_capture_on_commit_callbacks, editor, "Older")
    put_up(
        django_capture_on_commit_callbacks, editor, "Newer", starts_at=now + timedelta(seconds=1)
    )
    put_up(
        django_capture_on_commit_callbacks,
        editor,
        "Later",
        starts_at=now + timedelta(hours=2),
        ends_at=now + timedelta(hours=3),
    )
    client.force_login(editor)
    with pytest.MonkeyPatch.context() as patch:
        later(patch, 2)
        page = client.get(reverse("admin:articles_breakingnews_changelist")).text
    assert "Waiting behind a newer banner" in page
    assert "Showing now" in page
    assert "Scheduled" in page


def test_a_reporter_cannot_see_add_or_change_banners(
    client, reporter, editor, django_capture_on_commit_callbacks
):
    banner = put_up(django_capture_on_commit_callbacks, editor)
    client.force_login(reporter)
    assert client.get(ADD_URL).status_code == 403
    assert client.post(ADD_URL, form("Not from a reporter")).status_code == 403
    change_url = reverse("admin:articles_breakingnews_change", args=[banner.pk])
    assert client.post(change_url, form("Changed by a reporter")).status_code == 403
    changelist = reverse("admin:articles_breakingnews_changelist")
    assert client.get(changelist).status_code == 403
    assert list(BreakingNews.objects.values_list("text", flat=True)) == [banner.text]


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox",
        "//evil.example/",
        "/\\evil.example",
        "ftp://example.com/",
        "example.com",
        "/a path with spaces",
    ],
)
def test_a_link_that_is_not_a_web_address_or_site_path_is_refused(client, editor, link):
    client.force_login(editor)
    response = client.post(ADD_URL, form(url=link))
    assert response.status_code == 200
    assert "Give a web address starting with https://" in response.text
    assert not BreakingNews.objects.exists()


@pytest.mark.parametrize("link", ["/politics/", "https://example.com/live?x=1", "http://a.example"])
def test_web_addresses_and_site_paths_are_accepted(client, editor, link):
    client.force_login(editor)
    assert client.post(ADD_URL, form(url=link)).status_code == 302
    assert BreakingNews.objects.get().url == link


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"text": "x" * 141}, "at most 140 characters"),
        ({"text": ""}, "This field is required"),
        ({"ends": timezone.now() - timedelta(hours=2)}, "This time has passed"),
    ],
)
def test_bad_banners_are_refused_with_a_message(client, editor, fields, message):
    client.force_login(editor)
    response = client.post(ADD_URL, form(**fields))
    assert response.status_code == 200
    assert message in response.text
    assert not BreakingNews.objects.exists()


def test_a_banner_must_end_after_it_starts(client, editor):
    client.force_login(editor)
    start = timezone.now() + timedelta(hours=2)
    response = client.post(ADD_URL, form(starts=start, ends=start - timedelta(hours=1)))
    assert response.status_code == 200
    assert "The banner must end after it starts." in response.text
    assert not BreakingNews.objects.exists()


def test_pages_with_the_banner_are_valid_html(
    client, site, editor, tmp_path, django_capture_on_commit_callbacks
):
    put_up(django_capture_on_commit_callbacks, editor, "Storm & floods: live", url="/live/?a=1&b=2")
    files = []
    for name in ["home", "article", "not found"]:
        path = tmp_path / f"{name.replace(' ', '-')}.html"
        path.write_text(client.get(site[name]).text)
        files.append(str(path))
    assert nu_errors(files) == ""
