"""Who sent an item: the agency that gets the byline when the item itself does not say."""

from urllib.parse import urlsplit

# Names as the agencies write them, keyed by the forms found in `by` lines and URIs.
KNOWN_AGENCIES = {
    "afp": "AFP", "ansa": "ANSA", "ap": "AP", "apa": "APA", "belga": "Belga", "dpa": "dpa",
    "efe": "EFE", "epa": "EPA", "interfax": "Interfax", "kyodo": "Kyodo", "ntb": "NTB",
    "pa": "PA", "reuters": "Reuters", "ria novosti": "RIA Novosti", "ritzau": "Ritzau",
    "sda": "SDA", "stt": "STT", "tass": "TASS", "tt": "TT", "xinhua": "Xinhua", "anp": "ANP",
    "ctk": "ČTK", "pap": "PAP", "yonhap": "Yonhap", "aap": "AAP", "bloomberg": "Bloomberg",
}  # fmt: skip
KNOWN_HOSTS = {
    "afp.com": "AFP", "ansa.it": "ANSA", "ap.org": "AP", "apnews.com": "AP", "dpa.com": "dpa",
    "dpa.de": "dpa", "efe.com": "EFE", "ntb.no": "NTB", "reuters.com": "Reuters",
    "tass.com": "TASS", "tass.ru": "TASS", "tt.se": "TT", "xinhua.net": "Xinhua",
    "stt.fi": "STT", "ritzau.dk": "Ritzau", "anp.nl": "ANP", "kyodonews.net": "Kyodo",
}  # fmt: skip


def known_agency(name: str) -> str | None:
    """The agency's own spelling if `name` is a known agency, else None."""
    return KNOWN_AGENCIES.get(" ".join(name.casefold().split()))


def agency_from_uri(uri: str) -> str:
    """`urn:newsml:dpa.com:…` → dpa; `http://tt.se/…` → TT; otherwise the host, or ''."""
    try:
        host = urlsplit(uri).hostname or ""
    except ValueError:  # "http://[bad": an unreadable address names no agency
        host = ""
    if not host and uri.startswith("urn:"):
        host = next((part for part in uri.split(":")[2:3] if "." in part), "")
    host = host.removeprefix("www.")
    for known, agency in KNOWN_HOSTS.items():
        if host == known or host.endswith("." + known):
            return agency
    return host
