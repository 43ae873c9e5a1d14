"""What page layouts need on every request."""

from django.conf import settings

from articles import surrogate_keys
from articles.cache import shows
from articles.navigation import site_sections


def site(request):
    """The site's name, address and language, for Django templates (robots.txt)."""
    return {
        "site_name": settings.SITE_NAME,
        "site_language": settings.SITE_LANGUAGE,
        "site_url": settings.SITE_URL,
    }


def navigation(request):
    shows(surrogate_keys.NAV)  # a section change purges every page showing the menu
    return {"nav_sections": site_sections()}
