"""The desk's import page and wire item screens, by role."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article, Status
from tests.wire.conftest import TODAY, example
from wire.importer import import_data
from wire.models import WireItem

pytestmark = pytest.mark.django_db
IMPORT = "/admin/wire/wireitem/import/"


def upload(name, data):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_import_page_address():
    assert reverse("admin:wire_wireitem_import") == IMPORT


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(IMPORT)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("role", ["reporter", "photodesk", "reader"])
def test_only_editors_may_import(client, cast, role, seed_bytes):
    client.force_login(cast[role])
    assert client.get(IMPORT).status_code == 403
    assert client.post(IMPORT, {"text": seed_bytes.decode()}).status_code == 403
    assert not Article.objects.exists()


def test_editor_sees_the_form(client, editor):
    client.force_login(editor)
    response = client.get(IMPORT)
    assert response.status_code == 200
    assert b'type="file"' in response.content and b"multiple" in response.content
    assert b"Or paste one item" in response.content


def test_editor_uploads_several_files_and_sees_what_each_became(client, editor, seed_bytes):
    client.force_login(editor)
    files = [
        upload("seed.txt", seed_bytes),
        upload("dpa.json", example("3.0_dpa_text.json")),
        upload("broken.json", b'{"uri": '),
    ]
    response = client.post(IMPORT, {"files": files, "text": ""})
    assert response.status_code == 200
    outcomes = response.context["outcomes"]
    assert [(o.source, o.result) for o in outcomes] == [
        ("seed.txt", "created"),
        ("dpa.json", "created"),
        ("broken.json", "failed"),
    ]
    html = response.content.decode()
    assert "Created 2, updated 0, skipped 0, failed 1" in html
    seed = outcomes[0].article
    assert reverse("admin:articles_article_change", args=[seed.pk]) in html
    assert "Dateline place not recognised" in html
    assert "invalid JSON: Expecting value (line 1 column 9)" in html
    assert seed.created_by == editor and seed.status == Status.DRAFT


def test_editor_pastes_one_item(client, editor, seed_bytes):
    client.force_login(editor)
    response = client.post(IMPORT, {"text": seed_bytes.decode()})
    [outcome] = response.context["outcomes"]
    assert (outcome.source, outcome.result) == ("pasted text", "created")
    again = client.post(IMPORT, {"text": seed_bytes.decode()})
    assert again.context["outcomes"][0].result == "skipped"
    assert Article.objects.count() == 1


def test_an_oversized_upload_is_refused_without_being_read(client, editor, settings):
    settings.WIRE_MAX_BYTES = 1024
    client.force_login(editor)
    response = client.post(IMPORT, {"files": [upload("big.json", b" " * 5000)]})
    [outcome] = response.context["outcomes"]
    assert outcome.result == "failed"
    assert outcome.message == "5 KB is too large for a wire item (the limit is 1 KB)"


def test_posting_nothing_is_a_form_error(client, editor):
    client.force_login(editor)
    response = client.post(IMPORT, {"text": "   "})
    assert response.status_code == 200
    assert b"Choose files to upload, or paste an item." in response.content


@pytest.fixture
def items(seed_bytes):
    import_data("seed.txt", seed_bytes, today=TODAY)
    for name in ("3.0_dpa_text.json", "3.0_tt_text_image_3.json", "3.0_ntb_text.json"):
        import_data(name, example(name))
    return WireItem.objects.all()


def test_editor_changelist_offers_the_import_and_shows_flags(
    client, editor, items, django_assert_max_num_queries
):
    client.force_login(editor)
    # Fixed per page, whatever the number of items: the routing filter's desks and the feed
    # health box are one query each.
    with django_assert_max_num_queries(13):
        response = client.get(reverse("admin:wire_wireitem_changelist"))
    html = response.content.decode()
    assert IMPORT in html
    assert "Dateline place not recognised" in html
    assert "Militärövning i jätteformat hålls 2023" in html


def test_reporter_may_read_wire_items_but_not_import(client, reporter, items):
    client.force_login(reporter)
    response = client.get(reverse("admin:wire_wireitem_changelist"))
    assert response.status_code == 200
    assert IMPORT not in response.content.decode()


def test_item_page_shows_the_picture_credit_for_the_photo_desk(client, photodesk, items):
    client.force_login(photodesk)
    seed = WireItem.objects.get(format=WireItem.Format.TEXT)
    response = client.get(reverse("admin:wire_wireitem_change", args=[seed.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "EPA-EFE/KOCA SULEJMANOVIC" in html
    assert "NATO Secretary General Jens Stoltenberg" in html


def test_item_page_previews_a_waiting_version(client, editor):
    document = json.loads(example("3.0_dpa_text.json"))
    outcome = import_data("dpa.json", json.dumps(document).encode())
    Article.objects.filter(pk=outcome.article.pk).update(status=Status.EDIT)
    document["version"] = "3"
    document["headlines"][0]["value"] = "Faktencheck: Zwayer lag richtig"
    import_data("dpa.json", json.dumps(document).encode())
    client.force_login(editor)
    response = client.get(reverse("admin:wire_wireitem_change", args=[outcome.item.pk]))
    html = response.content.decode()
    assert "Version 3 waiting" in html
    assert "<strong>Faktencheck: Zwayer lag richtig</strong>" in html


def test_items_cannot_be_added_by_hand(client, editor):
    client.force_login(editor)
    assert client.get(reverse("admin:wire_wireitem_add")).status_code == 403


def test_files_alone_are_enough(client, editor, seed_bytes):
    client.force_login(editor)
    response = client.post(IMPORT, {"files": [upload("seed.txt", seed_bytes)]})
    assert [o.result for o in response.context["outcomes"]] == ["created"]


def test_an_empty_file_fails_alone_and_the_rest_imports(client, editor, seed_bytes):
    client.force_login(editor)
    files = [upload("empty.txt", b""), upload("seed.txt", seed_bytes)]
    response = client.post(IMPORT, {"files": files})
    outcomes = response.context["outcomes"]
    assert [(o.source, o.result) for o in outcomes] == [
        ("empty.txt", "failed"),
        ("seed.txt", "created"),
    ]
    assert outcomes[0].message == "empty: no headline, no text"
