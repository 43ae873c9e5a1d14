"""The workflow's history and share-link views move into the one log (audit.AuditEntry).

Each workflow step was written twice, as an ArticleEvent and as an audit entry: the entry gets
the step's from/to status and note in its `data`; a step with no entry gets one. Each share-link
view becomes (or fills in) a "share_used" entry naming its link and browser.
"""

import re
from datetime import timedelta

from django.db import migrations

NEAR = timedelta(seconds=5)
LINK = re.compile(r"link #(\d+)")


def _twin(entries, *, action, object_id, at, actor_id=None, detail=None):
    """The entry written in the same moment for the same thing, not yet given its data."""
    candidates = entries.filter(
        action=action, object_id=object_id, at__range=(at - NEAR, at + NEAR)
    ).order_by("pk")
    for entry in candidates:
        if entry.data:
            continue
        if actor_id is not None and entry.actor_id != actor_id:
            continue
        if detail is not None and entry.detail != detail:
            continue
        return entry
    return None


def into_the_log(apps, schema_editor):
    ArticleEvent = apps.get_model("articles", "ArticleEvent")
    ShareLinkView = apps.get_model("articles", "ShareLinkView")
    AuditEntry = apps.get_model("audit", "AuditEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    article_type, _ = ContentType.objects.get_or_create(app_label="articles", model="article")
    entries = AuditEntry.objects.filter(content_type=article_type)

    for event in ArticleEvent.objects.select_related("article").order_by("pk").iterator():
        data = {"from": event.from_status, "to": event.to_status, "note": event.note}
        object_id = str(event.article_id)
        twin = _twin(
            entries, action=event.action, object_id=object_id, at=event.at, actor_id=event.actor_id
        )
        if twin is None:
            AuditEntry.objects.create(
                at=event.at,
                actor_id=event.actor_id,
                action=event.action,
                content_type=article_type,
                object_id=object_id,
                object_repr=event.article.headline[:300],
                detail=event.note,
                data=data,
            )
        else:
            twin.data = data
            twin.save(update_fields=["data"])

    for view in ShareLinkView.objects.select_related("link__article").order_by("pk").iterator():
        data = {"link": view.link_id, "user_agent": view.user_agent}
        object_id = str(view.link.article_id)
        detail = f"link #{view.link_id}"
        twin = _twin(entries, action="share_used", object_id=object_id, at=view.at, detail=detail)
        if twin is None:
            AuditEntry.objects.create(
                at=view.at,
                action="share_used",
                content_type=article_type,
                object_id=object_id,
                object_repr=view.link.article.headline[:300],
                detail=detail,
                data=data,
            )
        else:
            twin.data = data
            twin.save(update_fields=["data"])

    # Share links made or revoked: the link's id, for code to read, from the line people read.
    for entry in entries.filter(action__in=["share_created", "share_revoked", "share_used"]):
        found = LINK.search(entry.detail)
        if found and not entry.data:
            entry.data = {"link": int(found.group(1))}
            entry.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_search_summary"),
        ("audit", "0002_data_and_app_owned_actions"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(into_the_log, migrations.RunPython.noop),
        migrations.RemoveField(model_name="sharelinkview", name="link"),
        migrations.DeleteModel(name="ArticleEvent"),
        migrations.DeleteModel(name="ShareLinkView"),
    ]
