"""A NUL character in any request input is a 400 with one sentence, never a 500.

PostgreSQL refuses NUL in text ("A string literal cannot contain NUL (0x00) characters"), so a
NUL reaching a query was a 500 there; SQLite accepted it. The middleware answers before any view,
for every query-string and form key or value and for the path: both databases answer alike.
"""

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

PUBLIC = [
    "/search/?q=%00",
    "/search/?q=nato%00",
    "/?page=1%00",
    "/?%00=1",
    "/tag/%00/",
    "/tag/nato%00/rss/",
    "/preview/%00/",
    "/api/ninjs/?page=%00",
]

ADMIN = [
    "/admin/articles/article/?q=%00",
    "/admin/articles/article/?status=%00",
    "/admin/articles/article/?tag=%00",
    "/admin/articles/article/?author=%00",
    "/admin/articles/article/?section__id__exact=%00",
    "/admin/articles/author/?q=x%00y",
    "/admin/media_assets/photo/?q=%00",
    "/admin/autocomplete/?term=%00&app_label=articles&model_name=article&field_name=lead_photo",
    "/admin/autocomplete/?term=a%00&app_label=articles&model_name=byline&field_name=author",
]


def assert_refused(response):
    assert response.status_code == 400, response
    assert b"NUL" in response.content
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("url", PUBLIC)
def test_a_nul_anywhere_in_a_public_request_is_a_400(client, url):
    assert_refused(client.get(url))


@pytest.mark.parametrize("url", ADMIN)
def test_a_nul_anywhere_in_an_admin_request_is_a_400(client, editor, url):
    client.force_login(editor)
    assert_refused(client.get(url))


def test_a_nul_in_a_posted_form_is_a_400(client, editor):
    assert_refused(client.post("/admin/login/", {"username": "editor\x00", "password": "x"}))
    client.force_login(editor)
    assert_refused(client.post("/admin/articles/section/add/", {"name": "A\x00", "slug": "a"}))


def test_requests_without_a_nul_are_answered_as_before(client, editor):
    assert client.get("/search/?q=nato").status_code == 200
    client.force_login(editor)
    assert client.get("/admin/articles/article/?q=nato").status_code == 200


def test_a_nul_in_a_cookie_is_a_400(client, editor):
    # The session key would reach a query (sessions live in the database); cookies unquote "\000".
    client.cookies["sessionid"] = "abcdefgh\x00ijklmnop"
    assert_refused(client.get("/admin/"))
