"""Django's Redis cache, made to stop asking a Redis that has just failed.

Every public page asks the cache several times (the page cache, the related ranking, a live
blog's parts, the schedule), and each ask of a Redis that hangs costs its socket timeout
(settings: half a second). So once a call fails for want of Redis, every call in this process
fails at once for RESTING_SECONDS, as a cache failure (the callers already serve readers from
the database then); the first call after the rest asks Redis again.
"""

import threading
import time
from collections.abc import Callable

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

RESTING_SECONDS = 10.0
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)  # socket errors arrive as these


class Resting(RedisConnectionError):
    """Redis failed a moment ago; it is not asked again until its rest is over."""


class Breaker:
    """When the servers may next be asked, shared by every thread's client of them."""

    def __init__(self) -> None:
        self.until = 0.0

    def check(self) -> None:
        if time.monotonic() < self.until:
            raise Resting("Redis failed a moment ago; the cache is skipped for a few seconds")

    def failed(self) -> None:
        self.until = time.monotonic() + RESTING_SECONDS


_breakers: dict[str, Breaker] = {}
_breakers_lock = threading.Lock()


def breaker_for(servers: list[str]) -> Breaker:
    with _breakers_lock:
        return _breakers.setdefault(",".join(servers), Breaker())


def _guarded(name: str) -> Callable:
    call = getattr(RedisCacheClient, name)

    def guarded(self: "GuardedClient", *args, **kwargs):
        self.breaker.check()
        try:
            return call(self, *args, **kwargs)
        except UNREACHABLE:
            self.breaker.failed()
            raise

    guarded.__name__ = name
    return guarded


class GuardedClient(RedisCacheClient):
    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        self.breaker = breaker_for(servers)

    add = _guarded("add")
    get = _guarded("get")
    set = _guarded("set")
    touch = _guarded("touch")
    delete = _guarded("delete")
    get_many = _guarded("get_many")
    has_key = _guarded("has_key")
    incr = _guarded("incr")
    set_many = _guarded("set_many")
    delete_many = _guarded("delete_many")
    clear = _guarded("clear")


class RedisCache(DjangoRedisCache):
    """settings.CACHES' backend for a redis:// CACHE_URL."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = GuardedClient
