"""Rewrite every published article's teaser row from the articles, bylines, tags and photos.

Rows are rewritten by whatever changes them; run this after restoring a database, after an
upgrade that could not fill them, or after changing MEDIA_URL (rows hold rendition addresses).
"""

from django.core.management.base import BaseCommand

from articles.models import Teaser
from articles.teasers import refresh_all


class Command(BaseCommand):
    help = "Rewrite the teaser rows readers' pages read, for every published article."

    def handle(self, *args, **options):
        refresh_all()
        self.stdout.write(f"{Teaser.objects.count()} teaser rows written.")
