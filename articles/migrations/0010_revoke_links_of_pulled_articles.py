"""Revoke the share links that outlived an unpublish before unpublishing revoked them.

From now on workflow.perform("unpublish") revokes an article's usable links. Links already in the
database that predate their article's latest unpublish (an article once published, not public
now) are revoked here, each with a `share_revoked` entry in the article's log, as the workflow
writes it. Links made after the pull were made on purpose and stay.
"""

from django.db import migrations
from django.utils import timezone


def revoke(apps, schema_editor):
    ShareLink = apps.get_model("articles", "ShareLink")
    AuditEntry = apps.get_model("audit", "AuditEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    links = ShareLink.objects.filter(
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
        article__first_published_at__isnull=False,
    ).exclude(article__status="published")
    if not links.exists():
        return
    article_type, _ = ContentType.objects.get_or_create(app_label="articles", model="article")
    now = timezone.now()
    for link in links.select_related("article"):
        pulls = AuditEntry.objects.filter(
            content_type=article_type, object_id=str(link.article_id), action="unpublish"
        )
        pulled_at = pulls.order_by("-at").values_list("at", flat=True).first()
        if pulled_at is None or link.created_at >= pulled_at:
            continue
        link.revoked_at = now
        link.save(update_fields=["revoked_at"])
        AuditEntry.objects.create(
            at=now,
            action="share_revoked",
            content_type=article_type,
            object_id=str(link.article_id),
            object_repr=str(link.article.headline)[:300],
            detail=f"link #{link.pk}, revoked: the article was unpublished",
            data={"link": link.pk},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_search_document"),
        ("audit", "0002_data_and_app_owned_actions"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(revoke, migrations.RunPython.noop)]
