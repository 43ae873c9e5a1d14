"""The fast (Rust) schema validator never accepts what the reference (Python) one refuses, so
wire.schema.first_error answers exactly as the Python validator alone would."""

import copy
import json
from collections.abc import Iterator
from pathlib import Path

import jsonschema_rs
import pytest
from django.conf import settings
from jsonschema.exceptions import best_match

from tests.wire.test_import_ninjs import NINJS_2
from wire import schema

DOCUMENTS = sorted(
    [
        *(Path(settings.BASE_DIR) / "wire" / "ninjs" / "examples").glob("*.json"),
        *(Path(settings.BASE_DIR) / "tests" / "wire" / "ninjs_agencies").glob("*.json"),
    ]
)
# What a broken or hostile feed puts where a value should be. The two formats are ones the Rust
# validator on its own would accept (a leap second, year 0000) and Python's refuses.
ODD_VALUES: list[object] = [
    None, True, 1.5, 2**70, "", "not a uri", "2026-06-30T23:59:60Z", "0000-01-01T00:00:00Z",
    "\ud800", [], {},
]  # fmt: skip


def load(path: Path) -> dict:
    return json.loads(path.read_text())


def places(value: object, path: tuple = ()) -> Iterator[tuple]:
    """The path of every value in the document, the document itself first; of a list's items
    only the first (the schema says the same of each)."""
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from places(item, (*path, key))
    elif isinstance(value, list) and value:
        yield from places(value[0], (*path, 0))


def at(document: object, path: tuple) -> object:
    for key in path:
        document = document[key]  # type: ignore[index]
    return document


def replaced(document: dict, path: tuple, value: object) -> object:
    if not path:
        return value
    changed = copy.deepcopy(document)
    at(changed, path[:-1])[path[-1]] = value  # type: ignore[index]
    return changed


def removed(document: dict, path: tuple) -> dict:
    changed = copy.deepcopy(document)
    del at(changed, path[:-1])[path[-1]]  # type: ignore[attr-defined]
    return changed


def mutations(document: dict) -> Iterator[object]:
    """The document, then with each value in turn removed or replaced by each odd value, and
    each object given a property no schema lists."""
    yield document
    for path in places(document):
        value = at(document, path)
        if isinstance(value, dict):
            yield replaced(document, path, value | {"unknownProperty": 1})
        if path:
            yield removed(document, path)
            for odd in ODD_VALUES:
                yield replaced(document, path, odd)


def reference_error(document: object, generation: str):
    return best_match(schema.validator(generation).iter_errors(document))


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda path: path.name)
def test_the_vendored_and_agency_examples_are_judged_alike(path):
    document = load(path)
    for generation in ("3", "2"):
        assert (schema.first_error(document, generation) is None) == (
            reference_error(document, generation) is None
        )
    assert schema.first_error(document, "3") is None


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda path: path.name)
def test_no_broken_document_passes_the_fast_validator_that_the_reference_refuses(path):
    checked = refused = 0
    for document in mutations(load(path)):
        expected = schema.validator("3").is_valid(document)
        assert (schema.first_error(document, "3") is None) == expected, document
        checked, refused = checked + 1, refused + (not expected)
    assert refused > checked / 2  # the mutations do break most documents


def test_ninjs_2_documents_are_judged_alike():
    for document in mutations(NINJS_2):
        expected = schema.validator("2").is_valid(document)
        assert (schema.first_error(document, "2") is None) == expected, document


def test_the_message_of_a_refused_document_is_the_reference_validators():
    document = load(DOCUMENTS[0]) | {"versionCreated": "2026-06-30T23:59:60Z"}
    error = schema.first_error(document, "3")
    assert error is not None
    assert schema.describe(error) == schema.describe(reference_error(document, "3"))
    assert schema.describe(error) == ("versionCreated: '2026-06-30T23:59:60Z' is not a 'date-time'")


def test_the_fast_validator_checks_formats_as_the_reference_does():
    fast = schema.fast_validator("3")
    assert fast.is_valid({"uri": "urn:x:1", "versionCreated": "2026-11-01T10:00:00Z"})
    assert not fast.is_valid({"uri": "urn:x:1", "versionCreated": "2026-06-30T23:59:60Z"})
    assert not fast.is_valid({"uri": "not a uri"})


def test_the_geojson_stand_in_is_resolved_locally():
    place = {"name": "Brussels", "geoJSON": {"type": "Point", "coordinates": [4.35, 50.85]}}
    document = {"uri": "urn:x:1", "places": [place]}
    assert schema.first_error(document, "3") is None
    assert schema.fast_validator("3").is_valid(document)
    document["places"][0]["geoJSON"] = "Point"
    assert not schema.fast_validator("3").is_valid(document)
    assert schema.first_error(document, "3") is not None


def test_the_fast_validator_never_fetches_a_reference(tmp_path):
    # A schema on this machine: jsonschema-rs would read it, were it not offline.
    (tmp_path / "other.json").write_text('{"type": "string"}')
    with pytest.raises(jsonschema_rs.ValidationError, match="Retrieval is disabled"):
        schema.rust_validator({"$ref": (tmp_path / "other.json").as_uri()})


def test_a_string_rust_cannot_hold_is_judged_by_the_reference():
    document = {"uri": "urn:x:1", "headlines": [{"value": "A lone surrogate \ud800"}]}
    assert schema.first_error(document, "3") is None
