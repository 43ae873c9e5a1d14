"""A NUL character in a request is refused with a 400 before any view or query sees it.

No field of the site can hold one, and PostgreSQL refuses it in any text it is given ("A string
literal cannot contain NUL (0x00) characters"), so a NUL that reached a query (a search, an admin
filter or autocomplete, a login form) was a 500 there while SQLite answered. Checking the path,
every query-string, form and cookie key and value here closes the class at once, on both
databases (a session cookie is a key looked up in the database).
Uploaded files are not looked into: their bytes go to storage, never to a text column.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBadRequest, HttpResponseBase, QueryDict
from django.utils.cache import add_never_cache_headers

NUL = "\x00"
MESSAGE = (
    "This request holds a NUL character (%00), which no address, search or form field accepts."
)


def holds_nul(data: QueryDict) -> bool:
    return any(NUL in key or any(NUL in value for value in values) for key, values in data.lists())


class RefuseNulMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if (
            NUL in request.path
            or any(NUL in name or NUL in value for name, value in request.COOKIES.items())
            or holds_nul(request.GET)
            or holds_nul(self.form(request))
        ):
            response = HttpResponseBadRequest(MESSAGE, content_type="text/plain; charset=utf-8")
            add_never_cache_headers(response)
            return response
        return self.get_response(request)

    @staticmethod
    def form(request: HttpRequest) -> QueryDict:
        # request.POST parses form bodies only (urlencoded, multipart); for anything else it is
        # empty and the body is left for the view to read.
        return request.POST if request.method == "POST" else QueryDict()
