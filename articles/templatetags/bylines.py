"""Bylines as readers see them, each name a link to the author's page."""

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

from articles.models import BYLINE_PHRASES

register = template.Library()


def _join(links: list[str]) -> str:
    if len(links) <= 2:
        return " and ".join(links)
    return ", ".join(links[:-1]) + " and " + links[-1]


@register.simple_tag
def byline_links(article) -> SafeString:
    """`By <a>A</a> and <a>B</a>; additional reporting by <a>C</a>`, as format_byline() words it.

    Plain string work on escaped values (the phrases hold no markup): every teaser has one.
    """
    by_role: dict[str, list[str]] = {}
    for credit in article.credits:
        link = f'<a href="{escape(credit.url)}" rel="author">{escape(credit.name)}</a>'
        by_role.setdefault(credit.role, []).append(link)
    text = "; ".join(BYLINE_PHRASES[role].format(_join(links)) for role, links in by_role.items())
    return mark_safe(text[:1].upper() + text[1:])  # noqa: S308 names and addresses escaped
