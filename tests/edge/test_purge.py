"""The purger: Varnish and Fastly told over real sockets, a failing edge never failing a save,
the CDN's call off the request path, and a purge queued for a scheduled article's moment."""

import logging
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles import workflow
from articles.models import Article, Status
from newsroom import edge
from tests import factories
from tests.articles.test_editing import admin_edit
from tests.edge.servers import free_port

pytestmark = pytest.mark.django_db


def run(queued: DBTaskResult) -> None:
    """Run a queued task as db_worker would (the worker itself closes the test's connection)."""
    task = queued.task
    task.call(*queued.args_kwargs["args"], **queued.args_kwargs["kwargs"])


@pytest.fixture
def fastly(settings, stub_api):
    settings.FASTLY_SERVICE_ID, settings.FASTLY_API_TOKEN = "svc-news", "secret-token"
    settings.FASTLY_API_URL = stub_api.url
    return stub_api


def test_fastly_is_asked_to_purge_the_keys(fastly):
    edge.purge(["home", "a12", "s3"])

    [call] = fastly.received
    assert (call.method, call.path) == ("POST", "/service/svc-news/purge")
    assert call.headers["Fastly-Key"] == "secret-token"
    assert call.headers["Surrogate-Key"].split() == ["a12", "home", "s3"]
    assert "Fastly-Soft-Purge" not in call.headers


def test_fastly_soft_purges_when_configured_and_takes_at_most_256_keys_a_call(fastly, settings):
    settings.FASTLY_SOFT_PURGE = True
    edge.purge([f"a{n}" for n in range(300)])

    assert [len(c.headers["Surrogate-Key"].split()) for c in fastly.received] == [256, 44]
    assert all(c.headers["Fastly-Soft-Purge"] == "1" for c in fastly.received)


def test_the_cdn_is_purged_by_the_worker_not_in_the_request(fastly, task_queue):
    edge.purge(["a1"])
    assert fastly.received == []
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "newsroom.edge.purge_fastly_task"

    run(queued)  # as the worker does

    assert [c.headers["Surrogate-Key"] for c in fastly.received] == ["a1"]


def test_varnish_is_sent_a_purge_request_with_the_keys(settings, stub_api):
    settings.EDGE_PURGE_VARNISH = [stub_api.url + "/", stub_api.url + "/second"]
    edge.purge(["a1", "home"])

    assert [(c.method, c.path) for c in stub_api.received] == [("PURGE", "/"), ("PURGE", "/second")]
    assert {c.headers["xkey-purge"] for c in stub_api.received} == {"a1 home"}


def test_an_edge_that_fails_is_logged_and_the_save_lands(
    client, editor, settings, stub_api, fastly, caplog, django_capture_on_commit_callbacks
):
    stub_api.status = 500  # Fastly refuses
    settings.EDGE_PURGE_VARNISH = [f"http://127.0.0.1:{free_port()}/"]  # nothing listens
    article = factories.make_article(status=Status.PUBLISHED, headline="Before")
    client.force_login(editor)

    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:articles_article_change", args=[article.pk]),
            admin_edit(article, headline="After", slug=article.slug),
        )

    assert response.status_code == 302
    assert Article.objects.get().headline == "After"
    messages = [r.getMessage() for r in caplog.records if r.name == "newsroom.edge"]
    assert any(m.startswith("Varnish at http://127.0.0.1:") for m in messages)
    assert any(m == "Fastly refused the purge: HTTP 500 Internal Server Error" for m in messages)


def test_a_scheduled_article_queues_a_purge_for_its_moment(
    editor, task_queue, purged, django_capture_on_commit_callbacks
):
    article = factories.make_article(status=Status.EDIT)
    moment = (timezone.now() + timedelta(hours=2)).replace(microsecond=0)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(article, "publish", editor, publish_at=moment)

    queued = DBTaskResult.objects.get(task_path="articles.cache.purge_when_public")
    assert queued.run_after == moment
    assert queued.args_kwargs["args"] == [article.pk]
    assert not DBTaskResult.objects.ready().exists()  # the worker leaves it until its time

    DBTaskResult.objects.filter(pk=queued.pk).update(run_after=timezone.now())
    assert list(DBTaskResult.objects.ready()) == [queued]
    purged.clear()
    run(queued)

    [keys] = purged
    assert {f"a{article.pk}", f"s{article.section_id}", "home", "feeds"} <= keys


def test_an_embargo_queues_a_purge_for_its_end(
    editor, task_queue, django_capture_on_commit_callbacks
):
    until = (timezone.now() + timedelta(hours=5)).replace(microsecond=0)
    article = factories.make_article(status=Status.EDIT, embargo_until=until)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(article, "publish", editor)

    queued = DBTaskResult.objects.get(task_path="articles.cache.purge_when_public")
    assert queued.run_after == until
