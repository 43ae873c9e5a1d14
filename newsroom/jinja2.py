"""The Jinja2 environment of the public site's templates (templates/jinja2/).

Readers' pages are rendered by Jinja2 rather than Django's template language because a list page
of twenty teasers spent most of its time in Django's renderer (see bench/pages.sh). The admin
keeps Django templates. What the templates may call is listed here, and nothing else: each name
is the same function a Django template would reach through a tag.
"""

from functools import lru_cache

from django.conf import settings
from django.template.defaultfilters import linebreaks_filter
from django.templatetags.static import static
from django.utils import dateformat, timezone, translation
from django.utils.text import Truncator
from jinja2 import Environment

from articles.addresses import public_url
from articles.body import render as render_body
from articles.teasers import stored_figure, topics
from articles.templatetags.article_meta import article_jsonld, card_image, isotime, social
from media_assets.figures import figure, rendition


def local_date(value, format_string: str) -> str:
    """Django's `date` filter: the value in the site's zone, formatted like `{% now %}`."""
    if not value:
        return ""
    zone = timezone.get_current_timezone()
    return _formatted(value, format_string, zone, translation.get_language())


@lru_cache(maxsize=4096)
def _formatted(value, format_string: str, zone, language: str | None) -> str:
    # Remembered: a list page formats twenty times, and the month names come from gettext.
    return dateformat.format(timezone.localtime(value, zone), format_string)


def truncatechars(value: str, length: int) -> str:
    return Truncator(value).chars(length)


def current_year() -> int:
    return timezone.localdate().year


class Site:
    """The site's name, address and language, read from the settings whenever a page asks."""

    name = property(lambda self: settings.SITE_NAME)
    url = property(lambda self: settings.SITE_URL)
    language = property(lambda self: settings.SITE_LANGUAGE)


def environment(**options) -> Environment:
    env = Environment(**options)
    env.globals.update(
        site=Site(),
        static=static,
        url=public_url,
        current_year=current_year,
        figure=figure,
        rendition=rendition,
        stored_figure=stored_figure,
        render_body=render_body,
        topics=topics,
        card_image=card_image,
        social=social,
        article_jsonld=article_jsonld,
    )
    env.filters.update(
        date=local_date,
        isotime=isotime,
        linebreaks=linebreaks_filter,  # escapes what it is given
        truncatechars=truncatechars,
    )
    return env
