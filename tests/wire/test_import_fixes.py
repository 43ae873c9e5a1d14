"""Defects a review of the wire import found: each test failed before its fix.

A. dates that parse but no datetime or database can hold; B. control characters in the text;
C. two imports at once, and a database that is busy for a moment; D. subject tags a newer
version no longer gives; E. a newer version cancelling or withholding a published item;
F. the result message of an item a routing rule published.
"""

import io
import json
from contextlib import contextmanager
from dataclasses import fields

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import IntegrityError, OperationalError, connection
from taggit.models import Tag

from articles import editing, log, workflow
from articles.models import Article, Author, Status
from notifications.models import Kind, Notification
from tests import factories
from tests.wire.test_newsml_input import news_item
from wire import importer, intake, routing
from wire.importer import CREATED, FAILED, import_file
from wire.models import RoutingRule, SubjectMapping, WireItem, WirePicture
from wire.story import Subject, WireError, WirePictureData, WireStory, parse_moment

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


@pytest.mark.parametrize(
    "line",
    [
        "EMBARGO: 00:00 GMT 01/01/0001",
        "EMBARGO: 23:59 GMT 31/12/9999",
        "EMBARGOED FOR RELEASE UNTIL 11:59 P.M. EST, Friday, Dec. 31, 9999",
    ],
)
def test_a_plain_text_embargo_out_of_range_is_refused_naming_it(seed_bytes, line):
    text = seed_bytes.decode().replace("\n\n", f"\n\n{line}\n\n", 1)
    message = refused("a.txt", text.encode())
    assert message == f"embargo {line!r} is out of range (dates from year 1 to 9999 only)"


@pytest.mark.parametrize("value", ["0000-01-01T00:00:00Z", "0000-01-01", *OUT_OF_RANGE])
def test_the_one_date_reader_says_out_of_range_whatever_the_schema_let_through(value):
    with pytest.raises(WireError) as refusal:
        parse_moment("versionCreated", value, date_alone=True)
    assert str(refusal.value) == (
        f"versionCreated {value!r} is out of range (dates from year 1 to 9999 only)"
    )


# --- B. control characters ------------------------------------------------------------------------


PICTURE = {"name": "p", "uri": "urn:picture:1", "type": "picture"}


@pytest.mark.parametrize(
    ("fields", "where"),
    [
        ({"headlines": [{"role": "main", "value": "Storm\u0007 closes airport"}]}, "headline"),
        ({"bodies": [{"contentType": "text/plain", "value": "The\u0000 storm."}]}, "body"),
        ({"by": "Anna\u0000 Weber"}, "writers"),
        ({"descriptions": [{"role": "summary", "value": "Flights\u001b stop."}]}, "standfirst"),
        ({"subjects": [{"name": "Wea\u0000ther"}]}, "subjects name"),
        ({"slugline": "storm\u0001"}, "kept slugline"),
        (
            {"associations": [PICTURE | {"descriptions": [{"value": "A\u0002b"}]}]},
            "pictures caption",
        ),
    ],
)
def test_a_control_character_in_a_ninjs_item_is_refused_naming_where(fields, where):
    message = refused("a.json", ninjs(**fields))
    assert message.startswith(f"{where}: a control character (U+00")


@pytest.mark.parametrize("character", ["\x00", "\x07", "\x0b", "\x0c", "\x1b", "\x1e"])
def test_a_control_character_in_plain_text_is_refused_with_its_line(seed_bytes, character):
    text = seed_bytes.decode().replace("NATO stands", f"NATO{character} stands", 1)
    message = refused("a.txt", text.encode())
    if character == "\x00":  # a NUL byte makes a file binary before it is read as text
        assert message == "binary data, not text or JSON"
    else:
        code = f"U+{ord(character):04X}"
        assert message == f"line 3: a control character ({code}), which no text may hold"


def test_a_control_character_in_newsml_is_refused():
    xml = news_item(headline="<headline>Storm &#7; reaches the coast</headline>")
    assert "line" in refused("a.xml", xml.encode())


def test_every_field_of_a_story_shows_in_its_repr_where_the_check_first_looks():
    for kind in (WireStory, WirePictureData, Subject):
        assert all(field.repr for field in fields(kind)), kind


def test_a_story_that_spells_out_a_control_character_is_not_refused():
    outcome = import_file("a.json", ninjs(headlines=[{"value": r"Escapes like \x01 explained"}]))[0]
    assert outcome.result == CREATED, outcome.message


@pytest.mark.parametrize("character", [chr(code) for code in range(32)] + ["\x7f"])
def test_the_repr_screen_finds_each_control_character_the_walk_does(character):
    story = WireStory(uri="urn:x", version=1, format="ninjs3", headline="A", agency="dpa")
    story.kept = {"places": [{"name": f"Bru{character}ssels"}]}
    if intake.CONTROL.search(character):
        with pytest.raises(WireError, match="kept places name: a control character"):
            intake.check_controls(story)
    else:
        intake.check_controls(story)


def test_tabs_and_line_breaks_are_text_not_control_characters(seed_bytes):
    text = seed_bytes.decode().replace("\n", "\r\n").replace("NATO stands", "NATO\tstands", 1)
    outcome = import_file("a.txt", text.encode())[0]
    assert outcome.result == CREATED, outcome.message
    body = json.dumps({"contentType": "text/plain", "value": "One\tline.\r\nTwo."})
    outcome = import_file("a.json", ninjs(bodies=[json.loads(body)]))[0]
    assert outcome.result == CREATED, outcome.message


# --- C. two imports at once; a database busy for a moment ------------------------------------

CODE = "http://cv.iptc.org/newscodes/mediatopic/1"


@contextmanager
def after_our_lookup(query: str, other_import):
    """Runs `other_import()` right after our first query starting with `query`: the rows
    another import committed after we looked for them and before we made them. (Not just
    before our insert: a savepoint opened around it would take their rows back with ours.)"""
    done = False

    def hook(execute, sql, params, many, context):
        nonlocal done
        result = execute(sql, params, many, context)
        if not done and sql.startswith(query):
            done = True
            other_import()
        return result

    with connection.execute_wrapper(hook):
        yield
    assert done, f"no query started with {query}: the race was never staged"


def test_a_subject_mapping_made_by_another_import_at_the_same_moment_is_used():
    def other_import():
        tag = Tag.objects.create(name="Weather")
        SubjectMapping.objects.create(code=CODE, scheme="other", name="Weather", tag=tag)

    with after_our_lookup('SELECT "wire_subjectmapping"."code"', other_import):
        outcome = import_file("a.json", ninjs())[0]
    assert outcome.result == CREATED, outcome.message
    mapping = SubjectMapping.objects.get()
    assert mapping.scheme == "other"  # theirs, not a second one
    assert list(mapping.items.all()) == [outcome.item]
    assert list(outcome.article.tags.names()) == ["Weather"]


def test_a_tag_made_by_another_import_at_the_same_moment_is_used():
    def other_import():
        Tag.objects.create(name="Weather", slug="their-weather")

    with after_our_lookup('SELECT "taggit_tag"."name"', other_import):
        outcome = import_file("a.json", ninjs())[0]
    assert outcome.result == CREATED, outcome.message
    assert list(Tag.objects.values_list("slug", flat=True)) == ["their-weather"]
    assert SubjectMapping.objects.get().tag.slug == "their-weather"
    assert list(outcome.article.tags.names()) == ["Weather"]


def test_an_author_made_by_another_import_at_the_same_moment_is_used():
    def other_import():
        Author.objects.create(name="Anna Weber", slug="anna-weber", kind=Author.Kind.PERSON)

    with after_our_lookup('SELECT "articles_author"."slug"', other_import):
        outcome = import_file("a.json", ninjs())[0]
    assert outcome.result == CREATED, outcome.message
    assert outcome.article.byline == "By Anna Weber and dpa"
    assert Author.objects.filter(slug="anna-weber").count() == 1


def test_a_busy_database_is_a_temporary_failure_that_saves_nothing():
    def locked(execute, sql, params, many, context):
        if sql.startswith('INSERT INTO "wire_wireitem"'):
            raise OperationalError("database is locked")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(locked):
        outcome = import_file("a.json", ninjs())[0]
    assert (outcome.result, outcome.temporary) == (FAILED, True)
    assert outcome.message == (
        "the database could not take it just now (database is locked); try again"
    )
    assert not Article.objects.exists() and not WireItem.objects.exists()
    again = import_file("a.json", ninjs())[0]  # what a drop folder does with the file later
    assert (again.result, again.temporary) == (CREATED, False)


@pytest.mark.parametrize(
    "race",
    [
        IntegrityError("UNIQUE constraint failed: wire_wireitem.uri"),
        editing.StaleVersion(expected=1, current=2),
    ],
)
def test_a_lost_race_is_a_temporary_failure_that_saves_nothing(monkeypatch, race):
    def lose(*args, **kwargs):
        raise race

    monkeypatch.setattr(importer, "_add_pictures", lose)
    outcome = import_file("a.json", ninjs())[0]
    assert (outcome.result, outcome.temporary) == (FAILED, True)
    assert outcome.message.endswith("; try again")
    assert not Article.objects.exists() and not WireItem.objects.exists()


def test_a_refused_item_is_not_a_temporary_failure():
    outcome = import_file("a.json", b"{")[0]
    assert (outcome.result, outcome.temporary) == (FAILED, False)


# --- D. subject tags a newer version no longer gives --------------------------------------------

WEATHER = {"name": "Weather", "uri": "http://cv.iptc.org/newscodes/mediatopic/1"}
STORMS = {"name": "Storms", "uri": "http://cv.iptc.org/newscodes/mediatopic/2"}


def tags_after_two_versions(*, between=lambda article: None, **second) -> list[str]:
    first = import_file("a.json", ninjs(1, subjects=[WEATHER, STORMS]))[0]
    assert first.article is not None
    assert sorted(first.article.tags.names()) == ["Storms", "Weather"]
    between(Article.objects.get())
    fields = {"subjects": [STORMS]} | second
    outcome = import_file("a.json", ninjs(2, **fields))[0]
    assert outcome.message == "draft updated to version 2", outcome.message
    return sorted(Article.objects.get().tags.names())


def test_an_untouched_draft_loses_the_tags_of_subjects_the_newer_version_dropped():
    assert tags_after_two_versions() == ["Storms"]
    revision = Article.objects.get().revisions.first()
    assert revision.content["tags"] == ["Storms"]


def test_a_draft_an_editor_saved_keeps_its_tags(editor):
    def edit(article):
        article.tags.add("Airports")
        factories.save_revision(article, editor)

    assert tags_after_two_versions(between=edit) == ["Airports", "Storms", "Weather"]


def test_a_tag_the_newer_version_gives_otherwise_stays():
    assert tags_after_two_versions(keywords=["weather"]) == ["Storms", "Weather"]
    other_subject = {"name": "Weather", "uri": "http://cv.iptc.org/newscodes/mediatopic/3"}
    Article.objects.all().delete()
    WireItem.objects.all().delete()
    assert tags_after_two_versions(subjects=[STORMS, other_subject]) == ["Storms", "Weather"]


def test_a_tag_the_routing_rule_gave_stays(editor):
    RoutingRule.objects.create(name="weather desk", agency="dpa", tags="Weather")
    assert tags_after_two_versions() == ["Storms", "Weather"]


def test_a_desk_decision_to_ignore_a_subject_leaves_its_old_tag_alone():
    def ignore(article):
        SubjectMapping.objects.filter(name="Weather").update(ignore=True)

    assert tags_after_two_versions(between=ignore) == ["Storms", "Weather"]


# --- E. the agency cancels or withholds a published item -------------------------------------


@pytest.fixture
def flash(editor):
    """A rule publishing dpa's items automatically, in the editor's name."""
    section = factories.make_section("News")
    return RoutingRule.objects.create(
        name="flash", agency="dpa", section=section, auto_publish=True, changed_by=editor
    )


def published_by_the_rule() -> Article:
    outcome = import_file("a.json", ninjs(1))[0]
    assert outcome.article is not None and outcome.item is not None
    article = Article.objects.get(pk=outcome.article.pk)
    assert article.status == Status.PUBLISHED, outcome.item.flags()
    return article


def still_published(item: WireItem) -> str:
    return next((flag for flag in item.flags() if flag.startswith("Still published")), "")


@pytest.mark.parametrize("pubstatus", ["canceled", "withheld"])
def test_a_publication_a_rule_made_is_undone_through_the_workflow(flash, editor, pubstatus):
    article = published_by_the_rule()
    outcome = import_file("a.json", ninjs(2, pubStatus=pubstatus))[0]
    article.refresh_from_db()
    assert article.status == Status.EDIT
    step = log.workflow_history(article).first()
    label = {"canceled": "cancelled", "withheld": "withheld"}[pubstatus]
    why = f"version 2 {label} by the agency; it was published automatically by routing rule"
    assert (step.action, step.actor) == ("unpublish", editor)
    assert step.detail.startswith(why.capitalize())
    item = WireItem.objects.get()
    assert (item.version, item.pending_version, item.pubstatus) == (1, 2, pubstatus)
    notice = f"Unpublished automatically: {why} “flash” (#{flash.pk})."
    assert notice in item.flags()
    assert outcome.message == f"version 2 kept beside the article (in edit). {notice}"


def test_a_newsml_cancellation_undoes_a_rules_publication_too(flash):
    flash.agency = "Reuters"
    flash.save()
    import_file("a.xml", news_item().encode())
    assert Article.objects.get().status == Status.PUBLISHED
    cancel = '<pubStatus qcode="stat:canceled"/>'
    outcome = import_file("a.xml", news_item(version=2, item_meta=cancel).encode())[0]
    assert Article.objects.get().status == Status.EDIT, outcome.message


def test_a_publication_an_editor_made_stays_up_and_is_flagged(editor):
    outcome = import_file("a.json", ninjs(1))[0]
    article = outcome.article
    article.section = factories.make_section("News")
    article.no_photo = True
    factories.save_revision(article, editor)
    workflow.perform(article, "submit", editor)
    workflow.perform(article, "publish", editor)
    outcome = import_file("a.json", ninjs(2, pubStatus="canceled"))[0]
    assert Article.objects.get().status == Status.PUBLISHED
    assert log.workflow_history(article).first().action == "publish"
    notice = "Still published: version 2 cancelled by the agency after an editor published it."
    assert notice in WireItem.objects.get().flags()
    assert notice in outcome.message


def told_of_withdrawal() -> list[tuple[str, str]]:
    rows = Notification.objects.filter(kind=Kind.WIRE_WITHDRAWN).order_by("recipient__username")
    return [(n.recipient.username, n.text) for n in rows]


def test_the_publisher_and_the_sections_editors_are_told_at_once(editor, reporter):
    outcome = import_file("a.json", ninjs(1))[0]
    article = outcome.article
    article.section = factories.make_section("News")
    chief = factories.make_user("desk-chief")
    chief.groups.add(Group.objects.get(name="Editor"))
    article.section.editors.add(chief)
    article.no_photo = True
    factories.save_revision(article, editor)
    workflow.perform(article, "submit", editor)
    workflow.perform(article, "publish", editor)
    assert told_of_withdrawal() == []
    import_file("a.json", ninjs(2, pubStatus="canceled"))
    line = (
        f"An agency withdrew “{article.headline}”, which is published: Still published: "
        "version 2 cancelled by the agency after an editor published it."
    )
    assert told_of_withdrawal() == [("desk-chief", line), ("editor", line)]


def test_a_rules_publication_undone_tells_only_of_the_unpublication(flash, editor):
    published_by_the_rule()
    import_file("a.json", ninjs(2, pubStatus="canceled"))
    assert Article.objects.get().status == Status.EDIT
    assert told_of_withdrawal() == []


def test_a_rules_publication_an_editor_made_again_is_the_editors(flash, editor):
    article = published_by_the_rule()
    workflow.perform(article, "unpublish", editor, note="Checking a name")
    workflow.perform(article, "publish", editor)
    import_file("a.json", ninjs(2, pubStatus="canceled"))
    assert Article.objects.get().status == Status.PUBLISHED
    assert "Still published" in still_published(WireItem.objects.get())


def test_when_the_rules_editor_may_no_longer_unpublish_the_article_stays_up(flash, editor):
    article = published_by_the_rule()
    editor.groups.clear()
    import_file("a.json", ninjs(2, pubStatus="withheld"))
    assert Article.objects.get().status == Status.PUBLISHED
    assert log.workflow_history(article).first().action == "publish"
    flag = still_published(WireItem.objects.get())
    assert flag.startswith("Still published: version 2 withheld by the agency; it was published")
    assert flag.endswith(f"and {editor} may no longer unpublish.")


def test_a_withdrawal_that_fails_half_way_leaves_nothing_done(flash, monkeypatch):
    article = published_by_the_rule()

    def fail(item, notice):
        raise OperationalError("database is locked")

    monkeypatch.setattr(routing, "_tell_desk", fail)
    outcome = import_file("a.json", ninjs(2, pubStatus="canceled"))[0]
    assert (outcome.result, outcome.temporary) == (FAILED, True)
    assert Article.objects.get().status == Status.PUBLISHED
    assert log.workflow_history(article).first().action == "publish"
    item = WireItem.objects.get()
    assert (item.pending_version, item.pubstatus) == (None, "usable")


def test_a_usable_newer_version_of_a_rules_publication_leaves_it_up(flash):
    published_by_the_rule()
    import_file("a.json", ninjs(2))
    assert Article.objects.get().status == Status.PUBLISHED


# --- F. the result of an item a routing rule published --------------------------------------


def test_an_item_a_rule_published_is_not_called_a_new_draft(flash):
    outcome = import_file("a.json", ninjs(1))[0]
    assert outcome.message == "published by rule “flash”: “Storm closes airport”"
    assert (outcome.published_by, outcome.article.status) == ("flash", Status.PUBLISHED)


def test_a_newer_version_a_rule_published_says_so(flash):
    flash.active = False
    flash.save()
    assert import_file("a.json", ninjs(1))[0].message == "new draft “Storm closes airport”"
    flash.active = True
    flash.save()
    outcome = import_file("a.json", ninjs(2))[0]
    assert outcome.message == "draft updated to version 2 and published by rule “flash”"
    assert outcome.published_by == "flash"


def test_the_upload_page_says_what_the_rule_did(client, flash, editor):
    client.force_login(editor)
    response = client.post("/admin/wire/wireitem/import/", {"text": ninjs(1).decode()})
    page = response.content.decode()
    assert "published by rule “flash”: “Storm closes airport”" in page
    assert "(published)" in page and "new draft" not in page


def test_the_command_says_what_the_rule_did(flash, tmp_path):
    path = tmp_path / "a.json"
    path.write_bytes(ninjs(1))
    out, err = io.StringIO(), io.StringIO()
    call_command("import_wire", str(path), stdout=out, stderr=err)
    assert out.getvalue().splitlines() == [
        f"{path}: published by rule “flash”: “Storm closes airport”",
        "created 1, updated 0, skipped 0, failed 0",
    ]
