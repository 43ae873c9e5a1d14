"""The IPTC ninjs schemas vendored in wire/ninjs/, as ready validators (no network).

Two validators judge a document. jsonschema-rs (Rust, about 40 times faster) answers first; only
when it finds the document invalid does Python's jsonschema, the reference, give the verdict and
its clear best_match message. That is the same verdict as Python's alone as long as the Rust one
is never more lenient: the same draft and schema, the GeoJSON stand-in resolved from its
registry (offline: nothing fetched, ever), and every format checked by the very FormatChecker
the Python validator uses (left to itself, Rust would accept a leap second and year 0000).
tests/wire/test_schema.py holds the two to agreement.
"""

import json
from functools import cache, partial
from pathlib import Path
from typing import Any

import jsonschema_rs
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError, best_match
from referencing import Registry, Resource

NINJS_DIR = Path(__file__).resolve().parent / "ninjs"
SCHEMAS = {"3": "ninjs-schema_3.1.json", "2": "ninjs-schema_2.2.json"}
# Places' `geoJSON` refers to the GeoJSON schema online; any object is accepted in its stead.
GEOJSON_URI = "https://geojson.org/schema/GeoJSON.json"
GEOJSON = {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object"}
FORMATS = FormatChecker()


@cache
def ninjs_schema(generation: str) -> dict[str, Any]:
    """The schema of ninjs 3.1 (`"3"`) or 2.2 (`"2"`)."""
    return json.loads((NINJS_DIR / SCHEMAS[generation]).read_text())


@cache
def validator(generation: str) -> Draft202012Validator:
    """The reference validator for ninjs 3.1 (`"3"`) or 2.2 (`"2"`)."""
    registry = Registry().with_resource(GEOJSON_URI, Resource.from_contents(GEOJSON))
    return Draft202012Validator(ninjs_schema(generation), registry=registry, format_checker=FORMATS)


@cache
def fast_validator(generation: str) -> jsonschema_rs.Validator:
    return rust_validator(ninjs_schema(generation))


def rust_validator(schema: dict[str, Any]) -> jsonschema_rs.Validator:
    """`schema` in jsonschema-rs, configured to be as strict as validator() (see above)."""
    return jsonschema_rs.Draft202012Validator(
        schema,
        validate_formats=True,
        formats={name: partial(FORMATS.conforms, format=name) for name in FORMATS.checkers},
        registry=jsonschema_rs.Registry([(GEOJSON_URI, GEOJSON)]),
        offline=True,
    )


def first_error(document: object, generation: str) -> ValidationError | None:
    """The most relevant schema violation of `document`, or None when it is valid."""
    if _surely_valid(document, generation):
        return None
    return best_match(validator(generation).iter_errors(document))


def _surely_valid(document: object, generation: str) -> bool:
    try:
        return fast_validator(generation).is_valid(document)
    except ValueError:  # a string Rust cannot hold (a lone surrogate): Python judges it
        return False


def describe(error: ValidationError) -> str:
    """One line: where in the document, and what is wrong there."""
    where = "/".join(str(part) for part in error.absolute_path) or "the top level"
    message = error.message if len(error.message) <= 160 else error.message[:157] + "…"
    return f"{where}: {message}"
