"""Limits on what one request or form may bring in: each over-limit answer is one clear sentence.

Django's own request limits (fields, files, bytes per request) answer 400 with a page saying
which limit was passed; the article form says so for bylines and tags, and saves nothing.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Article
from tests.articles.test_admin import ADD, form_data
from tests.factories import make_author, make_section
from tests.wire.conftest import SEED

pytestmark = pytest.mark.django_db
IMPORT = "/admin/wire/wireitem/import/"


@pytest.fixture
def section(db):
    return make_section("World")


@pytest.fixture
def authors(db):
    return [make_author(f"Writer Number{n}") for n in range(4)]


def test_the_request_limits_are_set_deliberately(settings):
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS == 1000
    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES == 100
    # A pasted wire item may be as large as a wire file, and its form a little larger.
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == settings.WIRE_MAX_BYTES + 1024 * 1024


def test_too_many_fields_is_a_400_that_says_so(client, editor, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 50
    client.force_login(editor)
    response = client.post(IMPORT, {f"field{n}": "x" for n in range(60)})
    assert response.status_code == 400
    assert "The form sent more than 50 fields, the most this site accepts." in response.text


def test_too_many_files_is_a_400_that_says_so(client, editor, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 3
    client.force_login(editor)
    files = [SimpleUploadedFile(f"{n}.txt", SEED.read_bytes()) for n in range(4)]
    response = client.post(IMPORT, {"files": files, "text": ""})
    assert response.status_code == 400
    assert (
        "The form sent more than 3 files, the most this site accepts at once; "
        "send them in smaller batches."
    ) in response.text
    assert not Article.objects.exists()


def test_too_much_form_data_is_a_400_that_says_so(client, editor, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024
    client.force_login(editor)
    response = client.post(IMPORT, {"text": "x" * 20 * 1024})
    assert response.status_code == 400
    assert (
        "The form sent more than 10 KB besides its files, the most this site accepts."
    ) in response.text


def test_a_paste_at_the_wire_limit_gets_the_wires_own_message(client, editor, settings):
    settings.WIRE_MAX_BYTES = 10 * 1024
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = settings.WIRE_MAX_BYTES + 1024 * 1024
    client.force_login(editor)
    response = client.post(IMPORT, {"text": "x" * 20 * 1024})
    assert response.status_code == 200
    assert "20 KB is too large for a wire item (the limit is 10 KB)" in response.text


def bylines(authors) -> dict:
    data = {"bylines-TOTAL_FORMS": str(len(authors))}
    for n, author in enumerate(authors):
        data |= {
            f"bylines-{n}-position": str(n),
            f"bylines-{n}-author": author.pk,
            f"bylines-{n}-role": "writer",
        }
    return data


def test_more_bylines_than_the_limit_is_a_form_error(client, editor, settings, section, authors):
    settings.ARTICLE_MAX_BYLINES = 3
    client.force_login(editor)
    data = form_data(section=section, author=authors[0]) | bylines(authors)
    response = client.post(ADD, data)
    assert response.status_code == 200
    assert "An article may have at most 3 bylines; this one has 4." in response.text
    assert not Article.objects.exists()


def test_bylines_at_the_limit_are_saved(client, editor, settings, section, authors):
    settings.ARTICLE_MAX_BYLINES = 4
    client.force_login(editor)
    data = form_data(section=section, author=authors[0]) | bylines(authors)
    assert client.post(ADD, data).status_code == 302
    assert Article.objects.get().bylines.count() == 4


def test_deleted_bylines_do_not_count(client, editor, settings, section, authors):
    settings.ARTICLE_MAX_BYLINES = 3
    client.force_login(editor)
    data = form_data(section=section, author=authors[0]) | bylines(authors)
    data["bylines-3-DELETE"] = "on"
    assert client.post(ADD, data).status_code == 302
    assert Article.objects.get().bylines.count() == 3


def test_more_tags_than_the_limit_is_a_form_error(client, editor, settings, section, authors):
    settings.ARTICLE_MAX_TAGS = 3
    client.force_login(editor)
    data = form_data(section=section, author=authors[0], tags="rain, wind, snow, hail")
    response = client.post(ADD, data)
    assert response.status_code == 200
    assert "An article may have at most 3 tags; this one has 4." in response.text
    assert not Article.objects.exists()


def test_tags_at_the_limit_are_saved(client, editor, settings, section, authors):
    settings.ARTICLE_MAX_TAGS = 3
    client.force_login(editor)
    data = form_data(section=section, author=authors[0], tags="rain, wind, snow")
    assert client.post(ADD, data).status_code == 302
    assert Article.objects.get().tags.count() == 3
