"""Scheduling and embargo as the editors see them: who may do what, and what gets recorded."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import log, workflow
from articles.models import Article, Status
from audit.models import AuditEntry
from tests.articles.test_admin import change_url, form_data
from tests.factories import make_article, make_author, make_section


def publish_url(article):
    return reverse("admin:articles_article_transition", args=[article.pk, "publish"])


def test_an_editor_schedules_publication_from_the_confirmation_page(client, editor):
    article = make_article(status=Status.EDIT, headline="Budget day")
    client.force_login(editor)
    when = timezone.localtime() + timedelta(days=1)

    response = client.post(publish_url(article), {"publish_at": when.strftime("%Y-%m-%dT%H:%M")})

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert article.published_at == when.replace(second=0, microsecond=0)
    assert article.is_scheduled
    assert article not in Article.objects.published()
    assert log.workflow_history(article).get().action == "schedule"
    assert AuditEntry.objects.get().action == "schedule"


def test_the_list_shows_scheduled_articles_with_their_time(client, editor):
    article = make_article(status=Status.EDIT)
    when = timezone.now() + timedelta(hours=5)
    workflow.perform(article, "publish", editor, publish_at=when)
    client.force_login(editor)

    response = client.get(reverse("admin:articles_article_changelist"))

    expected = f"Scheduled for {timezone.localtime(when):%d %b %Y %H:%M}"
    assert expected in response.text


def test_a_past_publication_time_is_refused(client, editor):
    article = make_article(status=Status.EDIT)
    client.force_login(editor)
    past = (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")

    response = client.post(publish_url(article), {"publish_at": past})

    assert "The publication time has passed" in response.text
    article.refresh_from_db()
    assert article.status == Status.EDIT


def test_a_scheduled_article_appears_exactly_at_its_time(editor, monkeypatch):
    article = make_article(status=Status.EDIT)
    when = timezone.now() + timedelta(hours=1)
    workflow.perform(article, "publish", editor, publish_at=when)

    monkeypatch.setattr(timezone, "now", lambda: when - timedelta(seconds=1))
    assert not Article.objects.published().filter(pk=article.pk).exists()
    monkeypatch.setattr(timezone, "now", lambda: when + timedelta(seconds=1))
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_embargo_hides_a_published_article_until_it_ends(db, monkeypatch):
    until = timezone.now() + timedelta(hours=2)
    article = make_article(status=Status.PUBLISHED, embargo_until=until)

    assert article.is_embargoed
    assert not Article.objects.published().filter(pk=article.pk).exists()
    monkeypatch.setattr(timezone, "now", lambda: until + timedelta(seconds=1))
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_only_editors_may_set_an_embargo(client, reporter):
    client.force_login(reporter)
    data = form_data(section=make_section(), author=make_author())
    data["embargo_until_0"] = "2099-01-01"
    data["embargo_until_1"] = "09:00"

    client.post(reverse("admin:articles_article_add"), data)

    assert Article.objects.get().embargo_until is None


def test_an_editor_sets_an_embargo_and_it_is_recorded(client, editor):
    article = make_article()
    client.force_login(editor)
    data = form_data(section=make_section(), author=make_author())
    data.update({"embargo_until_0": "2099-01-01", "embargo_until_1": "09:00"})
    data["bylines-TOTAL_FORMS"] = "0"
    data["base_version"] = article.version

    assert client.post(change_url(article), data).status_code == 302

    article.refresh_from_db()
    assert timezone.localtime(article.embargo_until).strftime("%Y-%m-%d %H:%M") == (
        "2099-01-01 09:00"
    )
    assert AuditEntry.objects.get(action="set_embargo").actor == editor


def test_the_change_page_shows_the_embargo_banner(client, editor):
    article = make_article(embargo_until=timezone.now() + timedelta(days=1))
    client.force_login(editor)
    response = client.get(change_url(article))
    assert "<strong>EMBARGOED</strong> until" in response.text
    assert 'form="lift-embargo-form"' in response.text


@pytest.mark.parametrize("role", ["reporter", "photodesk"])
def test_only_editors_may_lift_an_embargo(client, cast, role):
    until = timezone.now() + timedelta(days=1)
    article = make_article(status=Status.PUBLISHED, embargo_until=until, created_by=cast[role])
    client.force_login(cast[role])

    response = client.post(reverse("admin:articles_article_lift_embargo", args=[article.pk]))

    assert response.status_code == 403
    article.refresh_from_db()
    assert article.embargo_until == until


def test_lifting_an_embargo_publishes_now_and_is_recorded(client, editor):
    article = make_article(
        status=Status.PUBLISHED, embargo_until=timezone.now() + timedelta(days=1)
    )
    client.force_login(editor)

    response = client.post(
        reverse("admin:articles_article_lift_embargo", args=[article.pk]), follow=True
    )

    assert "embargo lifted" in response.text
    article.refresh_from_db()
    assert article.embargo_until is None
    assert article in Article.objects.published()
    assert log.workflow_history(article).get().action == "lift_embargo"
    assert AuditEntry.objects.get(action="lift_embargo").actor == editor


def test_lifting_needs_a_post(client, editor):
    article = make_article(embargo_until=timezone.now() + timedelta(days=1))
    client.force_login(editor)
    url = reverse("admin:articles_article_lift_embargo", args=[article.pk])
    assert client.get(url).status_code == 405
