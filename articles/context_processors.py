"""What every public page's layout needs: the site's name, language and sections."""

from django.conf import settings

from articles.models import Section


def site(request):
    # A lazy queryset: it costs one query on pages whose layout lists the sections, none elsewhere.
    return {
        "site_name": settings.SITE_NAME,
        "site_language": settings.SITE_LANGUAGE,
        "site_url": settings.SITE_URL,
        "nav_sections": Section.objects.all(),
    }
