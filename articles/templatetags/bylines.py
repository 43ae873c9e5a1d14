"""Bylines as readers see them, each name a link to the author's page."""

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

from articles.models import Credit, format_byline

register = template.Library()


def _link(credit: Credit) -> str:
    return f'<a href="{escape(credit.url)}" rel="author">{escape(credit.name)}</a>'


@register.simple_tag
def byline_links(article) -> SafeString:
    """`By <a>A</a> and <a>B</a>; additional reporting by <a>C</a>`, worded by format_byline()."""
    # Safe: names and addresses are escaped by _link, and the phrases hold no markup.
    return mark_safe(format_byline(article.credits, name=_link))  # noqa: S308
