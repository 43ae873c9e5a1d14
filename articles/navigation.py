"""The site's sections, read once per request: the layout's navigation and the teasers' kickers.

Teasers carry no joined section (for_page(teaser=True)); a list page gives them theirs from this
list, which the layout reads anyway, so a page of twenty teasers builds eight sections, not 28.
"""

from articles.models import Section
from articles.models.reading import SECTIONS_SQL


def site_sections(request) -> list[Section]:
    if not hasattr(request, "_site_sections"):
        request._site_sections = list(Section.objects.raw(SECTIONS_SQL))
    return request._site_sections


def with_sections(request, articles: list) -> list:
    by_id = {section.pk: section for section in site_sections(request)}
    for article in articles:
        article.section = by_id.get(article.section_id)
    return articles
