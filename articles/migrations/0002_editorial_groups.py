"""Made the Reporter, Editor and Photo desk groups.

The roles are now one table, newsroom/roles.py, which newsroom's 0001_roles migration syncs; this
migration stays in the graph for the databases that applied it and does nothing.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("media_assets", "0001_initial"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = []
