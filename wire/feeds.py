"""Feeds the desk configured (wire.models.WireFeed): pull a URL, or sweep a drop folder, and
record how it went on the feed, for the wire list's health box.

How checks are scheduled: the long-lived worker `manage.py ingest_wire --feeds` (a systemd unit
beside db_worker) checks each active feed when its interval is up. Where no such worker runs,
the `check_feed` task does the same through django.tasks: each run checks its feed if due and
enqueues itself for the next interval, and `ingest_wire --feeds --enqueue` (or saving a feed in
the admin) starts the chain. Both go through `claim_check`, a compare-and-set on
last_checked_at, so a feed is never checked twice for one interval: a duplicate chain finds the
feed not due and ends, a worker and a task never both pull.

A pull is a conditional GET (If-None-Match / If-Modified-Since from the last answer): 304 imports
nothing. The answer's validators are kept only when every item of it imported (or was already
there): otherwise the next pull would get a 304 and the failed items would never come again.
Only http and https, only to public addresses (wire.addresses), a timeout for each read and
BODY_SECONDS for the whole answer, at most settings.WIRE_MAX_BYTES read, a body shorter than
its Content-Length refused, and a redirect followed only to http(s) (and checked again).
"""

import http.client
import json
import logging
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from django.db import DatabaseError, transaction
from django.db.models import F
from django.tasks import task
from django.utils import timezone

from wire.addresses import Deadline, RefusedAddress, opener
from wire.folders import outside_drop_roots
from wire.importer import CREATED, FAILED, UPDATED, Batch, Outcome, import_file
from wire.ingest import DropFolder
from wire.intake import check_depth, check_size
from wire.models import WireFeed
from wire.story import WireError, one_line, short_error

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 20  # for each read: connecting, the headers, each part of the body
BODY_SECONDS = 60  # for the whole answer: a server trickling bytes cannot hold a worker
CHUNK_BYTES = 64 * 1024
SCHEMES = ("http", "https")
USER_AGENT = "Newsroom wire ingest (+conditional GET)"


class FeedError(Exception):
    """The check failed; the message is the one line shown to the desk."""


@dataclass
class Fetched:
    status: int  # 200 or 304
    body: bytes = b""
    etag: str = ""
    last_modified: str = ""


class SameSchemesRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to http(s): never to file:, ftp: or anything else."""

    def http_error_302(self, req, fp, code, msg, headers):
        location = headers.get("Location") or headers.get("URI") or ""
        try:
            scheme = urlsplit(urljoin(req.full_url, location)).scheme
        except ValueError:  # "http://[::1": no address at all
            fp.close()
            raise FeedError(f"redirected to a malformed address {location[:100]!r}") from None
        if scheme not in SCHEMES:
            fp.close()
            raise FeedError(f"redirected to a {scheme or 'schemeless'} address")
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


OPENER = opener(SameSchemesRedirects)


def fetch(url: str, *, etag: str = "", last_modified: str = "") -> Fetched:
    if urlsplit(url).scheme not in SCHEMES:
        raise FeedError("only http and https addresses are pulled")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    if etag:
        request.add_header("If-None-Match", etag)
    if last_modified:
        request.add_header("If-Modified-Since", last_modified)
    late = FeedError(f"the feed took over {BODY_SECONDS} seconds to send")
    with Deadline(BODY_SECONDS) as whole:
        try:
            fetched = _fetch(request, etag=etag, last_modified=last_modified)
        except FeedError:
            if whole.expired.is_set():
                raise late from None
            raise
    # A cut socket reads as the end of the headers or the body: never taken for the answer.
    if whole.expired.is_set():
        raise late
    return fetched


def _fetch(request, *, etag: str, last_modified: str) -> Fetched:
    try:
        with OPENER.open(request, timeout=TIMEOUT_SECONDS) as response:
            return Fetched(
                response.status,
                read_limited(response),
                response.headers.get("ETag", ""),
                response.headers.get("Last-Modified", ""),
            )
    except RefusedAddress as error:
        raise FeedError(str(error)) from None
    except urllib.error.HTTPError as error:
        error.close()
        if error.code == 304:
            return Fetched(304, etag=etag, last_modified=last_modified)
        raise FeedError(f"the feed answered {error.code} {error.reason}") from None
    except TimeoutError:
        raise FeedError(f"no answer within {TIMEOUT_SECONDS} seconds") from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise FeedError(f"no answer within {TIMEOUT_SECONDS} seconds") from None
        raise FeedError(f"could not reach the feed: {error.reason}") from None
    except OSError as error:  # a connection reset mid-body, say
        raise FeedError(f"could not read the feed: {error.strerror or error}") from None
    except http.client.HTTPException as error:  # a chunked body cut short, a garbled header
        raise FeedError(f"could not read the feed: {short_error(error)}") from None


def read_limited(response) -> bytes:
    """The body, refused as soon as it passes settings.WIRE_MAX_BYTES, or when the connection
    ends before its Content-Length (fetch's Deadline cuts one that takes too long)."""
    length = response.headers.get("Content-Length", "")
    expected = int(length) if length.isdigit() else None
    chunks, size = [], 0
    try:
        check_size(expected or 0)
        # In pieces, so a body over the limit is refused as soon as it passes it.
        while chunk := response.read1(CHUNK_BYTES):
            size += len(chunk)
            check_size(size)
            chunks.append(chunk)
    except WireError as error:
        raise FeedError(f"the feed is too large: {error}") from None
    if expected is not None and size < expected:
        raise FeedError(f"the answer was cut short: {size} of {expected} bytes arrived")
    return b"".join(chunks)


def split_items(body: bytes) -> list[tuple[str, bytes]]:
    """(label, bytes) per item: a ninjs item, a list of them (an array, or `items` as in our own
    ninjs export), or an XML document (NewsML-G2) passed whole."""
    text = body.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"<"):
        return [("document", body)]
    if not text.startswith((b"{", b"[")):
        raise FeedError("the feed is neither JSON nor XML")
    try:
        decoded = body.decode("utf-8-sig")
        check_depth(decoded)  # before the recursive parser sees it
        document = json.loads(decoded)
    except WireError as error:
        raise FeedError(f"the feed is {error}") from None
    except (UnicodeDecodeError, ValueError) as error:
        raise FeedError(f"the feed is not valid JSON: {one_line(str(error))}") from None
    if isinstance(document, dict) and "items" in document:
        document = document["items"]
    items = document if isinstance(document, list) else [document]
    if not all(isinstance(item, dict) for item in items):
        raise FeedError("the feed's list holds something other than items")
    # Each item re-serialised on its own: its payload is the item, not the whole feed.
    return [(f"item {n}", item_bytes(item)) for n, item in enumerate(items, start=1)]


def item_bytes(item: dict) -> bytes:
    """The item as UTF-8 JSON; one holding half a surrogate pair (which UTF-8 cannot hold) as
    ASCII JSON, its escapes kept, so that the importer refuses that item alone, in one line."""
    try:
        return json.dumps(item, ensure_ascii=False).encode()
    except UnicodeEncodeError:
        return json.dumps(item).encode()


def import_body(feed: WireFeed, body: bytes) -> list[Outcome]:
    batch = Batch()
    outcomes = []
    for label, data in split_items(body):
        outcomes.extend(import_file(f"{feed.name} {label}", data, batch=batch, agency=feed.agency))
    return outcomes


def due(feed: WireFeed, now=None) -> bool:
    now = now or timezone.now()
    if not feed.active:
        return False
    last = feed.last_checked_at
    return last is None or now - last >= timedelta(seconds=feed.interval)


def claim_check(feed: WireFeed) -> bool:
    """Take this interval's check of `feed` (False: not due, or another process took it)."""
    if not due(feed):
        return False
    now = timezone.now()
    # Compare-and-set (None compares as IS NULL): of two takers, one updates the row.
    taken = WireFeed.objects.filter(pk=feed.pk, last_checked_at=feed.last_checked_at).update(
        last_checked_at=now
    )
    feed.last_checked_at = now
    return taken == 1


def stamp_checked(feed: WireFeed) -> None:
    feed.last_checked_at = timezone.now()
    WireFeed.objects.filter(pk=feed.pk).update(last_checked_at=feed.last_checked_at)


def check(feed: WireFeed, *, stopping: threading.Event | None = None) -> list[Outcome]:
    """One check of a claimed feed; what happened is recorded on it. Never raises for the
    feed's own failures (a database error does raise: the worker retries)."""
    stamp_checked(feed)  # claim_check's stamp, for a check not claimed
    try:
        if feed.kind == WireFeed.Kind.FOLDER:
            outcomes, errors = sweep(feed, stopping)
        else:
            outcomes, errors = pull(feed)
    except FeedError as error:
        record_error(feed, str(error))
        return []
    except DatabaseError:
        raise
    except Exception as error:  # a bug or a surprise: recorded, and the worker carries on
        log.exception("feed %s: the check failed unexpectedly", feed.name)
        record_error(feed, short_error(error))
        return []
    record(feed, outcomes, errors)
    return outcomes


def pull(feed: WireFeed) -> tuple[list[Outcome], list[str]]:
    fetched = fetch(feed.url, etag=feed.etag, last_modified=feed.last_modified)
    if fetched.status == 304:
        return [], []
    outcomes = import_body(feed, fetched.body)
    errors = [str(outcome) for outcome in outcomes if outcome.result == FAILED]
    busy = any(getattr(outcome, "temporary", False) for outcome in outcomes)
    if not errors and not busy:  # else the next pull fetches the whole answer again
        feed.etag, feed.last_modified = fetched.etag[:500], fetched.last_modified[:100]
        WireFeed.objects.filter(pk=feed.pk).update(etag=feed.etag, last_modified=feed.last_modified)
    return outcomes, errors


def sweep(feed: WireFeed, stopping: threading.Event | None) -> tuple[list[Outcome], list[str]]:
    # Checked at every sweep, not only when saved: the roots may have changed since.
    refused = outside_drop_roots(Path(feed.path))
    if refused:
        raise FeedError(refused)
    try:
        folder = DropFolder(Path(feed.path), agency=feed.agency)
        results = list(folder.run_once(stopping=stopping))
        folder.close()
    except OSError as error:
        raise FeedError(f"cannot read the folder: {error.strerror or error}") from None
    outcomes = [outcome for result in results for outcome in result.outcomes]
    errors = [f"{result.name}: {result.error}" for result in results if result.error]
    return outcomes, errors


def record(feed: WireFeed, outcomes: list[Outcome], errors: list[str]) -> None:
    imported = sum(outcome.result in (CREATED, UPDATED) for outcome in outcomes)
    if imported:
        now = timezone.now()
        WireFeed.objects.filter(pk=feed.pk).update(
            last_item_at=now, items_imported=F("items_imported") + imported
        )
        feed.last_item_at = now
        feed.items_imported += imported
    if errors:
        count = f"{len(errors)} failed" if len(errors) > 1 else "failed"
        record_error(feed, f"{count}: {errors[0]}")


def record_error(feed: WireFeed, message: str) -> None:
    message = one_line(message)
    now = timezone.now()
    WireFeed.objects.filter(pk=feed.pk).update(
        last_error=message, last_error_at=now, last_checked_at=now
    )
    feed.last_error, feed.last_error_at, feed.last_checked_at = message, now, now
    log.warning("feed %s: %s", feed.name, message)


def check_due_feeds(stopping: threading.Event | None = None) -> int:
    """One round of the worker: every active feed whose interval is up, stopping between feeds
    and files when `stopping` is set; how many items came."""
    imported = 0
    for feed in WireFeed.objects.filter(active=True):
        if stopping and stopping.is_set():
            break
        if claim_check(feed):
            outcomes = check(feed, stopping=stopping)
            imported += sum(outcome.result in (CREATED, UPDATED) for outcome in outcomes)
    return imported


@task
def check_feed(feed_id: int) -> None:
    """Check the feed if it is due, then come back after its interval (see the module's doc)."""
    feed = WireFeed.objects.filter(pk=feed_id, active=True).first()
    if feed is None:
        return  # deleted or switched off: the chain ends
    if not claim_check(feed):
        return  # another chain or the worker has this interval: this chain ends
    check(feed)
    schedule(feed)


def schedule(feed: WireFeed) -> None:
    """Enqueue the next check of `feed` after its interval (at once where tasks cannot wait)."""
    backend = check_feed.get_backend()
    if not backend.supports_defer:
        return  # the immediate backend would recurse forever
    when = timezone.now() + timedelta(seconds=feed.interval)
    transaction.on_commit(lambda: check_feed.using(run_after=when).enqueue(feed.pk))


def start_chains() -> int:
    """Start the check_feed chain of every active feed; how many."""
    feeds = list(WireFeed.objects.filter(active=True).values_list("pk", flat=True))
    for pk in feeds:
        check_feed.enqueue(pk)
    return len(feeds)
