"""Public addresses, remembered: a page of teasers asks reverse() for a hundred of them."""

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse


def public_url(name: str, *args: str) -> str:
    """`reverse(name, args=args)`, remembered.

    Keyed on what reverse() depends on besides its arguments (script prefix and URLconf), so a
    request under another prefix or a test's own URLconf never gets a stale address.
    """
    return _reverse(get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF, name, args)


@lru_cache(maxsize=8192)
def _reverse(prefix: str, urlconf: str, name: str, args: tuple) -> str:
    return reverse(name, urlconf=urlconf, args=args)
