"""What a reader sees when the site fails: a 503 page while the database cannot be reached.

Django hands every uncaught exception (from a view or from any middleware) to `handler500` while
the exception is still being handled, so this one place can tell "the database is away" from a
bug. The database-away page says so, asks to come back (`Retry-After`), and is never stored by a
cache: the edge keeps serving its stale copies instead (stale-if-error). Service resumes by
itself when the database answers again: `CONN_HEALTH_CHECKS` makes each request test a kept
connection before use and open a new one if it broke.

This holds under WSGI (gunicorn, as deployed): under ASGI Django calls the handler outside the
`except` block, and the database-away page would be the 500 page.

Both pages are rendered without the request, so no context processor (navigation, the user)
runs a query against the database that just failed.
"""

import sys

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.views import defaults

RETRY_AFTER_SECONDS = 30


def database_unavailable() -> HttpResponse:
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return database_unavailable()
    return defaults.server_error(request)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """A request over one of Django's upload limits says which one; any other bad request gets
    Django's own page."""
    message = over_limit(exception)
    if message is None:
        return defaults.bad_request(request, exception)
    page = loader.render_to_string("request_limit.html", {"message": message})
    return HttpResponse(page, status=400)


def over_limit(exception: Exception) -> str | None:
    if isinstance(exception, TooManyFieldsSent):
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        return f"The form sent more than {limit} fields, the most this site accepts."
    if isinstance(exception, TooManyFilesSent):
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FILES
        return (
            f"The form sent more than {limit} files, the most this site accepts at once; "
            "send them in smaller batches."
        )
    if isinstance(exception, RequestDataTooBig):
        size = _kilobytes(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        return f"The form sent more than {size} besides its files, the most this site accepts."
    return None


def _kilobytes(size: int) -> str:
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"
