"""The edge caches in front of the site (Varnish, a CDN), told which surrogate keys to drop.

`purge(keys)` fans out to every configured backend:

- Varnish (`EDGE_PURGE_VARNISH`, one URL per instance): a `PURGE` request carrying the keys in
  an `xkey-purge` header, which deploy/varnish/newsroom.vcl hands to the xkey vmod. Varnish sits
  beside the application, so it is told at once (a millisecond; `EDGE_PURGE_TIMEOUT` at worst).
- Fastly (`FASTLY_SERVICE_ID` and `FASTLY_API_TOKEN`): `POST {FASTLY_API_URL}/service/{id}/purge`
  with the keys in a `Surrogate-Key` header. Its API is across the internet, so the call goes
  through the task queue (django.tasks): a slow CDN never holds an editor's request.

A purge never fails a save: what the content changed is committed already, so an error is
logged and the page lives out its s-maxage.
"""

import logging
import urllib.error
import urllib.request
from collections.abc import Iterable
from itertools import batched

from django.conf import settings
from django.tasks import task
from django.utils.cache import patch_cache_control

logger = logging.getLogger(__name__)

KEYS_PER_REQUEST = 256  # Fastly's limit per purge call; Varnish's header stays a few KB


def purge(keys: Iterable[str]) -> None:
    """Drop every object tagged with any of `keys` from every configured edge cache."""
    keys = sorted(set(keys))
    if not keys:
        return
    for url in settings.EDGE_PURGE_VARNISH:
        purge_varnish(url, keys)
    if settings.FASTLY_SERVICE_ID and settings.FASTLY_API_TOKEN:
        try:
            purge_fastly_task.enqueue(keys)
        except Exception:  # the queue's database: the CDN keeps the page for its s-maxage
            logger.exception("Could not queue the CDN purge of %s", " ".join(keys))


def purge_varnish(url: str, keys: list[str]) -> bool:
    """PURGE `url` with the keys; True if Varnish accepted every batch."""
    ok = True
    for batch in batched(keys, KEYS_PER_REQUEST):
        request = urllib.request.Request(
            url, method="PURGE", headers={"xkey-purge": " ".join(batch)}
        )
        ok = _send(request, f"Varnish at {url}") and ok
    return ok


def purge_fastly(keys: list[str]) -> bool:
    """Purge the keys from the Fastly service; True if Fastly accepted every batch."""
    base = settings.FASTLY_API_URL.rstrip("/")
    url = f"{base}/service/{settings.FASTLY_SERVICE_ID}/purge"
    ok = True
    for batch in batched(keys, KEYS_PER_REQUEST):
        headers = {
            "Fastly-Key": settings.FASTLY_API_TOKEN,
            "Surrogate-Key": " ".join(batch),
            "Accept": "application/json",
        }
        if settings.FASTLY_SOFT_PURGE:
            headers["Fastly-Soft-Purge"] = "1"
        request = urllib.request.Request(url, method="POST", headers=headers, data=b"")
        ok = _send(request, "Fastly") and ok
    return ok


@task
def purge_fastly_task(keys: list[str]) -> bool:
    return purge_fastly(keys)


def _send(request: urllib.request.Request, name: str) -> bool:
    try:
        with urllib.request.urlopen(request, timeout=settings.EDGE_PURGE_TIMEOUT) as response:
            response.read()
        return True
    except urllib.error.HTTPError as error:
        logger.error("%s refused the purge: HTTP %s %s", name, error.code, error.reason)
    except (OSError, ValueError) as error:  # refused, timed out, unreachable, bad URL
        logger.error("%s could not be told to purge: %s", name, error)
    return False


class PrivateByDefaultMiddleware:
    """A response no view declared public is `private, no-store`: no shared cache keeps the
    admin, a share link's preview, a redirect or an error page by mistake."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Cache-Control" not in response:
            patch_cache_control(response, private=True, no_store=True)
        return response
