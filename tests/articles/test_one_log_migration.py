"""Migration 0007 moves the workflow history and share-link views into the one log, losing none."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("articles", "0006_search_summary"), ("audit", "0002_data_and_app_owned_actions")]
AFTER = [("articles", "0007_one_log")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def back_to_the_latest():
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("back_to_the_latest")
def test_steps_and_share_views_become_log_entries_written_once():
    apps = migrate(BEFORE)
    Article = apps.get_model("articles", "Article")
    ArticleEvent = apps.get_model("articles", "ArticleEvent")
    ShareLink = apps.get_model("articles", "ShareLink")
    ShareLinkView = apps.get_model("articles", "ShareLinkView")
    AuditEntry = apps.get_model("audit", "AuditEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    User = apps.get_model("auth", "User")

    editor = User.objects.create(username="old_editor")
    article = Article.objects.create(headline="Old story", slug="old-story")
    article_type, _ = ContentType.objects.get_or_create(app_label="articles", model="article")
    now = timezone.now()
    entry = {"content_type": article_type, "object_id": str(article.pk), "object_repr": "Old story"}
    # Written twice before: an event and an audit entry a moment apart; and one event alone.
    ArticleEvent.objects.create(
        article=article,
        action="submit",
        from_status="draft",
        to_status="edit",
        actor=editor,
        at=now,
    )
    AuditEntry.objects.create(
        action="submit", actor=editor, at=now + timedelta(milliseconds=3), **entry
    )
    ArticleEvent.objects.create(
        article=article,
        action="return",
        from_status="edit",
        to_status="draft",
        actor=editor,
        note="Needs a source",
        at=now + timedelta(hours=1),
    )
    link = ShareLink.objects.create(article=article, expires_at=now + timedelta(days=1))
    ShareLinkView.objects.create(link=link, at=now, user_agent="Legal's browser")
    AuditEntry.objects.create(action="share_used", detail=f"link #{link.pk}", at=now, **entry)
    AuditEntry.objects.create(
        action="share_created", detail=f"link #{link.pk} for Legal, until 3 Dec", at=now, **entry
    )

    apps = migrate(AFTER)
    AuditEntry = apps.get_model("audit", "AuditEntry")

    steps = AuditEntry.objects.filter(action__in=["submit", "return"]).order_by("at")
    assert [(s.action, s.data) for s in steps] == [
        ("submit", {"from": "draft", "to": "edit", "note": ""}),
        ("return", {"from": "edit", "to": "draft", "note": "Needs a source"}),
    ]
    assert steps[1].actor_id == editor.pk
    used = AuditEntry.objects.get(action="share_used")
    assert used.data == {"link": link.pk, "user_agent": "Legal's browser"}
    assert AuditEntry.objects.get(action="share_created").data == {"link": link.pk}
    assert AuditEntry.objects.count() == 4
