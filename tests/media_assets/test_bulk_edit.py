"""The photo desk's bulk actions: credit, source, usage terms or licence expiry on many photos."""

import datetime

import pytest
from django.contrib import admin as django_admin
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import surrogate_keys
from articles.models import Teaser
from audit.models import AuditEntry
from media_assets import bulk
from media_assets.models import Photo, RenditionState
from tests.articles.site_fixtures import publish
from tests.factories import make_article, make_photo

LIST = reverse("admin:media_assets_photo_changelist")
ACTIONS = ["set_credit", "set_source", "set_usage_terms", "set_licence_expiry"]
EXPIRY = datetime.date(2031, 5, 17)

pytestmark = pytest.mark.django_db


def act(client, action, photos, **data):
    """Post an action for `photos`; with `apply`, as its page's submit button does."""
    return client.post(
        LIST, {"action": action, "_selected_action": [photo.pk for photo in photos], **data}
    )


def fresh(photo: Photo) -> Photo:
    return Photo.objects.get(pk=photo.pk)


def audited(photo: Photo) -> list[dict]:
    entries = AuditEntry.objects.about(photo).filter(action="photo_credit")
    return [entry.data["changes"] for entry in entries]


@pytest.mark.parametrize("role", ["reporter", "editor"])
def test_only_the_photo_desk_is_offered_the_bulk_actions(role, request, client, photodesk):
    make_photo()
    client.force_login(request.getfixturevalue(role))
    form = client.get(LIST).context["action_form"]
    offered = {name for name, _ in form.fields["action"].choices} if form else set()
    assert offered.isdisjoint(ACTIONS)
    client.force_login(photodesk)
    offered = {name for name, _ in client.get(LIST).context["action_form"].fields["action"].choices}
    assert set(ACTIONS) <= offered


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ["reporter", "editor"])
def test_a_bulk_action_posted_by_hand_without_change_photo_is_refused(
    role, action, request, client
):
    photo = make_photo(source="Agency", usage_terms="Editorial use")
    data = {
        "apply": "1",
        "credit_line": "HACKED",
        "source": "HACKED",
        "usage_terms": "HACKED",
        "licence_expires": "2031-05-17",
    }
    client.force_login(request.getfixturevalue(role))
    assert act(client, action, [photo], **data).status_code == 403
    assert act(client, action, [photo]).status_code == 403  # its page too
    after = fresh(photo)
    assert (after.credit_line, after.source, after.usage_terms, after.licence_expires) == (
        "EPA-EFE/TEST PHOTOGRAPHER",
        "Agency",
        "Editorial use",
        None,
    )
    assert not AuditEntry.objects.exists()


def test_the_one_refusal_of_unoffered_actions_serves_the_photo_and_article_lists(
    rf, photodesk, editor
):
    """Both lists refuse a hand-made action through media_assets.bulk (one rule, one place)."""
    import articles.admin

    assert articles.admin.refuse_unoffered_action is bulk.refuse_unoffered_action
    photos = django_admin.site.get_model_admin(Photo)

    def posted(user, action):
        request = rf.post(LIST, {"action": action})
        request.user = user
        return request

    bulk.refuse_unoffered_action(photos, posted(photodesk, "set_credit"), bulk.NAMES)  # offered
    bulk.refuse_unoffered_action(photos, posted(editor, "delete_selected"), bulk.NAMES)  # not ours
    with pytest.raises(PermissionDenied, match="set_credit"):
        bulk.refuse_unoffered_action(photos, posted(editor, "set_credit"), bulk.NAMES)


def test_an_actions_page_lists_the_selected_photos_with_thumbnails_and_posts_them_back(
    client, photodesk
):
    chosen = [make_photo(caption="First"), make_photo(caption="Second")]
    make_photo(caption="Not chosen")
    client.force_login(photodesk)
    response = act(client, "set_credit", chosen)
    assert response.status_code == 200
    html = response.text
    assert html.count('class="photo-thumb"') == 2
    assert "First" in html and "Second" in html and "Not chosen" not in html
    for photo in chosen:
        assert f'name="_selected_action" value="{photo.pk}"' in html
    assert 'name="action" value="set_credit"' in html
    assert "Set the credit on 2 photos" in html and 'for="id_credit_line"' in html


@pytest.mark.parametrize(
    ("action", "data", "field", "value"),
    [
        ("set_credit", {"credit_line": "AP/JANE DOE"}, "credit_line", "AP/JANE DOE"),
        ("set_credit", {"creator": "Jane Doe"}, "creator", "Jane Doe"),
        ("set_credit", {"copyright_notice": "© AP 2026"}, "copyright_notice", "© AP 2026"),
        ("set_source", {"source": "Reuters"}, "source", "Reuters"),
        ("set_usage_terms", {"usage_terms": "No archive use"}, "usage_terms", "No archive use"),
        ("set_licence_expiry", {"licence_expires": "2031-05-17"}, "licence_expires", EXPIRY),
    ],
)
def test_each_action_sets_its_field_on_exactly_the_selected_photos(
    action, data, field, value, client, photodesk
):
    chosen = [make_photo(caption="One"), make_photo(caption="Two")]
    other = make_photo(caption="Other")
    before = {name: getattr(chosen[0], name) for name in ("caption", "alt_text", "credit_line")}
    client.force_login(photodesk)
    response = act(client, action, chosen, apply="1", **data)
    assert response.status_code == 302 and response.url.startswith(LIST)
    for photo in chosen:
        assert getattr(fresh(photo), field) == value
    assert getattr(fresh(other), field) != value
    untouched = {name: before[name] for name in before if name != field}
    assert {name: getattr(fresh(chosen[0]), name) for name in untouched} == untouched


def test_credit_fields_left_blank_keep_each_photos_own_and_the_message_counts(client, photodesk):
    first = make_photo(creator="Ann", credit_line="AFP")
    second = make_photo(creator="Bob", credit_line="EPA")
    client.force_login(photodesk)
    response = act(client, "set_credit", [first, second], apply="1", credit_line="AFP")
    assert (fresh(first).creator, fresh(first).credit_line) == ("Ann", "AFP")
    assert (fresh(second).creator, fresh(second).credit_line) == ("Bob", "AFP")
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert shown == ["Credit set on 2 photos. 1 photo had it already."]


def test_each_changed_photo_gets_one_audit_entry_with_old_and_new(client, photodesk):
    first = make_photo(credit_line="AFP", usage_terms="")
    second = make_photo(credit_line="EPA", usage_terms="Editorial use")
    client.force_login(photodesk)
    act(client, "set_credit", [first, second], apply="1", credit_line="REUTERS")
    act(client, "set_usage_terms", [first, second], apply="1", usage_terms="No archive")
    act(client, "set_licence_expiry", [first], apply="1", licence_expires="2031-05-17")
    act(client, "set_licence_expiry", [first], apply="1", no_expiry="on")
    assert audited(first) == [  # newest first
        {"licence_expires": ["2031-05-17", ""]},
        {"licence_expires": ["", "2031-05-17"]},
        {"usage_terms": ["", "No archive"]},
        {"credit_line": ["AFP", "REUTERS"]},
    ]
    assert audited(second) == [
        {"usage_terms": ["Editorial use", "No archive"]},
        {"credit_line": ["EPA", "REUTERS"]},
    ]
    entry = AuditEntry.objects.about(second).last()
    assert entry.actor == photodesk and entry.detail == "credit_line: “EPA” → “REUTERS”"


def test_a_photo_that_already_has_the_value_gets_no_entry(client, photodesk):
    same = make_photo(source="Reuters")
    client.force_login(photodesk)
    act(client, "set_source", [same], apply="1", source="Reuters")
    assert audited(same) == []


def test_an_article_showing_a_changed_photo_gets_its_row_refreshed_and_its_pages_purged(
    client, photodesk, purged, django_capture_on_commit_callbacks
):
    lead = make_photo(credit_line="EPA-EFE/OLD NAME")
    article = publish(make_article(lead_photo=lead, no_photo=False))
    bystander = publish(make_article())
    assert Teaser.objects.get(article=article).data["photo"]["credit"] == "© EPA-EFE/OLD NAME"
    client.force_login(photodesk)
    with django_capture_on_commit_callbacks(execute=True):
        act(client, "set_credit", [lead, make_photo()], apply="1", credit_line="AP/NEW NAME")
    assert Teaser.objects.get(article=article).data["photo"]["credit"] == "© AP/NEW NAME"
    keys = set().union(*purged)
    assert surrogate_keys.article(article.pk) in keys
    assert surrogate_keys.article(bystander.pk) not in keys


@pytest.mark.parametrize(
    ("action", "data", "error"),
    [
        ("set_licence_expiry", {"licence_expires": "2031-02-30"}, "Enter a valid date."),
        ("set_licence_expiry", {"licence_expires": ""}, "Give a date, or tick"),
        (
            "set_licence_expiry",
            {"licence_expires": "2031-05-17", "no_expiry": "on"},
            "not both",
        ),
        ("set_credit", {"credit_line": "", "creator": ""}, "at least one of the credit fields"),
        ("set_credit", {"credit_line": "X" * 201}, "at most 200 characters"),
        ("set_source", {"source": ""}, "This field is required."),
        ("set_usage_terms", {"usage_terms": "  "}, "This field is required."),
    ],
)
def test_a_refused_value_is_a_form_error_and_changes_nothing(
    action, data, error, client, photodesk
):
    photos = [make_photo(licence_expires=EXPIRY), make_photo(licence_expires=EXPIRY)]
    before = [fresh(photo) for photo in photos]
    client.force_login(photodesk)
    response = act(client, action, photos, apply="1", **data)
    assert response.status_code == 200 and error in response.text
    fields = ("credit_line", "creator", "source", "usage_terms", "licence_expires")
    for old, photo in zip(before, photos, strict=True):
        new = fresh(photo)
        assert [getattr(new, f) for f in fields] == [getattr(old, f) for f in fields]
    assert not AuditEntry.objects.exists()


def test_a_failure_on_one_photo_leaves_every_selected_photo_as_it_was(
    client, photodesk, monkeypatch
):
    from media_assets.admin import PhotoAdmin

    first, second = make_photo(credit_line="AFP"), make_photo(credit_line="EPA")
    real, saved = PhotoAdmin.save_model, []

    def fails_on_the_second(self, request, obj, form, change):
        if saved:
            raise RuntimeError("the database went away")
        real(self, request, obj, form, change)
        saved.append(obj)

    monkeypatch.setattr(PhotoAdmin, "save_model", fails_on_the_second)
    client.force_login(photodesk)
    with pytest.raises(RuntimeError):
        act(client, "set_credit", [first, second], apply="1", credit_line="REUTERS")
    assert len(saved) == 1  # one was saved before the failure, and rolled back with it
    assert [fresh(first).credit_line, fresh(second).credit_line] == ["AFP", "EPA"]
    assert not AuditEntry.objects.exists()


def test_the_photos_page_logs_usage_terms_and_licence_as_the_actions_do(client, photodesk):
    from tests.media_assets.test_admin import EMPTY_FORM

    photo = make_photo(usage_terms="Editorial use")
    client.force_login(photodesk)
    change = reverse("admin:media_assets_photo_change", args=[photo.pk])
    form = {
        **EMPTY_FORM,
        "caption": photo.caption,
        "alt_text": photo.alt_text,
        "credit_line": photo.credit_line,
        "usage_terms": "No archive",
        "licence_expires": "2031-05-17",
        "focal_x": "0.5",
        "focal_y": "0.5",
    }
    assert client.post(change, form).status_code == 302
    assert audited(photo) == [
        {"usage_terms": ["Editorial use", "No archive"], "licence_expires": ["", "2031-05-17"]}
    ]


def test_a_changed_photos_renditions_are_queued_as_after_one_edit(client, photodesk, task_queue):
    photo = make_photo(credit_line="AFP")
    client.force_login(photodesk)
    act(client, "set_credit", [photo], apply="1", credit_line="REUTERS")
    assert fresh(photo).renditions_state == RenditionState.QUEUED


def test_an_actions_page_costs_the_same_queries_for_one_photo_as_for_twenty(client, photodesk):
    client.force_login(photodesk)

    def queries(photos) -> int:
        act(client, "set_source", photos)  # the thumbnails, made once
        with CaptureQueriesContext(connection) as captured:
            response = act(client, "set_source", photos)
        assert response.text.count('class="photo-thumb"') == len(photos)
        return len(captured)

    one = queries([make_photo()])
    assert queries([make_photo() for _ in range(20)]) == one
