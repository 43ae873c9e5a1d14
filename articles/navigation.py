"""The site's sections, as the layout's navigation lists them (teasers carry their own section)."""

from articles.models import Section


def site_sections() -> list[Section]:
    # Section's Meta.ordering, applied here: a handful of rows sort faster than the ORDER BY
    # clause is built.
    return sorted(Section.objects.order_by(), key=lambda section: (section.position, section.name))
