"""Routing rules: what each condition matches, which rule wins, and what a rule does to a new
item at import (section, tags, desk, and an automatic publication through the workflow)."""

from datetime import UTC, datetime, timedelta
from itertools import count

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import log
from articles.models import Article, Revision, Status
from tests import factories
from wire import routing
from wire.importer import CREATED, import_data, import_story
from wire.models import ItemRouting, RoutingRule, WireItem
from wire.routing import NOT_ROUTED
from wire.story import Subject, WireStory
from wire.text import UNREADABLE_EMBARGO

_seq = count(1)


def story(**fields) -> WireStory:
    n = next(_seq)
    fields.setdefault("headline", f"Markets rally as talks resume {n}")
    fields.setdefault("agency", "Reuters")
    fields.setdefault("body", "<p>Shares rose on Monday.</p>")
    return WireStory(uri=f"urn:test:routing:{n}", version=1, format="ninjs3", **fields)


def imported(wire_story: WireStory) -> WireItem:
    outcome = import_story(wire_story, source="test", payload="{}")
    assert outcome.result == CREATED, outcome.message
    item = WireItem.objects.select_related("article").get(uri=wire_story.uri)
    return item


def rule(**fields) -> RoutingRule:
    fields.setdefault("name", f"Rule {next(_seq)}")
    return RoutingRule.objects.create(**fields)


FACTS = routing.Facts.of_story(
    story(
        headline="War in the north: ceasefire talks fail",
        agency="AFP",
        category="All news",
        subjects=[Subject("politics", "medtop:11000000", "medtop")],
        urgency=3,
    )
)


@pytest.mark.parametrize(
    ("condition", "matching", "other"),
    [
        ("agency", "afp", "Reuters"),
        ("category", "all NEWS", "Sport"),
        ("subject_code", "medtop:11000000", "medtop:15000000"),
        ("subject_code", "11000000", "subj:11000000"),
        ("urgency_at_most", 3, 2),
        ("urgency_at_most", 9, 1),
        ("headline_keyword", "ceasefire talks", "award"),
        ("headline_keyword", "WAR", "wa"),
    ],
)
def test_each_condition_matches_its_items_and_only_them(condition, matching, other):
    assert routing.matches(RoutingRule(**{condition: matching}), FACTS)
    assert not routing.matches(RoutingRule(**{condition: other}), FACTS)


def test_a_bare_subject_code_matches_the_code_in_any_scheme():
    uri = "http://cv.iptc.org/newscodes/mediatopic/20000106"
    facts = routing.Facts.of_story(story(subjects=[Subject("art", uri)]))
    assert routing.matches(RoutingRule(subject_code="20000106"), facts)
    assert routing.matches(RoutingRule(subject_code=uri.upper()), facts)
    assert not routing.matches(RoutingRule(subject_code="medtop:20000106"), facts)


def test_an_item_without_urgency_is_not_urgent_enough_for_an_urgency_rule():
    facts = routing.Facts.of_story(story(urgency=None))
    assert not routing.matches(RoutingRule(urgency_at_most=9), facts)


def test_every_given_condition_must_hold():
    both = RoutingRule(agency="AFP", urgency_at_most=3)
    assert routing.matches(both, FACTS)
    assert not routing.matches(RoutingRule(agency="AFP", urgency_at_most=2), FACTS)
    assert not routing.matches(RoutingRule(agency="dpa", urgency_at_most=3), FACTS)


def test_a_rule_without_conditions_matches_every_item():
    assert routing.matches(RoutingRule(), FACTS)


@pytest.mark.django_db
def test_the_first_matching_active_rule_routes_the_item_and_no_other():
    sport, news, wanted = (factories.make_section(name) for name in ("Sport", "News", "World"))
    rule(name="inactive", position=0, active=False, agency="Reuters", section=sport)
    rule(name="later", position=20, agency="Reuters", section=news)
    rule(name="first", position=10, headline_keyword="markets", section=wanted)
    item = imported(story())
    assert item.article.section == wanted
    assert item.routing.rule_name == "first"


@pytest.mark.django_db
def test_at_one_position_the_older_rule_comes_first():
    older = rule(position=5, agency="Reuters")
    rule(position=5, agency="Reuters")
    assert imported(story()).routing.rule == older


@pytest.mark.django_db
def test_a_rule_sets_section_tags_and_desk_in_a_revision_of_its_own():
    section = factories.make_section("Business")
    desk = Group.objects.create(name="Business desk")
    rule(
        name="markets",
        headline_keyword="markets",
        section=section,
        tags="Markets, Stocks",
        desk=desk,
    )
    item = imported(story(tags=["Economy"]))
    article = item.article
    assert article.section == section
    assert sorted(article.tags.names()) == ["Economy", "Markets", "Stocks"]
    assert item.routing.desk == desk
    latest = article.revisions.order_by("-number").first()
    assert latest.source == Revision.Source.IMPORT
    assert latest.note == "Routed by rule “markets”"
    assert latest.content["section"] == [section.pk, "Business"]
    assert latest.content["tags"] == ["Economy", "Markets", "Stocks"]
    assert article.status == Status.DRAFT
    assert item.flags() == []


@pytest.mark.django_db
def test_a_rule_that_only_names_a_desk_writes_no_revision():
    desk = Group.objects.create(name="World desk")
    rule(agency="Reuters", desk=desk)
    item = imported(story())
    assert item.article.revisions.count() == 1
    assert item.routing.desk == desk


@pytest.mark.django_db
def test_an_item_no_rule_routes_is_flagged_and_has_no_routing():
    rule(agency="AFP")
    item = imported(story(agency="Reuters"))
    assert NOT_ROUTED in item.flags()
    assert not ItemRouting.objects.filter(item=item).exists()


def newer(item: WireItem, **fields) -> WireItem:
    """The next version of the item's story, imported."""
    assert item.article is not None
    fields.setdefault("headline", item.article.headline)
    fields.setdefault("agency", item.agency)
    wire_story = WireStory(
        uri=item.uri, version=item.version + 1, format="ninjs3", body="<p>More.</p>", **fields
    )
    import_story(wire_story, source="test", payload="{}")
    return WireItem.objects.select_related("article").get(pk=item.pk)


@pytest.mark.django_db
def test_a_newer_version_of_an_unrouted_item_is_routed_if_it_matches_now():
    flash = rule(urgency_at_most=1, tags="Flash")
    item = imported(story(urgency=3))
    assert NOT_ROUTED in item.flags()
    still = newer(item, urgency=2)
    assert NOT_ROUTED in still.flags()  # flagged again, though the new version's notices replaced
    routed = newer(still, urgency=1)
    assert routed.routing.rule == flash
    assert routed.article.tags.names()[0] == "Flash"
    assert NOT_ROUTED not in routed.flags()


@pytest.mark.django_db
def test_a_newer_version_of_a_routed_item_keeps_its_routing_and_the_desks_section():
    first, chosen = factories.make_section("First"), factories.make_section("Chosen")
    rule(name="news", agency="Reuters", section=first)
    item = imported(story())
    article = item.article
    article.section = chosen
    factories.save_revision(article, None)
    rule(name="earlier", position=0, agency="Reuters", section=first, tags="Late")
    updated = newer(item)
    assert updated.article.section == chosen
    assert updated.routing.rule_name == "news"
    assert "Late" not in updated.article.tags.names()


# --- automatic publication ----------------------------------------------------------------


def test_automatic_publication_is_off_by_default():
    assert RoutingRule().auto_publish is False


@pytest.mark.django_db
def test_a_matching_rule_does_not_publish_unless_told(editor):
    rule(agency="Reuters", section=factories.make_section(), changed_by=editor)
    assert imported(story()).article.status == Status.DRAFT


@pytest.mark.django_db
def test_an_auto_publishing_rule_publishes_through_the_workflow_in_its_editors_name(editor):
    flash = rule(
        name="flash", urgency_at_most=1, section=factories.make_section(), auto_publish=True,
        changed_by=editor,
    )  # fmt: skip
    item = imported(story(urgency=1))
    article = item.article
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert article.no_photo  # text alone: the wire's pictures wait for the photo desk
    steps = list(log.workflow_history(article).order_by("at", "pk"))
    assert [step.action for step in steps] == ["submit", "publish"]
    assert {step.actor for step in steps} == {editor}
    assert all(f"routing rule “flash” (#{flash.pk})" in step.detail for step in steps)
    assert item.routing.problem == ""
    assert item.flags() == []


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"embargoed_until": timezone.now() + timedelta(hours=2)}, "embargoed until"),
        ({"pubstatus": "withheld"}, "the agency marked it withheld by the agency"),
        ({"pubstatus": "canceled"}, "the agency marked it cancelled by the agency"),
    ],
)
@pytest.mark.django_db
def test_an_embargoed_withheld_or_cancelled_item_is_never_published(editor, fields, reason):
    rule(agency="Reuters", section=factories.make_section(), auto_publish=True, changed_by=editor)
    item = imported(story(**fields))
    item.article.refresh_from_db()
    assert item.article.status == Status.DRAFT
    assert not log.workflow_history(item.article).exists()
    assert item.routing.problem.startswith(f"Not published automatically: {reason}")
    assert item.routing.problem in item.flags()


@pytest.mark.django_db
def test_an_embargo_already_past_does_not_stop_the_publication(editor):
    rule(agency="Reuters", section=factories.make_section(), auto_publish=True, changed_by=editor)
    item = imported(story(embargoed_until=timezone.now() - timedelta(hours=1)))
    item.article.refresh_from_db()
    assert item.article.status == Status.PUBLISHED


def agency_text(embargo_line: str) -> bytes:
    return (
        f"{embargo_line}\n\nFrance unveils its budget\n\nPARIS (AFP) - The government unveiled"
        " its budget on Tuesday.\n\nIt goes to parliament next week."
    ).encode()


@pytest.mark.django_db
def test_a_plain_text_embargo_holds_the_article_as_ninjs_embargoed_does(editor):
    rule(agency="AFP", section=factories.make_section(), auto_publish=True, changed_by=editor)
    outcome = import_data("afp.txt", agency_text("EMBARGO: 12:00 GMT 04/03/2099"))
    assert outcome.result == CREATED, outcome.message
    until = datetime(2099, 3, 4, 12, 0, tzinfo=UTC)
    article = Article.objects.get(pk=outcome.article.pk)
    assert outcome.item.embargoed_until == article.embargo_until == until
    assert article.status == Status.DRAFT
    assert "EMBARGO" not in article.body
    assert outcome.item.routing.problem.startswith("Not published automatically: embargoed until")


@pytest.mark.django_db
def test_a_plain_text_embargo_already_past_does_not_stop_the_publication(editor):
    rule(agency="AFP", section=factories.make_section(), auto_publish=True, changed_by=editor)
    outcome = import_data("afp.txt", agency_text("EMBARGO: 12:00 GMT 04/03/2020"))
    assert Article.objects.get(pk=outcome.article.pk).status == Status.PUBLISHED


@pytest.mark.django_db
def test_an_item_whose_embargo_line_cannot_be_read_is_never_published_automatically(editor):
    rule(agency="AFP", section=factories.make_section(), auto_publish=True, changed_by=editor)
    line = "EMBARGOED UNTIL FURTHER NOTICE"
    outcome = import_data("afp.txt", agency_text(line))
    item = WireItem.objects.get(pk=outcome.item.pk)
    article = item.article
    assert article.status == Status.DRAFT
    assert not log.workflow_history(article).exists()
    assert article.embargo_until is None and line not in article.body
    assert item.kept == {"embargo_unreadable": [line]}
    problem = "Not published automatically: its embargo line could not be read."
    assert item.routing.problem == problem
    assert problem in item.flags() and UNREADABLE_EMBARGO in item.flags()


@pytest.mark.django_db
def test_the_preview_says_a_rule_would_not_publish_an_item_whose_embargo_was_not_read(editor):
    import_data("afp.txt", agency_text("EMBARGOED UNTIL FURTHER NOTICE"))
    facts = routing.Facts.of_item(WireItem.objects.get())
    assert facts.embargo_unreadable
    effect = routing.describe_effect(RoutingRule(auto_publish=True), facts)
    assert effect == "not published: its embargo line could not be read"


@pytest.mark.django_db
def test_when_the_workflow_refuses_the_item_stays_a_draft_and_the_flag_says_why(editor):
    rule(agency="Reuters", auto_publish=True, changed_by=editor)  # no section: cannot publish
    item = imported(story())
    item.article.refresh_from_db()
    assert item.article.status == Status.DRAFT  # not left "in edit" by the submit step
    assert not log.workflow_history(item.article).exists()
    assert "Not published automatically: It needs a section." in item.flags()


@pytest.mark.django_db
def test_a_rule_whose_editor_may_no_longer_publish_does_not_publish(editor):
    rule(agency="Reuters", section=factories.make_section(), auto_publish=True, changed_by=editor)
    editor.groups.clear()
    item = imported(story())
    item.article.refresh_from_db()
    assert item.article.status == Status.DRAFT
    assert item.routing.problem.startswith("Not published automatically: editor may not publish")


@pytest.mark.django_db
def test_a_refused_publication_leaves_no_submit_behind():
    """The rule's editor may submit but not publish: the draft is not left "in edit"."""
    submitter = factories.make_user("submitter")
    wanted = [("articles", "change_article"), ("articles", "edit_any_article")]
    submitter.user_permissions.set(
        Permission.objects.get(content_type__app_label=app, codename=name) for app, name in wanted
    )
    rule(
        agency="Reuters", section=factories.make_section(), auto_publish=True, changed_by=submitter
    )
    item = imported(story())
    item.article.refresh_from_db()
    assert item.article.status == Status.DRAFT
    assert not log.workflow_history(item.article).exists()
    assert "submitter may not publish" in item.routing.problem


@pytest.mark.django_db
def test_a_rule_with_no_editor_left_does_not_publish():
    rule(agency="Reuters", section=factories.make_section(), auto_publish=True, changed_by=None)
    item = imported(story())
    item.article.refresh_from_db()
    assert item.article.status == Status.DRAFT
    assert "has no editor to publish in the name of" in item.routing.problem


# --- cost --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_routing_an_item_no_rule_takes_costs_two_queries_however_many_rules(
    django_assert_num_queries,
):
    for n in range(20):
        rule(agency=f"Agency {n}", section=factories.make_section())
    item = imported(story(agency="Reuters"))
    with django_assert_num_queries(2):  # the rules, and the flag
        assert routing.route(item, story(agency="Reuters"), user=None) is None


@pytest.mark.django_db
def test_with_no_active_rule_routing_costs_one_query_and_flags_nothing(
    django_assert_num_queries,
):
    rule(agency="Reuters", active=False)
    item = imported(story(agency="Reuters"))
    assert item.flags() == []
    with django_assert_num_queries(1):
        assert routing.route(item, story(agency="Reuters"), user=None) is None


@pytest.mark.django_db
def test_importing_a_routed_item_costs_the_same_with_one_rule_or_twenty(
    django_assert_num_queries,
):
    section = factories.make_section()
    rule(headline_keyword="markets", section=section, tags="Markets")
    imported(story())  # the tag exists from here on, as in a running desk
    with CaptureQueriesContext(connection) as one_rule:
        imported(story())
    for n in range(19):
        rule(position=n + 1, agency=f"Agency {n}", section=section)
    with django_assert_num_queries(len(one_rule.captured_queries)):
        imported(story())
