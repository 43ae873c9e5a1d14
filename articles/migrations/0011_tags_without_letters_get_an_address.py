"""A tag whose name has no letter or digit ("🎉") had an empty slug, so no address: give it one.

Its new slug is articles.tags.tag_slug()'s ("tag-1f389"), as new tags get; the teaser rows that
list it (their topics) are rewritten to match. Every other slug stays, so no address changes.
"""

from django.db import migrations


def readdress(apps, schema_editor):
    from articles.tags import tag_slug

    Tag = apps.get_model("taggit", "Tag")
    TaggedItem = apps.get_model("taggit", "TaggedItem")
    Teaser = apps.get_model("articles", "Teaser")
    ContentType = apps.get_model("contenttypes", "ContentType")
    article_type = ContentType.objects.filter(app_label="articles", model="article").first()
    for tag in Tag.objects.filter(slug=""):
        taken = set(Tag.objects.values_list("slug", flat=True))
        slug, i = tag_slug(tag.name), 0
        while slug in taken:
            i += 1
            slug = tag_slug(tag.name, i)
        tag.slug = slug
        tag.save(update_fields=["slug"])
        if article_type is None:
            continue
        tagged = TaggedItem.objects.filter(tag=tag, content_type=article_type)
        for teaser in Teaser.objects.filter(article_id__in=tagged.values("object_id")):
            topics = teaser.data.get("topics", [])
            teaser.data["topics"] = [
                [n, slug if (n, s) == (tag.name, "") else s] for n, s in topics
            ]
            teaser.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_revoke_links_of_pulled_articles"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(readdress, migrations.RunPython.noop)]
