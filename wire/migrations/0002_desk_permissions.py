"""Gave the roles their wire desk permissions.

The roles are now one table, newsroom/roles.py, which newsroom's 0001_roles migration syncs; this
migration stays in the graph for the databases that applied it and does nothing.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("wire", "0001_initial"),
        ("articles", "0002_editorial_groups"),
    ]

    operations = []
