"""The roles take the planning desk's permissions (desk: budget, photo requests, comments)."""

from django.db import migrations

from newsroom.roles import sync_roles


def sync(apps, schema_editor):
    sync_roles(apps, using=schema_editor.connection.alias, strict=False)


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0002_second_factor_reset"),
        ("desk", "0001_initial"),
        ("notifications", "0001_initial"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
