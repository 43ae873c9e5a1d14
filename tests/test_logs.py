"""Production logs: one JSON object per line, one line per request, errors too."""

import io
import json
import logging
import re
import sys
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import ShareLink
from newsroom.jsonlog import JsonFormatter
from tests.articles.site_fixtures import publish
from tests.factories import make_article

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]


@pytest.fixture
def request_log():
    """What the request logger writes, through the production formatter, one line each."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("newsroom.requests")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)

    def lines():
        return [json.loads(line) for line in stream.getvalue().splitlines()]

    yield lines
    logger.removeHandler(handler)
    logger.setLevel(level)


def test_one_json_line_per_request_with_its_shape(client, request_log):
    article = publish(make_article(headline="Logged"))
    client.get(article.get_absolute_url() + "?utm_source=x&token=secret-token")
    [line] = request_log()
    assert set(line) == {
        "time",
        "level",
        "logger",
        "message",
        "method",
        "path",
        "status",
        "duration_ms",
        "request_id",
        "user_id",
    }
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", line["time"])
    assert line["level"] == "INFO"
    assert line["logger"] == "newsroom.requests"
    assert line["method"] == "GET"
    assert line["path"] == article.get_absolute_url()  # the query string is never logged
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] > 0
    assert re.fullmatch(r"[0-9a-f]{32}", line["request_id"])
    assert line["user_id"] is None


def test_a_share_link_is_logged_without_its_token(client, request_log):
    article = make_article(headline="Draft for legal")
    link = ShareLink.objects.create(article=article, expires_at=timezone.now() + timedelta(days=1))
    address = link.get_absolute_url()
    token = address.rstrip("/").rsplit("/", 1)[1]
    assert client.get(address).status_code == 200
    [line] = request_log()
    assert line["path"] == "/preview/[token]/"
    assert token not in json.dumps(line)


def test_the_request_id_from_the_proxy_is_kept_and_a_bad_one_replaced(client, request_log):
    client.get("/", headers={"X-Request-ID": "nginx-5f1c2e9a"})
    client.get("/", headers={"X-Request-ID": "a b\n{forged}"})
    first, second = request_log()
    assert first["request_id"] == "nginx-5f1c2e9a"
    assert re.fullmatch(r"[0-9a-f]{32}", second["request_id"])


def test_a_logged_in_editor_is_named_by_id(client, editor, request_log):
    client.force_login(editor)
    client.get("/admin/")
    [line] = request_log()
    assert line["user_id"] == editor.pk
    assert line["status"] == 200


def test_a_public_page_does_not_load_the_session_to_name_the_user(
    client, editor, request_log, django_assert_num_queries, settings
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    client.get("/")
    client.force_login(editor)
    # The home page's own queries (its front's live slots, the list, the sections) and nothing
    # for the log: no session, no user.
    with django_assert_num_queries(3):
        client.get("/")
    assert [line["user_id"] for line in request_log()] == [None, None]


def test_health_probes_are_quiet_unless_they_fail(client, request_log):
    client.get("/healthz")
    [line] = request_log()
    assert line["level"] == "DEBUG"  # below the production level (INFO)
    assert line["path"] == "/healthz"


def test_errors_are_json_lines_with_their_traceback():
    try:
        raise ValueError("what went wrong")
    except ValueError:
        record = logging.LogRecord(
            "django.request",
            logging.ERROR,
            __file__,
            1,
            "Internal Server Error: %s",
            ("/x/",),
            sys.exc_info(),
        )
    record.status_code = 500
    record.request = Client().request  # Django attaches the request: it must not leak
    line = json.loads(JsonFormatter().format(record))
    assert line["level"] == "ERROR"
    assert line["message"] == "Internal Server Error: /x/"
    assert line["status"] == 500
    assert "ValueError: what went wrong" in line["exception"]
    assert "request" not in line
    assert "\n" not in JsonFormatter().format(record)
