"""Limits on what one wire item may hold: nesting depth, bylines, tags and pictures.

A hostile or broken item is refused whole, with one line saying which limit and by how much;
nothing of it is stored, and the rest of a batch imports.
"""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from taggit.models import Tag

from articles.models import Article, Author
from tests.wire.conftest import SEED, example
from wire.importer import CREATED, FAILED, import_data
from wire.intake import nesting_depth
from wire.models import WireItem, WirePicture

pytestmark = pytest.mark.django_db
IMPORT = "/admin/wire/wireitem/import/"
DEEP = 100_000


def deep_json(levels: int = DEEP) -> bytes:
    """A ninjs-looking object holding arrays nested `levels` deep."""
    return b'{"uri": "urn:x:deep", "extra": ' + b"[" * levels + b"]" * levels + b"}"


def item(**fields) -> bytes:
    document = {"uri": "urn:x:limits:1", "headlines": [{"value": "Storm reaches the coast"}]}
    return json.dumps(document | fields).encode()


def refused(data: bytes, name: str = "item.json") -> str:
    outcome = import_data(name, data)
    assert outcome.result == FAILED
    assert "\n" not in outcome.message
    assert not Article.objects.exists() and not WireItem.objects.exists()
    assert not Author.objects.exists() and not Tag.objects.exists()
    assert not WirePicture.objects.exists()
    return outcome.message


# Nesting depth


@pytest.mark.parametrize(
    "data",
    [deep_json(), b"[" * DEEP + b"]" * DEEP, b'{"a": ' + b'{"a": ' * DEEP + b"1" + b"}" * DEEP],
    ids=["arrays-in-object", "arrays", "objects"],
)
def test_json_nested_a_hundred_thousand_deep_is_refused_in_one_line(data):
    assert refused(data) == "nested more than 32 levels deep; the limit is 32"


def test_an_unclosed_deep_document_is_refused_for_its_depth_too():
    assert refused(b'{"uri": ' + b"[" * DEEP) == "nested more than 32 levels deep; the limit is 32"


def test_brackets_inside_strings_do_not_count():
    tricky = 'quoted \\" [[[ {{{ ' + "[" * 1000
    outcome = import_data("item.json", item(headlines=[{"value": "A headline"}], title=tricky))
    assert outcome.result == CREATED, outcome.message


def test_depth_is_counted_outside_strings_and_escapes():
    assert nesting_depth('{"a": [1, {"b": "]]]}}}[[[[\\"[["}]}') == 3
    assert nesting_depth("[]" * 1000) == 1
    assert nesting_depth('"[[[["') == 0


def test_the_depth_limit_is_a_setting(settings):
    settings.WIRE_MAX_DEPTH = 4
    assert refused(deep_json(5)) == "nested more than 4 levels deep; the limit is 4"


def test_without_the_depth_check_a_deep_document_is_still_one_line(settings):
    # If the depth limit is set far too high, the parser's and validator's own recursion limit
    # still ends in a message, not a traceback.
    settings.WIRE_MAX_DEPTH = 10 * DEEP
    assert refused(deep_json()) == "nested too deeply to read"


def test_a_deep_document_within_the_schema_is_refused_by_validation_not_a_crash(settings):
    settings.WIRE_MAX_DEPTH = 10 * DEEP
    levels = 300  # the JSON parser reads it; schema validation recurses too deep for it
    nested = b'{"uri": "urn:x:1", "headlines": [{"value": "A"}], "associations": ['
    data = nested + b'{"associations": [' * levels + b"]}" * levels + b"]}"
    assert refused(data) == "nested too deeply to read"


def test_the_command_says_one_line_and_exits_1_and_imports_the_rest(tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_bytes(deep_json())
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_wire", str(deep), str(SEED), stdout=out, stderr=err)
    assert raised.value.returncode == 1
    assert out.getvalue().strip() == "created 1, updated 0, skipped 0, failed 1"
    line = f"{deep}: nested more than 32 levels deep; the limit is 32"
    assert line in err.getvalue().splitlines()
    assert "Traceback" not in err.getvalue()


def test_the_admin_batch_names_the_deep_file_and_imports_the_rest(client, editor, seed_bytes):
    client.force_login(editor)
    files = [
        SimpleUploadedFile("deep.json", deep_json()),
        SimpleUploadedFile("seed.txt", seed_bytes),
        SimpleUploadedFile("dpa.json", example("3.0_dpa_text.json")),
    ]
    response = client.post(IMPORT, {"files": files, "text": ""})
    assert response.status_code == 200
    assert [(o.source, o.result) for o in response.context["outcomes"]] == [
        ("deep.json", FAILED),
        ("seed.txt", CREATED),
        ("dpa.json", CREATED),
    ]
    assert "nested more than 32 levels deep; the limit is 32" in response.content.decode()


def test_a_deep_pasted_item_is_refused_on_the_page(client, editor):
    client.force_login(editor)
    response = client.post(IMPORT, {"text": deep_json().decode()})
    assert response.status_code == 200
    assert [o.result for o in response.context["outcomes"]] == [FAILED]
    assert "nested more than 32 levels deep" in response.content.decode()


# Bylines, authors, tags, pictures per item


def test_ten_thousand_writers_in_by_are_refused_and_create_no_author():
    by = "By " + ", ".join(f"Writer Number{n}" for n in range(10_000))
    assert refused(item(by=by)) == "10000 writers in the byline; the limit is 20"


def test_ten_thousand_author_people_are_refused():
    people = [{"name": f"Writer Number{n}", "rel": "author"} for n in range(10_000)]
    assert refused(item(people=people)) == "10000 writers in the byline; the limit is 20"


def test_writers_at_the_limit_are_imported(settings):
    settings.WIRE_MAX_BYLINES = 3
    outcome = import_data("item.json", item(by="By Ann Lee, Bo Diaz and Cy Ngo"))
    assert outcome.result == CREATED, outcome.message
    assert outcome.article.bylines.count() == 4  # three writers and the agency


def test_too_many_tags_are_refused_whole_not_truncated():
    subjects = [{"name": f"Subject {n}"} for n in range(10_000)]
    assert refused(item(subjects=subjects)) == "10000 tags; the limit is 50"


def test_keywords_and_people_count_towards_tags(settings):
    settings.WIRE_MAX_TAGS = 3
    data = item(keywords=["Rain", "Wind"], people=[{"name": "Ada Obi"}, {"name": "Ben Ray"}])
    assert refused(data) == "4 tags; the limit is 3"


def test_too_many_pictures_are_refused():
    pictures = [
        {
            "name": f"p{n}",
            "type": "picture",
            "uri": f"urn:x:pic:{n}",
            "renditions": [{"name": "base", "href": f"https://x/{n}.jpg"}],
        }
        for n in range(10_000)
    ]
    assert refused(item(associations=pictures)) == "10000 pictures; the limit is 30"


def test_limits_hold_for_plain_text_items_too(settings, seed_bytes):
    settings.WIRE_MAX_PICTURES = 0
    message = refused(seed_bytes, name="seed.txt")
    assert message.endswith("pictures; the limit is 0")
