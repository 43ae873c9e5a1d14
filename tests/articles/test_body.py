"""The structured body: what a save keeps of its figures, what readers and partners see."""

import random
from html.parser import HTMLParser

import pytest
from django.test import override_settings

from articles import body, teaser_pictures
from articles.embeds import Embed
from articles.html import sanitize_body
from tests import factories

YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


def embed_figure(url, provider="youtube", embed_id="dQw4w9WgXcQ"):
    return (
        f'<figure data-embed="{provider}" data-embed-id="{embed_id}" '
        f'data-embed-url="{url}"></figure>'
    )


class Resources(HTMLParser):
    """Every URL-bearing attribute of a piece of HTML, as (tag, attribute, value)."""

    URL_ATTRIBUTES = {"src", "srcset", "href", "action", "poster", "data", "formaction"}

    def __init__(self, html):
        super().__init__()
        self.found, self.tags = [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.found += [(tag, name, value) for name, value in attrs if name in self.URL_ATTRIBUTES]


def off_site(html):
    """What in this HTML points anywhere but this site (a path, or the site's own address)."""
    return [
        (tag, name, value)
        for tag, name, value in Resources(html).found
        if value and not value.startswith(("/", "#", "https://news.example/"))
    ]


# --- normalize, on every save -------------------------------------------------------------


def test_a_photo_figure_keeps_only_its_id():
    html = sanitize_body('<figure data-photo=" 42 "><p>a caption typed in</p></figure>')
    assert html == '<figure data-photo="42"></figure>'


@pytest.mark.parametrize("value", ["0", "-3", "abc", "4.2", "", "1e3", "42abc", "9" * 30])
def test_a_photo_figure_without_a_positive_integer_id_is_dropped(value):
    assert sanitize_body(f'<p>Text.</p><figure data-photo="{value}"></figure>') == "<p>Text.</p>"


def test_an_embed_is_rederived_from_its_url_whatever_the_client_claims():
    claimed = embed_figure(YOUTUBE, provider="vimeo", embed_id="../../evil")
    assert sanitize_body(claimed) == embed_figure(YOUTUBE)


def test_a_forged_embed_of_another_site_becomes_a_plain_link_never_an_embed():
    forged = embed_figure("https://evil.example/watch?v=dQw4w9WgXcQ")
    html = sanitize_body(forged)
    assert "data-embed" not in html
    assert html == (
        '<p><a href="https://evil.example/watch?v=dQw4w9WgXcQ" rel="noopener noreferrer">'
        "https://evil.example/watch?v=dQw4w9WgXcQ</a></p>"
    )


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:x", "", "//x"],
)
def test_an_embed_whose_url_is_not_http_is_dropped(url):
    assert sanitize_body(f"<p>Kept.</p>{embed_figure(url)}") == "<p>Kept.</p>"


def test_figure_content_and_nested_figures_are_dropped_with_their_figure():
    html = sanitize_body(
        '<figure data-photo="7"><figure data-photo="8"></figure><p>x</p></figure><p>After.</p>'
    )
    assert html == '<figure data-photo="7"></figure><p>After.</p>'


def test_the_blocks_survive_and_a_second_save_changes_nothing():
    html = sanitize_body(
        '<h2>Sub</h2><p>A <a href="https://example.org/?a=1&amp;b=2">link</a>.</p>'
        '<figure data-photo="3"></figure>'
        + embed_figure("https://youtu.be/dQw4w9WgXcQ?t=1&amp;x='y'", embed_id="x")
        + '<blockquote class="pull-quote"><p>Quoted.</p></blockquote>'
        '<aside class="fact-box"><h3>Facts</h3><ul><li>One</li></ul></aside>'
        '<p><strong>Votes</strong></p><table><thead><tr><th scope="col">Party</th></tr></thead>'
        "<tbody><tr><td>A</td></tr></tbody></table>"
    )
    assert sanitize_body(html) == html
    for kept in ('class="pull-quote"', 'class="fact-box"', "<strong>Votes</strong>", "<h2>"):
        assert kept in html
    assert body.embeds_in(html) == [
        Embed("youtube", "dQw4w9WgXcQ", "https://youtu.be/dQw4w9WgXcQ?t=1&x='y'")
    ]


def test_photo_ids_lists_each_photo_once_in_order():
    html = '<figure data-photo="5"></figure><p>x</p><figure data-photo="2"></figure>' * 2
    assert body.photo_ids(html) == [5, 2]


def test_a_stray_angle_bracket_is_passed_on_as_text():
    assert body.normalize("<p>1 < 2</p>") == "<p>1 &lt; 2</p>"


# Pieces of bodies, broken ones too: normalize()'s shortcut for a body with neither a figure nor
# a stray "<" must answer as the tokenizer does, whatever the pieces make.
PIECES = [
    "<p>", "</p>", "text ", "1 < 2", "<", "<figure", "<FIGURE data-photo=\"7\">", "</figure>",
    '<figure data-photo="3"></figure>', '<a href="x<y">', '<a title="a > b" href="/">', "</a>",
    "<br>", "<br/>", "<h2 >", "<p\n>", "<1>", "< p>", '<figure data-embed-url="https://x.example/">',
    "<figure>", "<figurex>", "&lt;", '"', "=", "<a b=c>",
]  # fmt: skip


def test_the_shortcut_of_normalize_and_photo_ids_answers_as_the_tokenizer():
    rng = random.Random(20261203)
    for _ in range(5000):
        html = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 8)))
        tokenized = "".join(body._stored(part) for part in body.parts(html))
        assert body.normalize(html) == tokenized, html
        photos = [value for kind, value in body.parts(html) if kind == "photo"]
        assert body.photo_ids(html) == list(dict.fromkeys(photos)), html


# --- rendered for readers -----------------------------------------------------------------


@pytest.fixture
def photo(db):
    return factories.make_photo(
        caption="Ministers arrive", credit_line="EPA-EFE/KOCA", alt_text="Two ministers"
    )


def stored(photo):
    return {str(photo.pk): teaser_pictures.inline_photo_data(photo)}


def test_an_inline_photo_is_the_lead_photos_figure_with_srcset_caption_credit_and_alt(photo):
    from articles import renditions

    renditions.make_now(photo)
    photo.refresh_from_db()
    html = str(body.render(f'<figure data-photo="{photo.pk}"></figure>', stored(photo)))
    assert html.startswith('<figure class="photo photo-inline">')
    assert "-width-1200-" in html and " 400w, " in html  # the photo's own shape, never cropped
    assert 'sizes="(min-width: 48em) 45em, 100vw"' in html
    assert 'alt="Two ministers"' in html
    assert '<span class="photo-caption">Ministers arrive</span>' in html
    assert '<span class="photo-credit">© EPA-EFE/KOCA</span>' in html


def test_a_photo_not_in_the_row_renders_nothing(photo):
    html = body.render('<p>a</p><figure data-photo="999999"></figure><p>b</p>', stored(photo))
    assert html == "<p>a</p><p>b</p>"


def test_an_embed_renders_a_button_and_a_link_and_loads_nothing():
    html = str(body.render(embed_figure(YOUTUBE), {}))
    assert "<iframe" not in html and "<script" not in html
    assert '<button type="button" class="embed-load">Load content from YouTube</button>' in html
    assert "sends data such as your IP address to YouTube, which may set cookies" in html
    assert 'class="embed embed-youtube embed-shape-video"' in html
    # The only third-party address a browser could reach is the link to the original.
    assert off_site(html) == [("a", "href", YOUTUBE)]
    assert 'data-embed-frame="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in html


def test_every_provider_renders_without_a_third_party_resource():
    from articles.embeds import PROVIDERS

    for provider in PROVIDERS.values():
        html = str(body.render(sanitize_body(embed_figure(provider.example)), {}))
        assert f"Load content from {provider.label}" in html, provider.key
        assert [tag for tag, *_ in off_site(html)] == ["a"], provider.key


def test_a_table_scrolls_in_its_own_region():
    html = body.render("<table><tbody><tr><td>1</td></tr></tbody></table><p>x</p>", {})
    assert html == (
        '<div class="table-scroll" role="region" aria-label="Table" tabindex="0">'
        "<table><tbody><tr><td>1</td></tr></tbody></table></div><p>x</p>"
    )


# --- for feeds and the ninjs export -------------------------------------------------------


@override_settings(SITE_URL="https://news.example")
def test_the_export_shows_photos_with_absolute_addresses_and_credit_and_embeds_as_links(photo):
    from articles.templatetags.article_meta import absolute

    html = body.render_export(
        f'<p>One.</p><figure data-photo="{photo.pk}"></figure>{embed_figure(YOUTUBE)}',
        stored(photo),
        absolute,
    )
    assert "<iframe" not in html and "<script" not in html and "<button" not in html
    [(_, _, src)] = [found for found in Resources(html).found if found[0] == "img"]
    assert src.startswith("https://news.example/media/")
    assert '<span class="photo-credit">© EPA-EFE/KOCA</span>' in html
    assert 'alt="Two ministers"' in html
    assert f'<p><a href="{YOUTUBE}" rel="noopener noreferrer">YouTube: {YOUTUBE}</a></p>' in html
    assert html.startswith("<p>One.</p><figure>")


@pytest.mark.parametrize("zoom", ["100", "\u00b2", "99999999999999999999"])
def test_a_map_address_with_an_impossible_zoom_saves_as_a_plain_link(zoom):
    url = f"https://www.openstreetmap.org/?mlat=45.5&mlon=9.2&zoom={zoom}"
    clean = sanitize_body(f'<figure data-embed-url="{url}"></figure>')
    assert "data-embed" not in clean and "openstreetmap.org" in clean
