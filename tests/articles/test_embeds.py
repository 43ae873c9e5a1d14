"""The embed allow-list: a provider's addresses give its id and frame; all else is refused."""

import pytest

from articles import embeds
from articles.embeds import PROVIDERS, Embed, match

VALID = [
    # (url, provider, id, frame src)
    (
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "youtube",
        "dQw4w9WgXcQ",
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
    ),
    (
        "https://youtube.com/watch?feature=share&v=dQw4w9WgXcQ&t=42",
        "youtube",
        "dQw4w9WgXcQ",
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
    ),
    (
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ#t=30",
        "youtube",
        "dQw4w9WgXcQ",
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
    ),
    (
        "https://youtu.be/dQw4w9WgXcQ?si=abc",
        "youtube",
        "dQw4w9WgXcQ",
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
    ),
    (
        "https://www.youtube.com/shorts/aBcDeFgHi_-",
        "youtube",
        "aBcDeFgHi_-",
        "https://www.youtube-nocookie.com/embed/aBcDeFgHi_-",
    ),
    (
        "https://vimeo.com/76979871",
        "vimeo",
        "76979871",
        "https://player.vimeo.com/video/76979871?dnt=1",
    ),
    (
        "https://player.vimeo.com/video/76979871",
        "vimeo",
        "76979871",
        "https://player.vimeo.com/video/76979871?dnt=1",
    ),
    (
        "https://x.com/NASA/status/1798722428766400646",
        "x",
        "1798722428766400646",
        "https://platform.twitter.com/embed/Tweet.html?id=1798722428766400646&dnt=true",
    ),
    (
        "https://twitter.com/jack/status/20?s=20",
        "x",
        "20",
        "https://platform.twitter.com/embed/Tweet.html?id=20&dnt=true",
    ),
    (
        "https://www.instagram.com/p/C8X1Y2zN3aB/",
        "instagram",
        "C8X1Y2zN3aB",
        "https://www.instagram.com/p/C8X1Y2zN3aB/embed",
    ),
    (
        "https://www.instagram.com/reel/C8X1Y2zN3aB/?igsh=x",
        "instagram",
        "C8X1Y2zN3aB",
        "https://www.instagram.com/p/C8X1Y2zN3aB/embed",
    ),
    (
        "https://bsky.app/profile/bsky.app/post/3l6oveex3ii2l",
        "bluesky",
        "bsky.app/3l6oveex3ii2l",
        "https://embed.bsky.app/embed/bsky.app/app.bsky.feed.post/3l6oveex3ii2l",
    ),
    (
        "https://bsky.app/profile/did:plc:z72i7hdynmk6r22z27h6tvur/post/3l6oveex3ii2l",
        "bluesky",
        "did:plc:z72i7hdynmk6r22z27h6tvur/3l6oveex3ii2l",
        "https://embed.bsky.app/embed/did:plc:z72i7hdynmk6r22z27h6tvur/app.bsky.feed.post/"
        "3l6oveex3ii2l",
    ),
    (
        "https://www.tiktok.com/@scout2015/video/6718335390845095173",
        "tiktok",
        "6718335390845095173",
        "https://www.tiktok.com/embed/v2/6718335390845095173",
    ),
    (
        "https://datawrapper.dwcdn.net/dZ9FV/1/",
        "datawrapper",
        "dZ9FV",
        "https://datawrapper.dwcdn.net/dZ9FV/",
    ),
    (
        "https://app.datawrapper.de/chart/dZ9FV/publish",
        "datawrapper",
        "dZ9FV",
        "https://datawrapper.dwcdn.net/dZ9FV/",
    ),
    (
        "https://public.flourish.studio/visualisation/1234567/",
        "flourish",
        "1234567",
        "https://flo.uri.sh/visualisation/1234567/embed",
    ),
    (
        "https://www.openstreetmap.org/#map=15/50.84670/4.35250",
        "map",
        "15/50.84670/4.35250",
        "https://www.openstreetmap.org/export/embed.html?bbox=4.33712,50.84087,4.36788,50.85253"
        "&layer=mapnik&marker=50.8467,4.3525",
    ),
    (
        "https://www.openstreetmap.org/?mlat=50.8467&mlon=4.3525&zoom=12",
        "map",
        "12/50.8467/4.3525",
        "https://www.openstreetmap.org/export/embed.html?bbox=4.22945,50.80009,4.47555,50.89331"
        "&layer=mapnik&marker=50.8467,4.3525",
    ),
]


@pytest.mark.parametrize(("url", "provider", "embed_id", "frame"), VALID)
def test_an_allow_listed_address_gives_its_provider_id_and_frame(url, provider, embed_id, frame):
    embed = match(url)
    assert embed == Embed(provider, embed_id, url)
    assert embed.frame_src == frame
    assert embed.frame_src.startswith(tuple(origin + "/" for origin in embed.spec.frame_origins))


def test_every_provider_is_covered_and_its_example_matches():
    assert {provider for _, provider, _, _ in VALID} == set(PROVIDERS)
    for provider in PROVIDERS.values():
        embed = match(provider.example)
        assert embed is not None and embed.provider == provider.key, provider.example
        assert all(origin.startswith("https://") for origin in provider.frame_origins)


HOSTILE = [
    # Numbers no rule foresaw: refused, never a 500 on save or preview.
    "https://www.openstreetmap.org/?mlat=45.5&mlon=9.2&zoom=100",
    "https://www.openstreetmap.org/?mlat=45.5&mlon=9.2&zoom=\u00b2",
    "https://www.openstreetmap.org/?mlat=4\u0665.5&mlon=9.2",
    "https://www.openstreetmap.org/#map=\u0661\u0665/45.5/9.2",
    "https://vimeo.com/\u0661\u0662\u0663\u0664\u0665\u0666",
    "https://x.com/someone/status/\u0661\u0662\u0663",
    "http://www.youtube.com/watch?v=dQw4w9WgXcQ",  # not https
    "https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ",  # lookalike host
    "https://evilyoutube.com/watch?v=dQw4w9WgXcQ",
    "https://youtube.com@evil.example/watch?v=dQw4w9WgXcQ",  # userinfo
    "https://user:pass@www.youtube.com/watch?v=dQw4w9WgXcQ",
    "https://www.youtube.com:8443/watch?v=dQw4w9WgXcQ",  # a port
    "https://www.youtube.com./watch?v=dQw4w9WgXcQ",  # trailing dot
    "javascript:alert(1)//https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    "JAVASCRIPT://www.youtube.com/watch?v=dQw4w9WgXcQ",
    "data:text/html,https://youtu.be/dQw4w9WgXcQ",
    "//www.youtube.com/watch?v=dQw4w9WgXcQ",  # no scheme
    "https://www.youtube.com/watch?v=dQw4w9WgXc",  # id too short
    "https://www.youtube.com/watch?v=dQw4w9WgXcQQ",  # id too long
    'https://www.youtube.com/watch?v=dQw4w9"XcQ',
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ\n<script>",
    "https://www.youtube.com/watch?v=dQw4w9W%22XcQ",
    "https://www.youtube.com\\@evil.example/watch?v=dQw4w9WgXcQ",
    "https://www.youtube.com/dQw4w9WgXcQ",  # the short form is youtu.be's only
    "https://youtu.be/watch?v=dQw4w9WgXcQ",
    "https://vimeo.com/channels/staffpicks",
    "https://vimeo.com/76979871abc",
    "https://x.com/NASA/status/12a",
    "https://x.com/NASA/likes",
    "https://platform.twitter.com/embed/Tweet.html?id=1",  # a frame address, not a post
    "https://www.instagram.com/p/../../evil",
    "https://www.instagram.com/stories/someone/1/",
    "https://bsky.app/profile/bsky.app/post/3L6OVEEX3II2L",  # rkeys are lower-case base32
    "https://bsky.app/profile/bsky.app/post/3l6oveex3ii2l/../../x",
    "https://www.tiktok.com/@user/video/abc",
    "https://datawrapper.dwcdn.net/dZ9F/1/",  # ids have five characters
    "https://datawrapper.dwcdn.net/chart/dZ9FV/",
    "https://public.flourish.studio/story/123/",
    "https://flo.uri.sh/visualisation/1234567/embed",
    "https://www.openstreetmap.org/#map=25/50.8/4.3",  # no such zoom
    "https://www.openstreetmap.org/#map=15/95.0/4.3",  # no such latitude
    "https://www.openstreetmap.org/?mlat=50.8&mlon=javascript:1",
    "https://www.openstreetmap.org/node/123",
    "https://example.com/watch?v=dQw4w9WgXcQ",
    "https://www.youtube.com/watch?v=" + "a" * 3000,
    "",
]


@pytest.mark.parametrize("url", HOSTILE)
def test_an_address_outside_the_allow_list_is_refused(url):
    assert match(url) is None


def test_frame_origins_are_those_of_the_providers_embedded_each_once():
    found = [match(url) for url, *_ in VALID[:3]] + [match("https://vimeo.com/1")]
    assert embeds.frame_origins(found) == [
        "https://player.vimeo.com",
        "https://www.youtube-nocookie.com",
    ]
    assert embeds.frame_origins([]) == []
