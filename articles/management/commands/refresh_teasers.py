"""Rewrite every published article's teaser row from the articles, bylines, tags and photos,
and render every live blog entry again (LiveEntry.rendered_html).

Rows are rewritten by whatever changes them; run this after restoring a database, after an
upgrade that could not fill them or that changes how bodies render (an embed provider's frame),
or after changing MEDIA_URL (rows and entries hold rendition addresses).
"""

from django.core.management.base import BaseCommand

from articles.cache import public_content_changed
from articles.live import rerender_all
from articles.models import Teaser
from articles.teasers import refresh_all


class Command(BaseCommand):
    help = "Rewrite the teaser rows readers' pages read, for every published article."

    def handle(self, *args, **options):
        refresh_all()
        entries = rerender_all()
        # Every page may show what changed (after a move to a bucket, every picture's address).
        public_content_changed()
        self.stdout.write(
            f"{Teaser.objects.count()} teaser rows written, {entries} live blog entries "
            "rendered; every page purged."
        )
