"""The IPTC ninjs schemas vendored in wire/ninjs/, as ready validators (no network)."""

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError, best_match
from referencing import Registry, Resource

NINJS_DIR = Path(__file__).resolve().parent / "ninjs"
SCHEMAS = {"3": "ninjs-schema_3.1.json", "2": "ninjs-schema_2.2.json"}
# Places' `geoJSON` refers to the GeoJSON schema online; any object is accepted in its stead.
GEOJSON = Resource.from_contents(
    {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object"}
)


@cache
def validator(generation: str) -> Draft202012Validator:
    """The validator for ninjs 3.1 (`"3"`) or 2.2 (`"2"`)."""
    schema = json.loads((NINJS_DIR / SCHEMAS[generation]).read_text())
    registry = Registry().with_resource("https://geojson.org/schema/GeoJSON.json", GEOJSON)
    return Draft202012Validator(schema, registry=registry, format_checker=FormatChecker())


def first_error(document: object, generation: str) -> ValidationError | None:
    """The most relevant schema violation of `document`, or None when it is valid."""
    return best_match(validator(generation).iter_errors(document))


def describe(error: ValidationError) -> str:
    """One line: where in the document, and what is wrong there."""
    where = "/".join(str(part) for part in error.absolute_path) or "the top level"
    message = error.message if len(error.message) <= 160 else error.message[:157] + "…"
    return f"{where}: {message}"
