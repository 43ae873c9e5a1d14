"""The Redis cache backend (newsroom/redis_cache.py): once Redis fails, this process stops
asking it for RESTING_SECONDS, so a Redis that hangs costs one socket timeout, not one per
cache call of every page; then it is asked again."""

import socket
import threading
from contextlib import contextmanager
from unittest import mock

import pytest
from django.test import override_settings
from redis.exceptions import TimeoutError as RedisTimeoutError

from newsroom import redis_cache
from tests import factories

TIMEOUTS = {"socket_timeout": 0.2, "socket_connect_timeout": 0.2}


@contextmanager
def silent_redis():
    """A server that accepts connections and never answers (a hung Redis): yields its
    address and the list of connections it accepted."""
    accepted: list[socket.socket] = []
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    server.settimeout(0.05)
    done = threading.Event()

    def accept():
        while not done.is_set():
            try:
                accepted.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"redis://127.0.0.1:{server.getsockname()[1]}/0", accepted
    finally:
        done.set()
        thread.join()
        for connection in accepted:
            connection.close()
        server.close()


def backend(location):
    return redis_cache.RedisCache(location, {"OPTIONS": TIMEOUTS})


def test_after_one_failure_redis_is_not_asked_until_its_rest_is_over():
    with silent_redis() as (location, accepted):
        cache = backend(location)
        with pytest.raises(RedisTimeoutError):
            cache.get("page")
        calls = [
            lambda: cache.get("page"),
            lambda: cache.get_many(["a", "b"]),
            lambda: cache.set("page", 1),
            lambda: cache.set_many({"a": 1}),
            lambda: cache.add("a", 1),
            lambda: cache.delete("a"),
            lambda: cache.incr("n"),
        ]
        for call in calls:
            with pytest.raises(redis_cache.Resting):
                call()
        assert len(accepted) == 1
        # Another thread's client of the same Redis rests too.
        with pytest.raises(redis_cache.Resting):
            backend(location).get("page")
        later = redis_cache.time.monotonic() + redis_cache.RESTING_SECONDS + 1
        with (
            mock.patch.object(redis_cache.time, "monotonic", return_value=later),
            pytest.raises(RedisTimeoutError),
        ):
            cache.get("page")  # asked again once rested
        assert len(accepted) == 2


def test_a_redis_that_answers_is_used_as_ever():
    cache = backend("redis://127.0.0.1:6379/7")
    cache.set("newsroom-test:breaker", {"kept": True}, 30)
    assert cache.get_many(["newsroom-test:breaker"]) == {"newsroom-test:breaker": {"kept": True}}
    cache.delete("newsroom-test:breaker")


def test_the_settings_choose_it_for_a_redis_url():
    from tests.test_settings import manage

    read = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    env = {"DEBUG": "true", "CACHE_URL": "redis://127.0.0.1:6379/0"}
    result = manage("shell", "--no-imports", "-c", read, env=env)
    assert result.stdout.strip() == "newsroom.redis_cache.RedisCache", result.stderr


@pytest.mark.django_db
def test_with_redis_hung_readers_are_served_and_it_is_asked_once(client, editor, settings):
    """The page cache, the related ranking and a live blog's parts all use the cache: with
    Redis hung, two readers get their pages, and Redis was tried once."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    settings.RELATED_REMEMBERED_SECONDS = settings.LIVE_REMEMBERED_SECONDS = 60
    blog = factories.make_live_blog(headline="Summit live")
    factories.post_entry(blog, editor, "Ministers arrive.")
    with silent_redis() as (location, accepted):
        caches = {"default": {"BACKEND": "newsroom.redis_cache.RedisCache", "LOCATION": location}}
        caches["default"]["OPTIONS"] = TIMEOUTS
        with override_settings(CACHES=caches):
            pages = [client.get(blog.get_absolute_url()) for _ in range(2)]
    assert [page.status_code for page in pages] == [200, 200]
    assert all("Ministers arrive." in page.content.decode() for page in pages)
    assert len(accepted) == 1
