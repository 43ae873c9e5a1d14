"""What page layouts need on every request."""

from django.conf import settings

from articles.navigation import site_sections


def site(request):
    """The site's name, address and language, for Django templates (robots.txt)."""
    return {
        "site_name": settings.SITE_NAME,
        "site_language": settings.SITE_LANGUAGE,
        "site_url": settings.SITE_URL,
    }


def navigation(request):
    return {"nav_sections": site_sections()}
