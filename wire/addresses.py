"""Where a feed may be pulled from: the public internet only, unless
settings.WIRE_FEED_ALLOW_PRIVATE. A feed's address is the admin's to type and the feed's
redirects are the agency's to send; neither may point the server at itself, the office network
or a cloud metadata service (169.254.169.254).

The check runs on the addresses DNS gives at connection time, and the connection goes to the
address checked, never to a name resolved again (which a hostile DNS could answer differently).
Every connection of a pull, each redirect's too, goes through `connect`; environment proxies are
never used, since a proxy would connect on our behalf to an address we never saw.
"""

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
import urllib.request

from django.conf import settings

MAX_ADDRESSES = 4


class RefusedAddress(Exception):
    """The feed's host is not on the public internet; the message says which address."""


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # an IPv6 scope (`fe80::1%eth0`) off
    if ip.version == 6 and ip.ipv4_mapped:  # ::ffff:a.b.c.d is judged as a.b.c.d
        ip = ip.ipv4_mapped
    special = ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast
    if ip.version == 6 and ip.is_site_local:  # fec0::/10, deprecated but still routed inside
        return False
    return ip.is_global and not (special or ip.is_reserved or ip.is_unspecified)


def checked_addresses(host: str, port: int | None) -> list[tuple]:
    """getaddrinfo's answers for `host`, all public (RefusedAddress if any is not)."""
    answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    if settings.WIRE_FEED_ALLOW_PRIVATE:
        return answers
    for *_, sockaddr in answers:
        if not is_public(str(sockaddr[0])):
            raise RefusedAddress(
                f"{host} is at {sockaddr[0]}, a private or reserved address: "
                "feeds are pulled from the public internet only"
            )
    return answers


class Deadline:
    """A whole fetch's time limit: when it passes, every socket the fetch opened in this thread
    is shut down, so a server trickling its headers, or a name with many silent addresses, cannot
    hold the worker (a socket timeout bounds each read, not their sum)."""

    local = threading.local()

    def __init__(self, seconds: float):
        self.sockets: list[socket.socket] = []
        self.expired = threading.Event()
        self.timer = threading.Timer(seconds, self._cut)
        self.timer.daemon = True

    def __enter__(self) -> "Deadline":
        Deadline.local.current = self
        self.timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self.timer.cancel()
        Deadline.local.current = None

    def _cut(self) -> None:
        self.expired.set()
        for sock in list(self.sockets):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    @classmethod
    def watch(cls, sock: socket.socket) -> None:
        current = getattr(cls.local, "current", None)
        if current is not None:
            current.sockets.append(sock)
            if current.expired.is_set():
                current._cut()


def connect(host: str, port: int, timeout: float | None) -> socket.socket:
    """A socket connected to the first of `host`'s checked addresses that answers (of the first
    MAX_ADDRESSES: each silent one costs a whole timeout)."""
    error: OSError = OSError(f"{host} has no address")
    for family, kind, protocol, _, sockaddr in checked_addresses(host, port)[:MAX_ADDRESSES]:
        sock = socket.socket(family, kind, protocol)
        Deadline.watch(sock)
        try:
            if isinstance(timeout, int | float):  # else urllib's "no timeout given" marker
                sock.settimeout(timeout)
            sock.connect(sockaddr)
            return sock
        except OSError as failed:
            sock.close()
            error = failed
    raise error


class CheckedHTTPConnection(http.client.HTTPConnection):
    def connect(self):
        self.sock = connect(self.host, self.port, self.timeout)


class CheckedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args, context: ssl.SSLContext, **kwargs):
        super().__init__(*args, context=context, **kwargs)
        self.tls = context

    def connect(self):
        sock = connect(self.host, self.port, self.timeout)
        # The certificate is checked against the name, though the socket went to the address.
        self.sock = self.tls.wrap_socket(sock, server_hostname=self.host)


class CheckedHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(CheckedHTTPConnection, req)


class CheckedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self):
        self.tls = ssl.create_default_context()
        super().__init__(context=self.tls)

    def https_open(self, req):
        # typeshed's protocol wants http.client's exact constructor; ours only adds a check.
        return self.do_open(CheckedHTTPSConnection, req, context=self.tls)  # type: ignore[arg-type]


def opener(*handlers) -> urllib.request.OpenerDirector:
    """urllib's opener with checked connections and no proxies, plus `handlers`."""
    no_proxies = urllib.request.ProxyHandler({})
    return urllib.request.build_opener(
        no_proxies, CheckedHTTPHandler, CheckedHTTPSHandler(), *handlers
    )


def check_url_host(host: str, port: int | None) -> None:
    """For a form: RefusedAddress if `host` resolves to a non-public address now. A name that
    does not resolve passes (DNS may be down); every pull checks again."""
    with contextlib.suppress(socket.gaierror, UnicodeError):
        checked_addresses(host, port)
