"""The newsroom's groups and their permissions, from the table in newsroom/roles.py."""

from django.db import migrations

from newsroom.roles import sync_roles


def sync(apps, schema_editor):
    sync_roles(apps, using=schema_editor.connection.alias, strict=False)


class Migration(migrations.Migration):
    # After every migration that makes a model whose permissions a role holds.
    dependencies = [
        ("articles", "0007_one_log"),
        ("audit", "0002_data_and_app_owned_actions"),
        ("media_assets", "0001_initial"),
        ("wire", "0003_version_big_integer"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
