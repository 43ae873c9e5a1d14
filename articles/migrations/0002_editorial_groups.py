"""The newsroom's roles. Code checks the permissions; the groups only bundle them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "Reporter": [
        "articles.add_article", "articles.change_article", "articles.view_article",
        "articles.add_byline", "articles.change_byline", "articles.delete_byline",
        "articles.view_byline", "articles.view_author", "articles.view_section",
        "media_assets.view_photo", "taggit.view_tag",
    ],
    "Editor": [
        "articles.add_article", "articles.change_article", "articles.delete_article",
        "articles.view_article", "articles.publish_article", "articles.edit_any_article",
        "articles.attach_photo",
        "articles.add_byline", "articles.change_byline", "articles.delete_byline",
        "articles.view_byline",
        "articles.add_author", "articles.change_author", "articles.view_author",
        "articles.add_section", "articles.change_section", "articles.view_section",
        "articles.view_articleevent",
        "media_assets.add_photo", "media_assets.view_photo",
        "taggit.add_tag", "taggit.change_tag", "taggit.view_tag",
    ],
    "Photo desk": [
        "media_assets.add_photo", "media_assets.change_photo", "media_assets.delete_photo",
        "media_assets.view_photo", "articles.view_article", "articles.attach_photo",
        "articles.view_section", "articles.view_author",
    ],
}  # fmt: skip


def create_groups(apps, schema_editor):
    # Permissions are normally made after migrate; make them now so the groups can hold them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        for dotted in codenames:
            app_label, codename = dotted.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("media_assets", "0001_initial"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
