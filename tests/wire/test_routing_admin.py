"""The routing rules' admin: editors only, a preview that saves nothing, and the wire list's
"Not routed by any rule" flag and filter."""

from itertools import count

import pytest
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django.urls import reverse

from articles.models import Status
from tests import factories
from wire import routing_admin  # registers the rule admin (wire/admin.py will, at the merge)
from wire.importer import import_story
from wire.models import RoutingRule, WireItem
from wire.routing import NOT_ROUTED
from wire.story import WireStory

_seq = count(1)
ADD = reverse("admin:wire_routingrule_add")
CHANGELIST = reverse("admin:wire_routingrule_changelist")
WIRE_LIST = reverse("admin:wire_wireitem_changelist")
WIRE_ADMIN = admin.site.get_model_admin(WireItem)


def item(headline: str, **fields) -> WireItem:
    n = next(_seq)
    fields.setdefault("agency", "Reuters")
    wire_story = WireStory(
        uri=f"urn:test:admin:{n}", version=1, format="ninjs3", headline=headline,
        body="<p>Text.</p>", **fields,
    )  # fmt: skip
    imported = import_story(wire_story, source="test", payload="{}").item
    assert imported is not None
    return imported


def form_data(**fields) -> dict:
    data = {"name": "Flash", "position": "0", "active": "on", "tags": ""}
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def items(db):
    return [
        item("Earthquake strikes the coast", urgency=1),
        item("Markets close higher", urgency=4),
        item("Earthquake aftershocks felt", agency="AFP", urgency=2),
    ]


# --- who may manage rules ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["reporter", "photodesk", "reader"])
def test_only_editors_may_see_or_change_rules(client, cast, role):
    existing = RoutingRule.objects.create(name="Sport")
    client.force_login(cast[role])
    change = reverse("admin:wire_routingrule_change", args=[existing.pk])
    assert client.get(CHANGELIST).status_code == 403
    assert client.get(ADD).status_code == 403
    assert client.post(ADD, form_data(_preview="Preview")).status_code == 403
    assert client.post(ADD, form_data(name="Mine")).status_code == 403
    assert client.post(change, form_data(name="Renamed")).status_code == 403
    assert list(RoutingRule.objects.values_list("name", flat=True)) == ["Sport"]


def test_an_editor_saves_a_rule_in_their_name(client, editor):
    client.force_login(editor)
    response = client.post(ADD, form_data(agency="AFP", auto_publish="on", desk=None))
    assert response.status_code == 302
    saved = RoutingRule.objects.get()
    assert (saved.agency, saved.auto_publish, saved.changed_by) == ("AFP", True, editor)


def test_an_auto_publishing_rule_needs_a_condition(client, editor):
    client.force_login(editor)
    response = client.post(ADD, form_data(auto_publish="on"))
    assert response.status_code == 200
    assert "needs at least one condition" in response.content.decode()
    assert not RoutingRule.objects.exists()


def test_the_rule_list_shows_order_conditions_and_effects(client, editor, items):
    section = factories.make_section("World")
    RoutingRule.objects.create(name="Quakes", headline_keyword="earthquake", section=section)
    client.force_login(editor)
    html = client.get(CHANGELIST).content.decode()
    assert "headline has “earthquake”" in html
    assert "section World" in html
    assert "?routing__isnull=True" in html


# --- preview -------------------------------------------------------------------------------


def test_preview_shows_the_items_the_unsaved_rule_would_match_and_saves_nothing(
    client, editor, items
):
    section = factories.make_section("Breaking")
    client.force_login(editor)
    data = form_data(
        headline_keyword="earthquake", urgency_at_most="1", section=str(section.pk),
        auto_publish="on", _preview="Preview",
    )  # fmt: skip
    response = client.post(ADD, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Preview: nothing has been saved" in html
    assert "this rule would match 1." in html
    assert "Earthquake strikes the coast" in html
    assert "Earthquake aftershocks felt" not in html  # urgency 2
    assert "Markets close higher" not in html
    assert "section Breaking; published automatically" in html
    assert 'value="earthquake"' in html  # the form comes back as typed
    assert not RoutingRule.objects.exists()
    assert not LogEntry.objects.exists()
    assert all(i.article.status == Status.DRAFT for i in WireItem.objects.all())


def test_preview_of_a_change_leaves_the_stored_rule_alone(client, editor, items):
    stored = RoutingRule.objects.create(name="Quakes", agency="AFP")
    client.force_login(editor)
    change = reverse("admin:wire_routingrule_change", args=[stored.pk])
    data = form_data(name="Quakes", agency="Reuters", _preview="Preview")
    html = client.post(change, data).content.decode()
    assert "this rule would match 2." in html
    stored.refresh_from_db()
    assert stored.agency == "AFP"


def test_preview_says_when_an_earlier_rule_takes_the_item_first(client, editor, items):
    RoutingRule.objects.create(name="Everything AFP", position=0, agency="AFP")
    client.force_login(editor)
    data = form_data(position="10", headline_keyword="earthquake", _preview="Preview")
    html = client.post(ADD, data).content.decode()
    assert "this rule would match 2." in html
    assert "rule “Everything AFP” comes first and takes it" in html


def test_preview_of_an_invalid_rule_shows_the_errors_and_no_preview(client, editor, items):
    client.force_login(editor)
    html = client.post(ADD, form_data(name="", _preview="Preview")).content.decode()
    assert "This field is required." in html
    assert "Preview: nothing has been saved" not in html


def test_preview_looks_at_the_last_hundred_items_only(
    client, editor, django_assert_max_num_queries
):
    for n in range(105):
        item(f"Story {n}")
    client.force_login(editor)
    with django_assert_max_num_queries(15):
        html = client.post(ADD, form_data(agency="Reuters", _preview="Preview")).content.decode()
    assert "Of the last 100 items, this rule would match 100." in html
    assert "Story 104" in html and "Story 4<" not in html


def test_the_form_offers_the_preview_button(client, editor):
    client.force_login(editor)
    assert 'name="_preview"' in client.get(ADD).content.decode()


# --- the wire list -------------------------------------------------------------------------


def test_the_wire_list_flags_and_filters_the_items_no_rule_routed(client, editor):
    RoutingRule.objects.create(name="Quakes", headline_keyword="earthquake")
    routed, unrouted = item("Earthquake in the south"), item("Markets close higher")
    assert (routed.flags(), unrouted.flags()) == ([], [NOT_ROUTED])
    client.force_login(editor)
    html = client.get(WIRE_LIST).content.decode()
    rows = html[html.index('id="result_list"') :]
    rows = rows[: rows.index("</table>")]
    assert rows.count(NOT_ROUTED) == 1  # the one item's flag (the filter offers it too)
    listed = client.get(WIRE_LIST + "?routing__isnull=True").content.decode()
    assert "Markets close higher" in listed
    assert "Earthquake in the south" not in listed


def test_the_routing_filter_picks_unrouted_failed_and_desk_items(editor, items):
    desk = Group.objects.create(name="Quake desk")
    RoutingRule.objects.create(name="Quakes", headline_keyword="earthquake", desk=desk)
    RoutingRule.objects.create(name="Auto", agency="AFP", auto_publish=True, changed_by=editor)
    on_desk = item("Earthquake in the south")
    failed = item("Storm warning", agency="AFP")  # no section: the workflow refuses
    unrouted = item("Markets open")

    def filtered(value: str) -> set[WireItem]:
        request = RequestFactory().get("/", {"routing": value})
        params = dict(request.GET.lists())
        chosen = routing_admin.RoutingListFilter(request, params, WireItem, WIRE_ADMIN)
        return set(chosen.queryset(request, WireItem.objects.all()))

    assert unrouted in filtered("none") and on_desk not in filtered("none")
    assert filtered("problem") == {failed}
    assert filtered(f"desk-{desk.pk}") == {on_desk}
