"""Teaser rows (the read model of readers' pages), filled for the articles already published.

The rows are built by the application's own code (articles.teasers.refresh_all): they hold
rendition URLs, which only the photo desk's rendering code can make. A database with no published
article, such as a new one, runs no application code here.
"""

import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    if (
        not Article.objects.using(schema_editor.connection.alias)
        .filter(status="published")
        .exists()
    ):
        return
    # The application's code, which a later schema may outgrow: if it fails, the table stays
    # empty and the operator is told how to fill it, rather than the upgrade stopping here.
    from django.db import transaction

    from articles.teasers import refresh_all

    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            refresh_all()
    except Exception as error:  # any failure leaves the rows to the command
        print(f"\n  Teaser rows not filled ({error}); run: manage.py refresh_teasers")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_one_log"),
    ]

    operations = [
        migrations.CreateModel(
            name="Teaser",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="teaser",
                        serialize=False,
                        to="articles.article",
                    ),
                ),
                ("published_at", models.DateTimeField()),
                ("first_published_at", models.DateTimeField(null=True)),
                ("revised_at", models.DateTimeField(null=True)),
                ("embargo_until", models.DateTimeField(null=True)),
                ("updated_at", models.DateTimeField()),
                (
                    "data",
                    models.JSONField(
                        default=dict,
                        help_text="What pages show: see articles.teasers.teaser_data().",
                    ),
                ),
                (
                    "section",
                    models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="articles.section",
                    ),
                ),
            ],
            options={
                "ordering": ["-published_at", "-updated_at"],
                "indexes": [
                    models.Index(fields=["-published_at", "-updated_at"], name="teaser_latest"),
                    models.Index(fields=["section", "-published_at"], name="teaser_section_latest"),
                ],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
