"""The site's sections, as the layout's navigation lists them (teasers carry their own section)."""

from articles.models import Section


def site_sections() -> list[Section]:
    return list(Section.objects.all())
