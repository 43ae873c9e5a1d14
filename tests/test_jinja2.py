"""The public site's Jinja2 environment: what its templates may call, and that it escapes."""

import datetime as dt

import pytest
from django.template import engines
from django.utils import timezone

from media_assets.rendition_store import get_rendition, make_renditions, rendition_url
from media_assets.uploads import import_photo
from tests.media_assets import images

SPECS = ("fill-400x225", "fill-800x450")


def render(source: str, **context) -> str:
    return engines["jinja2"].from_string(source).render(context)


def test_everything_is_escaped_unless_marked_safe():
    assert render("{{ text }}", text="<b>&</b>") == "&lt;b&gt;&amp;&lt;/b&gt;"


def test_the_site_settings_are_read_when_a_page_renders(settings):
    settings.SITE_NAME, settings.SITE_URL = "The Ledger", "https://ledger.example"
    assert render("{{ site.name }} {{ site.url }}{{ url('articles:home') }}") == (
        "The Ledger https://ledger.example/"
    )


def test_dates_are_shown_in_the_newsrooms_zone(settings):
    settings.TIME_ZONE = "Europe/Brussels"
    noon_utc = dt.datetime(2026, 7, 1, 12, 0, tzinfo=dt.UTC)
    with timezone.override("Europe/Brussels"):
        assert render('{{ when|date("j F Y, H:i") }}', when=noon_utc) == "1 July 2026, 14:00"
        assert render("{{ when|isotime }}", when=noon_utc) == "2026-07-01T14:00:00+02:00"
    assert render('{{ when|date("j F Y") }}', when=None) == ""


def test_linebreaks_escapes_what_an_editor_typed():
    html = render("{{ bio|linebreaks }}", bio="<script>x</script>\n\nSecond")
    assert html == "<p>&lt;script&gt;x&lt;/script&gt;</p>\n\n<p>Second</p>"


def test_truncatechars_keeps_descriptions_short():
    assert render("{{ text|truncatechars(10) }}", text="A long standfirst indeed") == "A long st…"


@pytest.mark.django_db
def test_figure_gives_the_same_markup_in_both_engines():
    data = images.encode(images.quadrants((1600, 1200)), "JPEG")
    fields = {"caption": "A <b>caption</b>", "alt_text": "Alt", "credit_line": "AGENCY"}
    photo = import_photo(data, filename="p.jpg", fields=fields)[0]
    make_renditions(photo, SPECS)  # as the worker does
    jinja = render('{{ figure(photo, "fill-800x450", sizes="50vw") }}', photo=photo)
    django = engines["django"].from_string(
        '{% load photos %}{% figure photo "fill-800x450" sizes="50vw" %}'
    )
    small, large = (rendition_url(get_rendition(photo, spec)) for spec in SPECS)
    # The markup media_assets/_figure.html used to render, character for character.
    expected = (
        '<figure class="photo">\n'
        f'  <img src="{large}" srcset="{small} 400w, {large} 800w" sizes="50vw" width="800" '
        'height="450" alt="Alt" loading="lazy" decoding="async">\n'
        '  <figcaption><span class="photo-caption">A &lt;b&gt;caption&lt;/b&gt;</span> '
        '<span class="photo-credit">© AGENCY</span></figcaption>\n'
        "</figure>"
    )
    assert jinja == expected
    assert django.render({"photo": photo}) == expected
