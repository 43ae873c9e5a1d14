"""Roles for revisions, corrections, share links and the audit log."""

from django.db import migrations

from articles.migrations import _roles

GRANTS = {
    "Reporter": ["articles.view_revision"],
    "Editor": [
        "articles.view_revision",
        "articles.add_correction", "articles.view_correction",
        "articles.add_sharelink", "articles.change_sharelink", "articles.view_sharelink",
        "audit.view_auditentry",
    ],
}  # fmt: skip


def grant(apps, schema_editor):
    _roles.grant(apps, GRANTS)


def revoke(apps, schema_editor):
    _roles.revoke(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_editorial_safety"),
        ("audit", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
