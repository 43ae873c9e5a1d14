"""The request log: one line per request, written once the response is known.

Outermost in MIDDLEWARE, so its time covers every other middleware and its status is the one the
client got (a redirect, the 503 page). The path is logged without its query string, which may
hold search terms, tokens or e-mail addresses, and without a token in the path itself (a share
link is a password to a draft). The user is named only if the request already
looked them up: asking here would load a session (a database query) on pages that never needed
one, and would fail again on the very requests the 503 page answers.
"""

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

logger = logging.getLogger("newsroom.requests")

# An id from the proxy in front (nginx's $request_id) is kept if it looks like one.
REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,128}")
# Load balancers ask every few seconds; their answers matter only when they are bad.
QUIET_PATHS = {"/healthz"}


def request_id(request: HttpRequest) -> str:
    given = request.headers.get("X-Request-ID", "")
    return given if REQUEST_ID.fullmatch(given) else uuid.uuid4().hex


def loggable_path(request: HttpRequest) -> str:
    match = request.resolver_match
    token = match.kwargs.get("token") if match else None
    return request.path.replace(token, "[token]") if token else request.path


# Share links (/preview/<token>/) open unpublished text: no log line or error report keeps one.
SHARE_TOKEN = re.compile(r"/preview/[^/?#\s]+")


def without_tokens(text: str) -> str:
    return SHARE_TOKEN.sub("/preview/[token]", text)


class TokenFilter(logging.Filter):
    """Takes share-link tokens out of every record, e.g. Django's own "Internal Server Error:
    /preview/<token>/" (its path is an argument of the message)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = without_tokens(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(
                without_tokens(arg) if isinstance(arg, str) else arg for arg in record.args
            )
        return True


def user_id(request: HttpRequest) -> int | None:
    # AuthenticationMiddleware keeps the user it loaded here; absent means nobody asked.
    user = getattr(request, "_cached_user", None)
    return user.pk if user is not None and user.is_authenticated else None


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        started = time.perf_counter()
        response = self.get_response(request)
        quiet = request.path in QUIET_PATHS and response.status_code < 500
        level = logging.DEBUG if quiet else logging.INFO
        if logger.isEnabledFor(level):
            path = loggable_path(request)
            duration = round((time.perf_counter() - started) * 1000, 1)
            fields = {
                "method": request.method,
                "path": path,
                "status": response.status_code,
                "duration_ms": duration,
                "request_id": request_id(request),
                "user_id": user_id(request),
            }
            logger.log(level, "%s %s %s", request.method, path, response.status_code, extra=fields)
        return response
