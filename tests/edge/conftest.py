"""Fixtures for the edge tests: Varnish in front of the live server, a stub CDN API."""

from urllib.parse import urlsplit

import pytest

from tests.edge.servers import Relay, StubAPI, Varnish


@pytest.fixture
def edge_settings(settings):
    """Short lifetimes, so staleness can be reached in a test; the page cache off, so what
    Varnish shows is what the application renders now."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    settings.EDGE_MAX_AGE = 600
    settings.EDGE_STALE_WHILE_REVALIDATE = 0
    settings.EDGE_STALE_IF_ERROR = 3600
    return settings


@pytest.fixture
def relay(live_server):
    relay = Relay(urlsplit(live_server.url).port)
    yield relay
    relay.cut()


@pytest.fixture
def varnish(edge_settings, relay):
    """varnishd with deploy/varnish/newsroom.vcl before the live server; purges go to it."""
    varnish = Varnish(relay.port, stale_while_revalidate=edge_settings.EDGE_STALE_WHILE_REVALIDATE)
    edge_settings.EDGE_PURGE_VARNISH = [varnish.url + "/"]
    yield varnish
    varnish.stop()


@pytest.fixture
def stub_api():
    stub = StubAPI()
    stub.start()
    yield stub
    stub.stop()
