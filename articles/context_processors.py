"""What page layouts need on every request."""

from django.conf import settings

from articles.models import Section
from articles.models.reading import SECTIONS_SQL


def site(request):
    """The site's name, address and language, for Django templates (robots.txt)."""
    return {
        "site_name": settings.SITE_NAME,
        "site_language": settings.SITE_LANGUAGE,
        "site_url": settings.SITE_URL,
    }


def navigation(request):
    # Lazy: one query on pages whose layout lists the sections, none elsewhere. Raw SQL, as for
    # the other lookups of every page (articles/models/reading.py).
    return {"nav_sections": Section.objects.raw(SECTIONS_SQL)}
