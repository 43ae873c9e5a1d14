"""Who may do what on the wire desk. Code checks the permissions; the groups bundle them.

Importing needs wire.add_wireitem (with articles.add_article and articles.add_author, since an
import creates drafts and agency contributors): the Editor group has all three. Reporters and the
photo desk may read what came in: the photo desk attaches pictures by the credits recorded here.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Editor": ["add_wireitem", "change_wireitem", "view_wireitem", "view_wirepicture"],
    "Reporter": ["view_wireitem", "view_wirepicture"],
    "Photo desk": ["view_wireitem", "view_wirepicture"],
}


def grant(apps, schema_editor):
    wire = apps.get_app_config("wire")
    wire.models_module = True
    create_permissions(wire, apps=apps, verbosity=0)
    wire.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group:
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label="wire", codename__in=codenames)
            )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GRANTS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="wire"))


class Migration(migrations.Migration):
    dependencies = [
        ("wire", "0001_initial"),
        ("articles", "0002_editorial_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
