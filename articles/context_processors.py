"""What page layouts need on every request."""

from django.conf import settings

from articles import breaking, surrogate_keys
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
    """The layout's section menu and the breaking news banner (one cache lookup), on every
    public page rendered with its request (the 404 page too)."""
    # A section change or a banner's start, end or edit purges every page showing the layout.
    shows(surrogate_keys.NAV)
    return {"nav_sections": site_sections(), "breaking_news": breaking.showing()}
