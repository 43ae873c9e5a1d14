"""Defects a review of the wire import found: each test failed before its fix.

A. dates that parse but no datetime or database can hold; B. control characters in the text;
C. two imports at once, and a database that is busy for a moment; D. subject tags a newer
version no longer gives; E. a newer version cancelling or withholding a published item;
F. the result message of an item a routing rule published.
"""

import json

import pytest
from taggit.models import Tag

from articles.models import Article, Author
from tests.wire.test_newsml_input import news_item
from wire.importer import CREATED, FAILED, import_file
from wire.models import SubjectMapping, WireItem, WirePicture
from wire.story import WireError, parse_moment

pytestmark = pytest.mark.django_db


def ninjs(version=1, **fields) -> bytes:
    document = {
        "uri": "urn:newsml:dpa.com:20260101:fixes-1",
        "type": "text",
        "version": str(version),
        "copyrightHolder": "dpa",
        "by": "Anna Weber",
        "headlines": [{"role": "main", "value": "Storm closes airport"}],
        "bodies": [{"contentType": "text/plain", "value": "The storm arrived."}],
        "subjects": [{"name": "Weather", "uri": "http://cv.iptc.org/newscodes/mediatopic/1"}],
    }
    return json.dumps(document | fields).encode()


def refused(name: str, data: bytes) -> str:
    """The one line the item was refused with; nothing of it was saved."""
    outcomes = import_file(name, data)
    assert [o.result for o in outcomes] == [FAILED], outcomes
    message = outcomes[0].message
    assert message and "\n" not in message
    for model in (Article, WireItem, Author, Tag, SubjectMapping, WirePicture):
        assert not model.objects.exists(), model
    return message


# --- A. dates out of range ----------------------------------------------------------------------

OUT_OF_RANGE = [
    "9999-12-31T23:59:59-14:00",  # year 10000 in UTC
    "0001-01-01T00:00:00+05:00",  # year 0 in UTC
    "9999-12-31T23:30:00Z",  # year 10000 in any zone east of UTC
    "0001-01-01T00:30:00Z",  # year 0 west of UTC
]


@pytest.mark.parametrize("value", [*OUT_OF_RANGE, "0000-01-01T00:00:00Z"])
@pytest.mark.parametrize("field", ["versionCreated", "firstCreated", "embargoedUntil"])
def test_a_ninjs_date_out_of_range_is_refused_naming_the_field(field, value):
    message = refused("a.json", ninjs(**{field: value}))
    assert field in message and value in message


@pytest.mark.parametrize("value", OUT_OF_RANGE)
def test_a_ninjs_2_date_out_of_range_is_refused_too(value):
    document = {
        "uri": "urn:newsml:dpa.com:20260101:fixes-2",
        "versioncreated": value,
        "copyrightholder": "dpa",
        "headlines": [{"role": "main", "value": "Storm closes airport"}],
    }
    message = refused("a.json", json.dumps(document).encode())
    assert message == f"versionCreated {value!r} is out of range (dates from year 1 to 9999 only)"


@pytest.mark.parametrize("value", [*OUT_OF_RANGE, "0000-01-01T00:00:00Z", "0000-01-01"])
@pytest.mark.parametrize("field", ["versionCreated", "firstCreated", "embargoed"])
def test_a_newsml_date_out_of_range_is_refused_naming_the_field(field, value):
    meta = f"<{field}>{value}</{field}>"
    xml = news_item(item_meta=meta) if field != "versionCreated" else news_item()
    if field == "versionCreated":
        xml = xml.replace("2026-11-27T09:00:00Z", value)
    message = refused("a.xml", xml.encode())
    assert field in message and value in message


def test_dates_at_the_edges_of_the_range_are_imported():
    outcome = import_file("a.json", ninjs(versionCreated="9999-12-30T12:00:00+10:00"))[0]
    assert outcome.result == CREATED, outcome.message
    assert outcome.item.version_created.year == 9999


@pytest.mark.parametrize("value", ["0000-01-01T00:00:00Z", "0000-01-01", *OUT_OF_RANGE])
def test_the_one_date_reader_says_out_of_range_whatever_the_schema_let_through(value):
    with pytest.raises(WireError) as refusal:
        parse_moment("versionCreated", value, date_alone=True)
    assert str(refusal.value) == (
        f"versionCreated {value!r} is out of range (dates from year 1 to 9999 only)"
    )
