"""Migration 0010 revokes the share links that outlived their article's unpublish, only those."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.articles.test_one_log_migration import back_to_the_latest, migrate  # noqa: F401

BEFORE = [("articles", "0009_search_document"), ("audit", "0002_data_and_app_owned_actions")]
AFTER = [("articles", "0010_revoke_links_of_pulled_articles")]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("back_to_the_latest")
def test_links_older_than_the_pull_are_revoked_and_logged():
    apps = migrate(BEFORE)
    Article = apps.get_model("articles", "Article")
    ShareLink = apps.get_model("articles", "ShareLink")
    AuditEntry = apps.get_model("audit", "AuditEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    article_type, _ = ContentType.objects.get_or_create(app_label="articles", model="article")
    now = timezone.now()
    day = timedelta(days=1)

    def article(slug, status, **fields):
        return Article.objects.create(headline=slug, slug=slug, status=status, **fields)

    pulled = article("pulled", "edit", first_published_at=now - 2 * day)
    public = article("public", "published", first_published_at=now - 2 * day)
    draft = article("draft", "draft")
    AuditEntry.objects.create(
        action="unpublish",
        at=now - day,
        content_type=article_type,
        object_id=str(pulled.pk),
        object_repr="pulled",
    )

    def link(target, made):
        return ShareLink.objects.create(article=target, created_at=made, expires_at=now + day)

    stale = link(pulled, now - 3 * day)
    after_pull = link(pulled, now - timedelta(hours=1))
    kept = [after_pull, link(public, now - 3 * day), link(draft, now - 3 * day)]

    apps = migrate(AFTER)
    ShareLink = apps.get_model("articles", "ShareLink")
    AuditEntry = apps.get_model("audit", "AuditEntry")

    assert ShareLink.objects.get(pk=stale.pk).revoked_at is not None
    assert [ShareLink.objects.get(pk=k.pk).revoked_at for k in kept] == [None, None, None]
    (entry,) = AuditEntry.objects.filter(action="share_revoked")
    assert entry.data == {"link": stale.pk} and entry.object_id == str(pulled.pk)
