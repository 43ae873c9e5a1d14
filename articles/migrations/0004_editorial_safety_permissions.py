"""Gave the roles the permissions for revisions, corrections, share links and the audit log.

The roles are now one table, newsroom/roles.py, which newsroom's 0001_roles migration syncs; this
migration stays in the graph for the databases that applied it and does nothing.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_editorial_safety"),
        ("audit", "0001_initial"),
    ]

    operations = []
