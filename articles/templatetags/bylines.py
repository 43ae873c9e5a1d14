"""Bylines as readers see them, each name a link to the author's page."""

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

from articles.models import Credit, format_byline

register = template.Library()


def byline_link(credit: Credit) -> str:
    return f'<a href="{escape(credit.url)}" rel="author">{escape(credit.name)}</a>'


@register.simple_tag
def byline_links(credits: list[Credit]) -> SafeString:
    """`By <a>A</a> and <a>B</a>; additional reporting by <a>C</a>`, worded by format_byline()."""
    # Safe: names and addresses are escaped by byline_link, and the phrases hold no markup.
    return mark_safe(format_byline(credits, name=byline_link))  # noqa: S308
