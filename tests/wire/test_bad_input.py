"""Bad input: one line naming the problem, nothing half-made, and the rest of the batch imports."""

import json

import pytest
from django.db import DataError, IntegrityError

from articles.models import Article, Author, Byline
from tests.wire.conftest import example
from wire import importer
from wire.importer import CREATED, FAILED, import_data
from wire.models import WireItem, WirePicture

pytestmark = pytest.mark.django_db


def failure(name, data):
    outcome = import_data(name, data)
    assert outcome.result == FAILED
    assert "\n" not in outcome.message
    assert not Article.objects.exists() and not WireItem.objects.exists()
    return str(outcome)


def test_invalid_json_names_the_file_and_the_place():
    line = failure("broken.json", b'{"uri": "urn:x", "headlines": [}')
    assert line.startswith("broken.json: invalid JSON: ")
    assert "line 1 column" in line


def test_a_document_that_fails_the_schema_says_where():
    document = {"uri": "urn:x:1", "headlines": [{"role": "main"}]}
    line = failure("bad.json", json.dumps(document).encode())
    assert line == "bad.json: not valid ninjs 3.1: headlines/0: 'value' is a required property"


def test_a_ninjs_2_document_is_judged_by_the_2_2_schema():
    document = {"uri": "urn:x:1", "versioncreated": "2019-05-10T16:02:28Z", "pubstatus": "lost"}
    line = failure("old.json", json.dumps(document).encode())
    assert line.startswith("old.json: not valid ninjs 2.2: pubstatus: 'lost' is not one of")


def test_json_that_is_not_an_object_is_refused():
    assert failure("list.json", b"[1, 2]") == (
        "list.json: JSON but not a ninjs item (expected an object at the top level)"
    )


def test_ninjs_without_any_headline_is_refused():
    line = failure("none.json", json.dumps({"uri": "urn:x:1", "type": "text"}).encode())
    assert line == "none.json: no headline (neither headlines nor title)"


def test_a_non_numeric_version_is_refused():
    document = {"uri": "urn:x:1", "version": "v2", "headlines": [{"value": "A headline"}]}
    assert failure("v.json", json.dumps(document).encode()) == (
        "v.json: version 'v2' is not a whole number"
    )


def test_a_text_with_no_recognisable_headline_is_refused():
    text = "It was a dark and stormy night. The rain fell in torrents.\n\nExcept at intervals."
    assert failure("story.txt", text.encode()) == (
        "story.txt: no recognisable headline (the first line should be a short headline)"
    )


def test_an_empty_file_is_refused():
    assert failure("empty.txt", b"  \n") == "empty.txt: empty: no headline, no text"


def test_binary_data_of_no_known_kind_is_refused():
    assert failure("blob.bin", b"\x00\x01\x02\x03 data") == (
        "blob.bin: binary data, not text or JSON"
    )


@pytest.mark.parametrize(
    ("name", "data", "what"),
    [
        ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "a JPEG image"),
        ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
        ("anim.gif", b"GIF89a\x01\x00\x01\x00", "a GIF image"),
        ("scan.tif", b"II*\x00\x08\x00\x00\x00", "a TIFF image"),
        ("photo.webp", b"RIFF\x24\x00\x00\x00WEBPVP8 ", "a WebP image"),
        ("story.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF file"),
        (
            "story.docx",
            b"PK\x03\x04\x14\x00\x06\x00",
            "a ZIP archive (or a Word, Excel or OpenDocument file)",
        ),
        ("story.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00", "an old Microsoft Office document"),
        ("story.rtf", b"{\\rtf1\\ansi Headline\\par Text}", "an RTF document"),
        ("feed.gz", b"\x1f\x8b\x08\x00\x00\x00", "a gzip-compressed file"),
        ("page.html", b"<!DOCTYPE html>\n<html><body><p>Story</p></body></html>", "an HTML page"),
        ("page.htm", b"  <html lang=en><p>Story", "an HTML page"),
    ],
)
def test_files_that_are_not_copy_are_refused_by_name(name, data, what):
    assert failure(name, data) == f"{name}: {what}, not a wire item"


def test_text_in_another_encoding_is_refused():
    line = failure("latin1.txt", "Überschrift\n\nText".encode("latin-1"))
    assert line == "latin1.txt: not UTF-8 text (undecodable byte at position 0)"


def test_a_50_mb_item_is_refused(settings):
    line = failure("huge.json", b" " * (50 * 1024 * 1024))
    assert line == "huge.json: 50.0 MB is too large for a wire item (the limit is 5.0 MB)"


def test_an_item_just_over_the_limit_is_measured_in_bytes(settings):
    line = failure("huge.json", b" " * (settings.WIRE_MAX_BYTES + 1))
    assert line == (
        "huge.json: 5,242,881 bytes is too large for a wire item (the limit is 5,242,880 bytes)"
    )


def test_a_headline_longer_than_the_field_is_refused():
    document = {"uri": "urn:x:1", "headlines": [{"value": "Long " * 50}]}
    assert "headline is 249 characters long" in failure("long.json", json.dumps(document).encode())


def test_a_failure_while_saving_leaves_nothing_half_made(monkeypatch, seed_bytes):
    def explode(item, story):
        raise IntegrityError("simulated failure after the article and item were written")

    monkeypatch.setattr(importer, "_add_pictures", explode)
    outcome = import_data("seed.txt", seed_bytes)
    assert outcome.result == FAILED
    assert not Article.objects.exists()
    assert not WireItem.objects.exists() and not WirePicture.objects.exists()
    assert not Byline.objects.exists()
    assert not Author.objects.exists()


def test_a_batch_imports_around_its_failures(seed_bytes):
    batch = [
        ("bad.json", b"{"),
        ("seed.txt", seed_bytes),
        ("binary.bin", b"\x00\x01"),
        ("dpa.json", example("3.0_dpa_text.json")),
    ]
    outcomes = [import_data(name, data) for name, data in batch]
    assert [o.result for o in outcomes] == [FAILED, CREATED, FAILED, CREATED]
    assert importer.summarise(outcomes) == "created 2, updated 0, skipped 0, failed 2"
    assert Article.objects.count() == 2


def test_formats_in_the_schema_are_checked():
    document = {"uri": "urn:x:1", "versionCreated": "10 May 2019", "headlines": [{"value": "A"}]}
    assert failure("date.json", json.dumps(document).encode()) == (
        "date.json: not valid ninjs 3.1: versionCreated: '10 May 2019' is not a 'date-time'"
    )
    assert failure("uri.json", b'{"uri": "not a uri", "headlines": [{"value": "A"}]}') == (
        "uri.json: not valid ninjs 3.1: uri: 'not a uri' is not a 'uri'"
    )


def test_a_version_beyond_any_integer_is_refused():
    document = {"uri": "urn:x:1", "version": "9" * 30, "headlines": [{"value": "A"}]}
    assert failure("v.json", json.dumps(document).encode()) == (
        f"v.json: version '{'9' * 30}' is out of range"
    )


def test_a_timestamp_version_is_accepted():
    document = {"uri": "urn:x:1", "version": "4102444800", "headlines": [{"value": "A"}]}
    outcome = import_data("v.json", json.dumps(document).encode())
    assert outcome.result == CREATED
    assert WireItem.objects.get().version == 4102444800


def test_a_value_the_database_refuses_is_a_failure_not_a_crash(monkeypatch, seed_bytes):
    def too_big(item, story, **kwargs):
        raise DataError("value too long for type character varying(500)")

    monkeypatch.setattr(importer, "_add_pictures", too_big)
    line = failure("seed.txt", seed_bytes)
    assert line == "seed.txt: a value is too long or too large to store"
