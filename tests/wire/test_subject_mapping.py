"""Subjects become tags through mappings the desk controls; the codes stay on the item and on
the mapping (so on the tag, through it)."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from taggit.models import Tag

from articles.models import Article
from wire.importer import CREATED, FAILED, UPDATED, Batch, import_data
from wire.models import SubjectMapping, WireItem

pytestmark = pytest.mark.django_db
MEDTOP = "http://cv.iptc.org/newscodes/mediatopic/"
CHANGELIST = "/admin/wire/subjectmapping/"


def item(n=1, *, version=1, subjects=None) -> bytes:
    document = {
        "uri": f"urn:newsml:tass.com:2026:{n}",
        "version": str(version),
        "copyrightHolder": "TASS",
        "headlines": [{"value": f"NATO ministers meet ({n})"}],
        "subjects": subjects
        if subjects is not None
        else [
            {"name": "Defence", "uri": MEDTOP + "16000000"},
            {"name": "Diplomacy", "literal": "medtop:20000106"},
            {"name": "Brussels news", "literal": "BRU"},
        ],
    }
    return json.dumps(document).encode()


def imported(data, batch=None):
    outcome = import_data("item.json", data, batch=batch)
    assert outcome.result in (CREATED, UPDATED), outcome.message
    return outcome.item, outcome.article


def change(client, mapping, **fields):
    url = reverse("admin:wire_subjectmapping_change", args=[mapping.pk])
    return client.post(url, {"tag": "", **fields})


def test_a_new_code_gets_a_mapping_to_a_tag_named_as_the_subject():
    Tag.objects.create(name="defence")  # an existing tag is reused, case-blind
    wire_item, article = imported(item())
    assert sorted(article.tags.names()) == ["Brussels news", "Diplomacy", "defence"]
    mappings = SubjectMapping.objects.select_related("tag").order_by("pk")
    assert [(m.code, m.scheme, m.name, m.tag.name, m.ignore) for m in mappings] == [
        (MEDTOP + "16000000", MEDTOP, "Defence", "defence", False),
        ("medtop:20000106", "medtop", "Diplomacy", "Diplomacy", False),
        ("TASS:BRU", "TASS", "Brussels news", "Brussels news", False),
    ]
    # The codes stay on the item, and the tag knows its codes through its mappings.
    assert [s["code"] for s in wire_item.subjects] == [
        MEDTOP + "16000000", "medtop:20000106", "TASS:BRU",
    ]  # fmt: skip
    assert list(
        Tag.objects.get(name="defence").subject_mappings.values_list("code", flat=True)
    ) == [MEDTOP + "16000000"]
    assert [list(m.items.all()) for m in mappings] == [[wire_item], [wire_item], [wire_item]]
    assert Tag.objects.count() == 3


def test_the_editor_changes_a_mapping_and_later_items_get_the_new_tag(client, editor):
    _, first = imported(item(1))
    mapping = SubjectMapping.objects.get(code="TASS:BRU")
    belgium = Tag.objects.create(name="Belgium")
    client.force_login(editor)
    response = change(client, mapping, tag=belgium.pk)
    assert response.status_code == 302
    _, second = imported(item(2))
    assert sorted(second.tags.names()) == ["Belgium", "Defence", "Diplomacy"]
    # What was tagged before the change stays as the desk left it.
    assert sorted(first.tags.names()) == ["Brussels news", "Defence", "Diplomacy"]
    assert mapping.items.count() == 2


def test_an_ignored_subject_gives_no_tag_but_stays_on_the_item(client, editor):
    imported(item(1))
    client.force_login(editor)
    assert (
        change(client, SubjectMapping.objects.get(code="TASS:BRU"), ignore="on").status_code == 302
    )
    second, article = imported(item(2))
    assert sorted(article.tags.names()) == ["Defence", "Diplomacy"]
    assert "TASS:BRU" in [s["code"] for s in second.subjects]
    assert SubjectMapping.objects.get(code="TASS:BRU").items.count() == 2


def test_a_tag_and_ignore_together_are_refused(client, editor):
    imported(item(1))
    mapping = SubjectMapping.objects.get(code="TASS:BRU")
    client.force_login(editor)
    response = change(client, mapping, tag=mapping.tag_id, ignore="on")
    assert response.status_code == 200
    assert "Choose a tag or ignore the subject, not both." in response.content.decode()
    mapping.refresh_from_db()
    assert mapping.ignore is False


def test_a_newer_version_records_its_own_subjects():
    first, _ = imported(item(1))
    newer = [{"name": "Defence", "uri": MEDTOP + "16000000"}, {"name": "Energy", "literal": "E"}]
    item_, article = imported(item(1, version=2, subjects=newer))
    assert item_.pk == first.pk
    assert sorted(SubjectMapping.objects.filter(items=item_).values_list("code", flat=True)) == [
        "TASS:E",
        MEDTOP + "16000000",
    ]
    # No one has edited the draft: the dropped subjects' tags go, the new one's comes
    # (an edited draft keeps its tags: tests/wire/test_import_fixes.py).
    assert sorted(article.tags.names()) == ["Defence", "Energy"]


def test_a_batch_asks_for_each_code_once():
    batch = Batch()
    imported(item(1), batch=batch)
    with CaptureQueriesContext(connection) as queries:
        imported(item(2), batch=batch)
    lookups = [q["sql"] for q in queries if 'FROM "wire_subjectmapping"' in q["sql"]]
    assert lookups == []
    assert sum('INTO "wire_subjectmapping_items"' in q["sql"] for q in queries) == 1


def test_a_failed_item_leaves_no_mapping_and_the_batch_forgets():
    batch = Batch()
    bad = json.loads(item(1))
    bad["subjects"].append({"name": "Long", "literal": "x" * 600})
    outcome = import_data("item.json", json.dumps(bad).encode(), batch=batch)
    assert outcome.result == FAILED
    assert outcome.message.startswith("a subject's code or name is too long")
    assert not SubjectMapping.objects.exists() and not WireItem.objects.exists()
    assert not Tag.objects.exists()


def test_a_subject_name_no_tag_can_hold_gets_a_mapping_without_a_tag():
    name = "A very long subject name " * 6  # 150 characters: tags hold 100
    _, article = imported(item(1, subjects=[{"name": name.strip(), "literal": "LONG"}]))
    mapping = SubjectMapping.objects.get()
    assert (mapping.code, mapping.tag, mapping.ignore) == ("TASS:LONG", None, False)
    assert list(article.tags.names()) == []


def test_huge_subject_lists_are_refused_whole(settings):
    subjects = [{"name": f"Subject {n}", "literal": str(n)} for n in range(51)]
    outcome = import_data("item.json", item(subjects=subjects))
    assert (outcome.result, outcome.message) == (FAILED, "51 tags; the limit is 50")
    assert not SubjectMapping.objects.exists() and not Article.objects.exists()


def test_huge_lists_of_places_are_refused_whole():
    document = json.loads(item(1)) | {"places": [{"name": f"Place {n}"} for n in range(1000)]}
    outcome = import_data("item.json", json.dumps(document).encode())
    assert (outcome.result, outcome.message) == (FAILED, "1000 places; the limit is 50")


# The mapping screens


def test_the_desk_lists_mappings_by_code_name_tag_and_items(client, editor):
    imported(item(1))
    imported(item(2))
    SubjectMapping.objects.filter(code="TASS:BRU").update(ignore=True, tag=None)
    client.force_login(editor)
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    rows = [
        (m.code, m.name, response.context["cl"].model_admin.tag_or_ignored(m), m.item_total)
        for m in response.context["cl"].result_list
    ]
    assert rows == [
        ("TASS:BRU", "Brussels news", "(ignored: no tag)", 2),
        (MEDTOP + "16000000", "Defence", "Defence", 2),
        ("medtop:20000106", "Diplomacy", "Diplomacy", 2),
    ]
    html = response.content.decode()
    assert "medtop:20000106" in html and "(ignored: no tag)" in html


@pytest.mark.parametrize("role", ["reporter", "photodesk"])
def test_the_rest_of_the_desk_may_look_but_not_change(client, cast, role):
    imported(item(1))
    mapping = SubjectMapping.objects.get(code="TASS:BRU")
    client.force_login(cast[role])
    assert client.get(CHANGELIST).status_code == 200
    assert change(client, mapping, ignore="on").status_code == 403
    mapping.refresh_from_db()
    assert mapping.ignore is False


def test_readers_do_not_see_the_mappings(client, reader):
    client.force_login(reader)
    assert client.get(CHANGELIST).status_code == 403


def test_mappings_are_made_by_the_importer_not_by_hand(client, editor):
    client.force_login(editor)
    assert client.get(CHANGELIST + "add/").status_code == 403


def test_a_subject_name_is_escaped_on_the_list(client, editor):
    imported(item(1, subjects=[{"name": "<script>alert(1)</script>", "literal": "X"}]))
    client.force_login(editor)
    html = client.get(CHANGELIST).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_organisations_in_a_huge_byline_count_towards_the_byline_limit():
    by = ", ".join(f"Agency Press {n}" for n in range(1000))
    document = json.loads(item(1)) | {"by": by}
    outcome = import_data("item.json", json.dumps(document).encode())
    assert (outcome.result, outcome.message) == (
        FAILED,
        "1000 writers in the byline; the limit is 20",
    )
    assert not Article.objects.exists()
