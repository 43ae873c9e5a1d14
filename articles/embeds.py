"""The providers an article may embed, as data: which URLs name a post, and what frame shows it.

An editor pastes a post's ordinary address (https://www.youtube.com/watch?v=…); `match(url)`
accepts it only if it is https, on one of the provider's exact hosts, with no user name, password
or port, and an id of the provider's shape, and returns the Embed stored in the body
(`<figure data-embed data-embed-id data-embed-url>`, see articles.html). Anything else is refused:
a lookalike host (youtube.com.evil.example), `https://youtube.com@evil.example`, javascript:.

Readers' pages never load a frame until the reader asks (articles.body, static/site/embeds.js);
the page's Content-Security-Policy then allows exactly the `frame_origins` of the providers it
embeds. We never fetch a provider's oEmbed data: the server makes no request to a third party at
all, so pasting a URL cannot make it reach an internal address (no SSRF surface).
"""

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlsplit

MAX_URL = 2048
# Sandboxed frames may run the provider's player and open its links in a new tab, nothing more
# (no top navigation, no forms posted to us, no downloads).
SANDBOX = "allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox"
SANDBOX_PLAYER = SANDBOX + " allow-presentation"


@dataclass(frozen=True)
class Embed:
    provider: str
    id: str
    url: str

    @property
    def spec(self) -> "Provider":
        return PROVIDERS[self.provider]

    @property
    def frame_src(self) -> str:
        return self.spec.frame_src(self.id)


@dataclass(frozen=True)
class Provider:
    key: str
    label: str  # as readers know it: "Load content from {label}"
    hosts: frozenset[str]
    # Each a full match of the URL's path (with "?query" when `query` is True); the named group
    # `id` (or what `make_id` builds from the match) is the id stored.
    patterns: tuple[re.Pattern[str], ...]
    frame: str  # the iframe's src, with {id}
    frame_origins: tuple[str, ...]  # for the page's frame-src
    example: str
    shape: str = "post"  # the frame's box on the page: video (16:9), post, chart or map
    sandbox: str = SANDBOX
    id_pattern: re.Pattern[str] = re.compile(r"[A-Za-z0-9_-]{1,64}")
    make_id: Callable[[re.Match[str]], str | None] | None = None
    make_frame: Callable[[str], str] | None = None
    fragment: bool = False  # the fragment names the post (the map's #map=…); else it is ignored

    def frame_src(self, embed_id: str) -> str:
        if self.make_frame is not None:
            return self.make_frame(embed_id)
        return self.frame.format(id=quote(embed_id, safe="/:"))

    def title(self) -> str:
        return f"Content from {self.label}"


def _path(pattern: str) -> re.Pattern[str]:
    # ASCII: \d and \w must not match other scripts' digits and letters ("٣", "²").
    return re.compile(pattern, re.ASCII)


# --- the map: an OpenStreetMap view, its id "zoom/lat/lon" --------------------------------

NUMBER = r"-?\d{1,3}(?:\.\d{1,7})?"
OSM_ID = re.compile(rf"(?P<zoom>\d{{1,2}})/(?P<lat>{NUMBER})/(?P<lon>{NUMBER})", re.ASCII)
ZOOM = re.compile(r"[0-9]{1,2}")


def _osm_id(found: re.Match[str]) -> str | None:
    zoom, lat, lon = found["zoom"] or "15", found["lat"], found["lon"]
    embed_id = f"{int(zoom)}/{lat}/{lon}"
    return embed_id if _osm_parts(embed_id) else None


def _osm_parts(embed_id: str) -> tuple[int, float, float] | None:
    found = OSM_ID.fullmatch(embed_id)
    if not found:
        return None
    zoom, lat, lon = int(found["zoom"]), float(found["lat"]), float(found["lon"])
    if not (0 <= zoom <= 19 and -90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return zoom, lat, lon


def _osm_frame(embed_id: str) -> str:
    parts = _osm_parts(embed_id)
    assert parts is not None, "ids are checked by match() and normalize()"
    zoom, lat, lon = parts
    # The box the zoom level shows in a frame about 700 px wide (a tile is 256 px).
    half_lon = min(180.0, 360 / 2**zoom * 1.4)
    half_lat = min(85.0, half_lon * max(math.cos(math.radians(lat)), 0.05) * 0.6)
    box = [lon - half_lon, lat - half_lat, lon + half_lon, lat + half_lat]
    bbox = ",".join(f"{value:.5f}" for value in box)
    return (
        "https://www.openstreetmap.org/export/embed.html"
        f"?bbox={bbox}&layer=mapnik&marker={lat},{lon}"
    )


def _osm_query(found: re.Match[str]) -> str | None:
    query = parse_qs(found["query"] or "")
    lat, lon = query.get("mlat", [""])[0], query.get("mlon", [""])[0]
    zoom = query.get("zoom", ["15"])[0]
    view = OSM_ID.fullmatch(f"{zoom}/{lat}/{lon}") if ZOOM.fullmatch(zoom) else None
    return _osm_id(view) if view else None


def _osm_match(found: re.Match[str]) -> str | None:
    return _osm_id(found) if "zoom" in found.re.groupindex else _osm_query(found)


def _bluesky_id(found: re.Match[str]) -> str:
    return f"{found['handle'].lower()}/{found['rkey']}"


HANDLE = r"(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63}"
DID = r"did:plc:[a-z2-7]{24}"

PROVIDERS: dict[str, Provider] = {
    p.key: p
    for p in [
        Provider(
            "youtube",
            "YouTube",
            frozenset({"www.youtube.com", "youtube.com", "m.youtube.com", "youtu.be"}),
            (
                _path(r"/watch\?(?:[^#]*&)?v=(?P<id>[A-Za-z0-9_-]{11})(?:&[^#]*)?"),
                _path(r"/(?:shorts|embed|live)/(?P<id>[A-Za-z0-9_-]{11})/?(?:\?[^#]*)?"),
                _path(r"/(?P<id>[A-Za-z0-9_-]{11})/?(?:\?[^#]*)?"),  # youtu.be only, below
            ),
            "https://www.youtube-nocookie.com/embed/{id}",
            ("https://www.youtube-nocookie.com",),
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            shape="video",
            sandbox=SANDBOX_PLAYER,
            id_pattern=_path(r"[A-Za-z0-9_-]{11}"),
        ),
        Provider(
            "vimeo",
            "Vimeo",
            frozenset({"vimeo.com", "www.vimeo.com", "player.vimeo.com"}),
            (_path(r"/(?:video/)?(?P<id>\d{1,12})/?(?:\?[^#]*)?"),),
            "https://player.vimeo.com/video/{id}?dnt=1",
            ("https://player.vimeo.com",),
            "https://vimeo.com/76979871",
            shape="video",
            sandbox=SANDBOX_PLAYER,
            id_pattern=_path(r"\d{1,12}"),
        ),
        Provider(
            "x",
            "X (Twitter)",
            frozenset(
                {"x.com", "www.x.com", "twitter.com", "www.twitter.com", "mobile.twitter.com"}
            ),
            (_path(r"/[A-Za-z0-9_]{1,15}/status/(?P<id>\d{1,20})/?(?:\?[^#]*)?"),),
            "https://platform.twitter.com/embed/Tweet.html?id={id}&dnt=true",
            ("https://platform.twitter.com",),
            "https://x.com/NASA/status/1798722428766400646",
            id_pattern=_path(r"\d{1,20}"),
        ),
        Provider(
            "instagram",
            "Instagram",
            frozenset({"www.instagram.com", "instagram.com"}),
            (_path(r"/(?:p|reel)/(?P<id>[A-Za-z0-9_-]{5,40})/?(?:\?[^#]*)?"),),
            "https://www.instagram.com/p/{id}/embed",
            ("https://www.instagram.com",),
            "https://www.instagram.com/p/C8X1Y2zN3aB/",
            id_pattern=_path(r"[A-Za-z0-9_-]{5,40}"),
        ),
        Provider(
            "bluesky",
            "Bluesky",
            frozenset({"bsky.app"}),
            (
                _path(
                    rf"/profile/(?P<handle>{HANDLE}|{DID})/post/(?P<rkey>[a-z2-7]{{13}})/?"
                    r"(?:\?[^#]*)?"
                ),
            ),
            "https://embed.bsky.app/embed/{id}",
            ("https://embed.bsky.app",),
            "https://bsky.app/profile/bsky.app/post/3l6oveex3ii2l",
            id_pattern=_path(rf"(?:{HANDLE.lower()}|{DID})/[a-z2-7]{{13}}"),
            make_id=_bluesky_id,
            make_frame=lambda embed_id: (
                "https://embed.bsky.app/embed/{}/app.bsky.feed.post/{}".format(
                    *embed_id.rsplit("/", 1)
                )
            ),
        ),
        Provider(
            "tiktok",
            "TikTok",
            frozenset({"www.tiktok.com", "tiktok.com"}),
            (_path(r"/@[A-Za-z0-9_.]{1,24}/video/(?P<id>\d{8,25})/?(?:\?[^#]*)?"),),
            "https://www.tiktok.com/embed/v2/{id}",
            ("https://www.tiktok.com",),
            "https://www.tiktok.com/@scout2015/video/6718335390845095173",
            id_pattern=_path(r"\d{8,25}"),
        ),
        Provider(
            "datawrapper",
            "Datawrapper",
            frozenset({"datawrapper.dwcdn.net", "app.datawrapper.de"}),
            (
                _path(r"/(?P<id>[A-Za-z0-9]{5})(?:/\d{1,4})?/?(?:\?[^#]*)?"),  # dwcdn.net
                _path(r"/chart/(?P<id>[A-Za-z0-9]{5})(?:/[a-z]{1,20})?/?(?:\?[^#]*)?"),
            ),
            "https://datawrapper.dwcdn.net/{id}/",
            ("https://datawrapper.dwcdn.net",),
            "https://datawrapper.dwcdn.net/dZ9FV/1/",
            shape="chart",
            id_pattern=_path(r"[A-Za-z0-9]{5}"),
        ),
        Provider(
            "flourish",
            "Flourish",
            frozenset({"public.flourish.studio"}),
            (_path(r"/visualisation/(?P<id>\d{1,12})/?(?:\?[^#]*)?"),),
            "https://flo.uri.sh/visualisation/{id}/embed",
            ("https://flo.uri.sh",),
            "https://public.flourish.studio/visualisation/1234567/",
            shape="chart",
            id_pattern=_path(r"\d{1,12}"),
        ),
        Provider(
            "map",
            "OpenStreetMap",
            frozenset({"www.openstreetmap.org", "openstreetmap.org"}),
            (
                _path(
                    rf"/(?:\?[^#]*)?#map=(?P<zoom>\d{{1,2}})/(?P<lat>{NUMBER})/(?P<lon>{NUMBER})"
                ),
                _path(r"/(?:\?(?P<query>[^#]*))(?:#[^#]*)?"),
            ),
            "",
            ("https://www.openstreetmap.org",),
            "https://www.openstreetmap.org/#map=15/50.84670/4.35250",
            shape="map",
            id_pattern=OSM_ID,
            make_id=_osm_match,
            make_frame=_osm_frame,
            fragment=True,
        ),
    ]
}
YOUTUBE_LONG = {"www.youtube.com", "youtube.com", "m.youtube.com"}
# The hosts each pattern is for, where a provider's hosts differ (youtu.be/ID is the short form;
# the same path on youtube.com is a channel or a page).
PATTERN_HOSTS = {
    ("youtube", 0): YOUTUBE_LONG,
    ("youtube", 1): YOUTUBE_LONG,
    ("youtube", 2): {"youtu.be"},
    ("datawrapper", 0): {"datawrapper.dwcdn.net"},
    ("datawrapper", 1): {"app.datawrapper.de"},
}
HOSTS = {host: provider for provider in PROVIDERS.values() for host in provider.hosts}
_LABELS = [provider.label for provider in PROVIDERS.values()]
# What an editor is asked for (the body editor's embed dialog, and its refusals).
WANTED = (
    "the https address of a post, video, chart or map on "
    f"{', '.join(_LABELS[:-1])} or {_LABELS[-1]}"
)
UNSAFE = re.compile(r"[\x00-\x20\x7f\\]")


def match(url: str) -> Embed | None:
    """The embed this address names, or None when it is not an allow-listed provider's post."""
    if not isinstance(url, str) or len(url) > MAX_URL or UNSAFE.search(url):
        return None
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme != "https" or "@" in parts.netloc or port is not None:
        return None
    host = parts.netloc.lower()
    provider = HOSTS.get(host)
    if provider is None or parts.hostname != host:
        return None
    rest = parts.path or "/"
    if parts.query:
        rest += "?" + parts.query
    if parts.fragment and provider.fragment:
        rest += "#" + parts.fragment
    for index, pattern in enumerate(provider.patterns):
        if host not in PATTERN_HOSTS.get((provider.key, index), provider.hosts):
            continue
        found = pattern.fullmatch(rest)
        if found is None:
            continue
        try:
            embed_id = provider.make_id(found) if provider.make_id else found["id"]
        except (ValueError, TypeError, OverflowError):  # an address no rule foresaw: no embed
            continue
        if embed_id and provider.id_pattern.fullmatch(embed_id):
            return Embed(provider.key, embed_id, url)
    return None


def frame_origins(embeds: list[Embed]) -> list[str]:
    """The origins the page's frame-src must allow for these embeds, sorted, each once."""
    return sorted({origin for embed in embeds for origin in embed.spec.frame_origins})
