"""Live blog entries keep what readers see, rendered when they are saved (articles.live): the
entries already posted are rendered here, by the application's renderer (as 0008 fills teaser
rows). If that fails the upgrade goes on and the operator is told how to fill them.
"""

from django.db import migrations, models


def fill(apps, schema_editor):
    alias = schema_editor.connection.alias
    LiveEntry = apps.get_model("articles", "LiveEntry")
    entries = LiveEntry.objects.using(alias).order_by("pk")
    if not entries.exists():
        return
    from django.db import transaction

    from articles.live import RENDERED, render_stored

    try:
        with transaction.atomic(using=alias):
            batch = []
            for entry in entries.iterator(chunk_size=500):
                render_stored(entry)
                batch.append(entry)
                if len(batch) == 500:
                    LiveEntry.objects.using(alias).bulk_update(batch, RENDERED)
                    batch = []
            LiveEntry.objects.using(alias).bulk_update(batch, RENDERED)
    except Exception as error:  # any failure leaves the entries to the command
        print(f"\n  Live blog entries not rendered ({error}); run: manage.py refresh_teasers")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0020_live_revisions"),
    ]

    operations = [
        migrations.AddField(
            model_name="liveentry",
            name="plain_text",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name="liveentry",
            name="rendered_html",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
