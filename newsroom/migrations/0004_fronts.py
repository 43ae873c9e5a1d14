"""The Editor role takes the curated fronts' permissions (fronts: front, arrangement, slot)."""

from django.db import migrations

from newsroom.roles import sync_roles


def sync(apps, schema_editor):
    sync_roles(apps, using=schema_editor.connection.alias, strict=False)


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0003_planning_desk"),
        ("fronts", "0001_initial"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
