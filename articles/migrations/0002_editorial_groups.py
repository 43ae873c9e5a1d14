"""The newsroom's roles. Code checks the permissions; the groups only bundle them."""

from django.db import migrations

from articles.migrations import _roles

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
    _roles.grant(apps, ROLES)


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
