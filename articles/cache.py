"""Invalidation of the public page cache.

Cached public pages are keyed by a generation number; bumping it retires every cached page at once,
so whatever changes what readers see calls `public_content_changed()` explicitly (no signals).
"""

import time

from django.core.cache import cache

GENERATION_KEY = "newsroom:public-generation"


def generation() -> str:
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = str(time.time_ns())
        cache.add(GENERATION_KEY, value, timeout=None)
        value = cache.get(GENERATION_KEY, value)
    return value


def public_content_changed() -> None:
    cache.set(GENERATION_KEY, str(time.time_ns()), timeout=None)
