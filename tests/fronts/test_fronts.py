"""Curated fronts: slots first, the automatic order behind them, and the caches told."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles.cache import articles_changed
from articles.models import Article, Status
from articles.teasers import refresh
from audit.models import AuditEntry
from fronts import schedule
from fronts.log import FrontAction
from fronts.models import HOME, Arrangement, Front, Slot, section_page
from tests import factories
from tests.articles.site_fixtures import publish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache", "no_page_cache")]


def published(count, **fields):
    """`count` public articles, the first the newest (so the automatic order is the list's)."""
    now = timezone.now()
    made = [factories.make_article(**fields) for _ in range(count)]
    return [publish(a, when=now - timedelta(minutes=n + 1)) for n, a in enumerate(made)]


def arrange(page=HOME, *, lead=None, top=(), blocks=None, at=None, section=None, **slot):
    front, _ = Front.objects.get_or_create(page=page, defaults={"section": section})
    arrangement = Arrangement.objects.create(front=front, goes_live_at=at or timezone.now())
    rows = [("lead", "", lead)] if lead else []
    rows += [("top", "", a) for a in top]
    rows += [("block", name, a) for name, items in (blocks or {}).items() for a in items]
    Slot.objects.bulk_create(
        Slot(arrangement=arrangement, place=p, block=b, article=a, position=n, **slot)
        for n, (p, b, a) in enumerate(rows)
    )
    return arrangement


def headlines(client, url="/"):
    html = client.get(url).content.decode()
    return html


def order_of(html, articles):
    """The articles in the order the page shows them (those it shows)."""
    found = [(html.find(f">{a.headline}<"), a) for a in articles]
    return [a for at, a in sorted(found, key=lambda pair: pair[0]) if at >= 0]


def test_a_front_nobody_arranged_is_the_automatic_home_page(client):
    articles = published(3)
    html = client.get("/").content.decode()
    assert order_of(html, articles) == articles
    assert "Top stories" not in html


def test_the_lead_and_top_stories_come_first_then_the_latest_without_repeats(client):
    a, b, c, d, e = published(5)
    arrange(lead=d, top=[e, b])
    html = client.get("/").content.decode()
    assert order_of(html, [a, b, c, d, e]) == [d, e, b, a, c]
    assert html.count(f">{b.headline}<") == 1
    assert 'class="teaser teaser-lead"' in html.split(d.headline)[0]


def test_front_only_headline_and_standfirst_show_on_the_front(client):
    (a,) = published(1)
    arrange(lead=a, headline="Front words", standfirst="Only here")
    html = client.get("/").content.decode()
    assert "Front words" in html and "Only here" in html
    assert ">Front words<" not in client.get(a.get_absolute_url()).content.decode()


def test_an_expired_slot_falls_back_to_the_automatic_order(client):
    a, b, c = published(3)
    arrangement = arrange(lead=c, top=[b])
    Slot.objects.filter(arrangement=arrangement, article=c).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    html = client.get("/").content.decode()
    assert order_of(html, [a, b, c]) == [a, b, c]  # the lead's place goes to the newest


@pytest.mark.parametrize("change", ["unpublish", "embargo"])
def test_an_article_taken_off_the_site_vanishes_from_every_slot(client, change):
    a, b = published(2)
    section = b.section
    arrange(lead=b, top=[b], blocks={"Opinion": [b]})
    arrange(section_page(section.pk), lead=b, section=section)
    if change == "unpublish":
        Article.objects.filter(pk=b.pk).update(status=Status.EDIT)
    else:
        Article.objects.filter(pk=b.pk).update(embargo_until=timezone.now() + timedelta(hours=1))
    refresh([b.pk])
    for url in ("/", section.get_absolute_url()):
        assert f">{b.headline}<" not in client.get(url).content.decode()
    assert Slot.objects.filter(article=b).count() == 4  # nothing written to the slots


def test_a_scheduled_arrangement_appears_at_its_time(client):
    a, b, c = published(3)
    arrange(lead=c, at=timezone.now() - timedelta(hours=1))
    arrange(lead=b, at=timezone.now() + timedelta(hours=1))
    assert order_of(client.get("/").content.decode(), [a, b, c])[0] == c
    Arrangement.objects.filter(front__page=HOME).update(
        goes_live_at=timezone.now() - timedelta(hours=2)
    )
    Arrangement.objects.filter(slots__article=b).update(
        goes_live_at=timezone.now() - timedelta(seconds=1)
    )
    assert order_of(client.get("/").content.decode(), [a, b, c])[0] == b


def test_front_responses_are_not_kept_past_the_next_scheduled_arrangement(client):
    (a,) = published(1)
    arrange(lead=a, at=timezone.now() + timedelta(seconds=90))
    control = client.get("/").headers["Cache-Control"]
    max_age = int(control.split("s-maxage=")[1].split(",")[0])
    assert 0 < max_age <= 90


def test_a_section_front_shows_its_curated_lead(client):
    section = factories.make_section("Politics")
    a, b = published(2, section=section)
    arrange(section_page(section.pk), lead=b, section=section)
    html = client.get(section.get_absolute_url()).content.decode()
    assert order_of(html, [a, b]) == [b, a]


def count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_a_front_costs_the_same_queries_with_one_slot_or_fifty(client):
    articles = published(60)
    arrange(lead=articles[0])
    one = count(client, "/")
    arrange(lead=articles[0], top=articles[1:30], blocks={"Opinion": articles[30:50]})
    assert count(client, "/") == one
    # the live slots with their rows, the automatic list, the sections in the layout
    assert one == 3


def test_a_front_carries_its_key_and_its_articles_keys(client):
    a, b = published(2)
    arrange(lead=b, top=[a])
    keys = client.get("/").headers["Surrogate-Key"].split()
    assert {"front-home", f"a{a.pk}", f"a{b.pk}", "home"} <= set(keys)


def hide(article, how):
    """Take `article` off the site as an editor would: unpublished, or embargoed for an hour."""
    if how == "unpublish":
        Article.objects.filter(pk=article.pk).update(status=Status.EDIT)
    else:
        later = timezone.now() + timedelta(hours=1)
        Article.objects.filter(pk=article.pk).update(embargo_until=later)
    refresh([article.pk])


@pytest.mark.parametrize("how", ["unpublish", "embargo"])
def test_a_front_carries_the_keys_of_hidden_and_expired_slots_articles(client, how):
    a, b, c = published(3)
    arrangement = arrange(lead=a, top=[b, c])
    Slot.objects.filter(arrangement=arrangement, article=c).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    hide(b, how)
    keys = set(client.get("/").headers["Surrogate-Key"].split())
    assert {f"a{a.pk}", f"a{b.pk}", f"a{c.pk}"} <= keys


@pytest.mark.parametrize("how", ["unpublish", "embargo"])
def test_a_section_front_is_purged_when_another_sections_article_in_its_slots_comes_back(
    client, settings, how, django_capture_on_commit_callbacks
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    politics, sport = factories.make_section("Politics"), factories.make_section("Sport")
    (story,) = published(1, section=politics)
    published(1, section=sport)
    arrange(section_page(sport.pk), lead=story, section=sport)
    hide(story, how)
    url = sport.get_absolute_url()
    assert f">{story.headline}<" not in client.get(url).content.decode()  # and now kept
    Article.objects.filter(pk=story.pk).update(status=Status.PUBLISHED, embargo_until=None)
    refresh([story.pk])
    with django_capture_on_commit_callbacks(execute=True):
        articles_changed([story.pk])  # as workflow.perform and editing do
    assert f">{story.headline}<" in client.get(url).content.decode()


def test_saving_an_arrangement_purges_the_front_and_queues_its_moment(monkeypatch, task_queue):
    purged = []
    monkeypatch.setattr(schedule, "purge", lambda keys: purged.append(set(keys)))
    (a,) = published(1)
    arrangement = arrange(lead=a, at=timezone.now() + timedelta(hours=1))
    schedule.arranged(arrangement)
    assert purged == [{"front-home"}]
    queued = DBTaskResult.objects.get(task_path="fronts.schedule.goes_live")
    assert queued.run_after == arrangement.goes_live_at and queued.args_kwargs["args"] == [HOME]


# --- the front editor -----------------------------------------------------------------


def form_data(rows, **extra):
    data = {"form-TOTAL_FORMS": len(rows), "form-INITIAL_FORMS": 0}
    for i, row in enumerate(rows):
        for name, value in {"place": "top", "position": i, "crop": "", **row}.items():
            data[f"form-{i}-{name}"] = value
    return {**data, **extra}


ARRANGE = "/admin/fronts/front/arrange/home/"


@pytest.mark.parametrize("who", ["reporter", "photodesk", "reader"])
def test_only_editors_may_arrange_a_front(client, request, who):
    client.force_login(request.getfixturevalue(who))
    (a,) = published(1)
    answer = client.post(ARRANGE, form_data([{"place": "lead", "article": a.pk}], action="save"))
    assert answer.status_code in (302, 403)
    assert answer.status_code == 403 or "/login/" in answer.url
    assert not Arrangement.objects.exists()
    assert client.get(ARRANGE).status_code in (302, 403)


def test_an_editor_saves_a_front_and_it_is_audited(client, editor):
    client.force_login(editor)
    a, b = published(2)
    assert client.get(ARRANGE).status_code == 200
    rows = [{"place": "lead", "article": b.pk, "headline": "Our lead"}, {"article": a.pk}]
    answer = client.post(ARRANGE, form_data(rows, action="save"))
    assert answer.status_code == 302
    assert "Our lead" in client.get("/").content.decode()
    entry = AuditEntry.objects.get(action=FrontAction.ARRANGE)
    assert entry.actor == editor and entry.data["slots"][0]["article"] == b.pk


def test_the_editor_refuses_an_unpublished_article_and_saves_nothing(client, editor):
    client.force_login(editor)
    draft = factories.make_article()
    answer = client.post(ARRANGE, form_data([{"article": draft.pk}], action="save"))
    assert answer.status_code == 200 and b"published now" in answer.content
    assert not Arrangement.objects.exists()


def test_a_scheduled_save_goes_live_later(client, editor):
    client.force_login(editor)
    a, b = published(2)
    when = (timezone.localtime() + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    data = form_data([{"place": "lead", "article": b.pk}], action="schedule", goes_live_at=when)
    assert client.post(ARRANGE, data).status_code == 302
    assert order_of(client.get("/").content.decode(), [a, b]) == [a, b]


def test_moving_a_row_without_javascript_reorders_it_unsaved(client, editor):
    client.force_login(editor)
    a, b = published(2)
    data = form_data([{"article": a.pk}, {"article": b.pk}], move="1:up")
    html = client.post(ARRANGE, data).content.decode()
    assert html.find(f'-article" value="{b.pk}"') < html.find(f'-article" value="{a.pk}"')
    assert not Arrangement.objects.exists()


def test_preview_shows_the_unsaved_front_and_is_never_kept(client, editor):
    client.force_login(editor)
    a, b = published(2)
    answer = client.post(
        ARRANGE,
        form_data(
            [{"place": "lead", "article": b.pk, "headline": "Preview words"}], action="preview"
        ),
    )
    assert "Preview words" in answer.content.decode()
    assert "no-store" in answer.headers["Cache-Control"]
    assert "noindex" in answer.headers["X-Robots-Tag"]
    assert not Arrangement.objects.exists()
    assert "Preview words" not in client.get("/").content.decode()


def test_an_editors_save_purges_the_front(client, editor, monkeypatch):
    purged = []
    monkeypatch.setattr(schedule, "purge", lambda keys: purged.append(set(keys)))
    client.force_login(editor)
    (a,) = published(1)
    client.post(ARRANGE, form_data([{"place": "lead", "article": a.pk}], action="save"))
    assert purged == [{"front-home"}]


def test_two_leads_are_refused_and_nothing_is_saved(client, editor):
    client.force_login(editor)
    a, b = published(2)
    rows = [{"place": "lead", "article": a.pk}, {"place": "lead", "article": b.pk}]
    answer = client.post(ARRANGE, form_data(rows, action="save"))
    assert answer.status_code == 200 and b"one lead" in answer.content
    assert not Arrangement.objects.exists()


def test_an_unknown_front_is_a_404(client, editor):
    client.force_login(editor)
    assert client.get("/admin/fronts/front/arrange/section-999/").status_code == 404
    assert client.get("/admin/fronts/front/arrange/elsewhere/").status_code == 404
