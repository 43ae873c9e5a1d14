"""Photos missing a credit or alt text: the form a bulk upload ends on, and the same screen from
the library list (its filter and its link)."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Teaser
from audit.models import AuditEntry
from media_assets import bulk
from media_assets.models import Photo
from tests.articles.site_fixtures import publish
from tests.factories import distinct_jpeg, make_article, make_photo

pytestmark = pytest.mark.django_db

LIST = reverse("admin:media_assets_photo_changelist")
BULK = reverse("admin:media_assets_photo_bulk_upload")
DETAILS = reverse("admin:media_assets_photo_missing_details")
FIELDS = ["caption", "alt_text", "creator", "credit_line", "copyright_notice"]


def incomplete(**fields) -> Photo:
    return make_photo(**{"credit_line": "", "alt_text": "", **fields})


def upload(number: int, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, distinct_jpeg(number), content_type="image/jpeg")


def rows(response) -> list[Photo]:
    return [form.instance for form in response.context["formset"]]


def filled(formset, changes: dict[int, dict]) -> dict:
    """The formset's data as the page shows it, with `changes` typed into row n."""
    data = {
        form.add_prefix(name): form[name].value() or ""
        for form in formset
        for name in [*FIELDS, "id"]
    }
    data.update({f"form-{key}": value for key, value in formset.management_form.initial.items()})
    for n, fields in changes.items():
        data.update({f"form-{n}-{name}": value for name, value in fields.items()})
    data["photos"] = ",".join(str(form.instance.pk) for form in formset)
    return data


def test_a_bulk_upload_ends_on_a_form_for_its_photos_missing_details(client, photodesk):
    complete = make_photo(caption="Credited")
    with complete.image.open("rb") as stored:
        duplicate = stored.read()
    older = incomplete(caption="Older, not in this upload")
    client.force_login(photodesk)
    files = [
        upload(9001, "harbour.jpg"),
        upload(9002, "market.jpg"),
        SimpleUploadedFile("again.jpg", duplicate, content_type="image/jpeg"),
    ]
    response = client.post(BULK, {"files": files})
    details = response.context["details"]
    uploaded = {r["name"]: r["photo"] for r in response.context["results"]}
    shown = {form.instance.pk for form in details["formset"]}
    assert shown == {uploaded["harbour.jpg"].pk, uploaded["market.jpg"].pk}
    html = response.text
    assert "harbour.jpg" in html and "market.jpg" in html and older.caption not in html
    assert html.count('class="photo-thumb"') == 2
    assert 'type="file"' not in html  # the upload form gives way to the details form
    action = re.search(r'<form method="post" action="([^"]+)"', html)[1].replace("&amp;", "&")
    assert action == f"{DETAILS}?ids={','.join(str(p.pk) for p in uploaded.values())}"


def test_the_details_form_saves_every_row_and_audits_the_credits(client, photodesk):
    first, second = incomplete(), incomplete(creator="Ann")
    client.force_login(photodesk)
    url = f"{DETAILS}?ids={first.pk},{second.pk}"
    formset = client.get(url).context["formset"]
    order = [form.instance.pk for form in formset]
    typed = {
        order.index(first.pk): {"alt_text": "A harbour at dawn", "credit_line": "AFP"},
        order.index(second.pk): {"alt_text": "A market", "copyright_notice": "© Ann"},
    }
    response = client.post(url, filled(formset, typed))
    assert response.status_code == 302 and response.url == url
    first, second = Photo.objects.get(pk=first.pk), Photo.objects.get(pk=second.pk)
    assert (first.alt_text, first.credit_line) == ("A harbour at dawn", "AFP")
    assert (second.alt_text, second.copyright_notice, second.creator) == (
        "A market",
        "© Ann",
        "Ann",
    )
    entries = {e.object_id: e.data["changes"] for e in AuditEntry.objects.filter(actor=photodesk)}
    assert entries == {
        str(first.pk): {"credit_line": ["", "AFP"]},
        str(second.pk): {"copyright_notice": ["", "© Ann"]},
    }
    assert rows(client.get(url)) == []  # both complete now
    assert "No photo here is missing" in client.get(url).text


def test_a_row_left_as_it_is_is_not_saved(client, photodesk):
    first, second = incomplete(), incomplete()
    client.force_login(photodesk)
    url = f"{DETAILS}?ids={first.pk},{second.pk}"
    formset = client.get(url).context["formset"]
    before = Photo.objects.get(pk=second.pk).updated_at
    order = [form.instance.pk for form in formset]
    typed = {order.index(first.pk): {"alt_text": "Alt", "credit_line": "AFP"}}
    client.post(url, filled(formset, typed))
    assert Photo.objects.get(pk=second.pk).updated_at == before
    assert rows(client.get(url)) == [second]


def test_a_refused_row_shows_its_error_and_nothing_is_saved(client, photodesk):
    first, second = incomplete(), incomplete()
    client.force_login(photodesk)
    url = f"{DETAILS}?ids={first.pk},{second.pk}"
    formset = client.get(url).context["formset"]
    typed = {0: {"alt_text": "Fine", "credit_line": "AFP"}, 1: {"credit_line": "X" * 201}}
    response = client.post(url, filled(formset, typed))
    assert response.status_code == 200
    errors = [form.errors for form in response.context["formset"]]
    assert errors[0] == {} and "credit_line" in errors[1]
    assert "Nothing was saved" in response.text and "at most 200 characters" in response.text
    assert response.text.count('<tr class="errors">') == 1
    assert [(p.alt_text, p.credit_line) for p in Photo.objects.all()] == [("", "")] * 2
    assert not AuditEntry.objects.exists()


def test_a_credit_filled_in_reaches_the_articles_showing_the_photo(
    client, photodesk, purged, django_capture_on_commit_callbacks
):
    lead = incomplete(alt_text="A harbour")
    article = publish(make_article(lead_photo=lead, no_photo=False))
    client.force_login(photodesk)
    url = f"{DETAILS}?ids={lead.pk}"
    formset = client.get(url).context["formset"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, filled(formset, {0: {"credit_line": "AFP/NEW"}}))
    assert Teaser.objects.get(article=article).data["photo"]["credit"] == "© AFP/NEW"
    assert f"a{article.pk}" in set().union(*purged)


def test_the_incomplete_filter_finds_photos_missing_a_credit_or_alt_text(client, photodesk):
    no_credit = make_photo(credit_line="", alt_text="Alt")
    no_alt = make_photo(credit_line="EPA", alt_text="")
    make_photo(credit_line="", source="Agency", alt_text="Alt")  # credited by its source
    make_photo()
    client.force_login(photodesk)
    found = client.get(LIST, {"incomplete": "yes"}).context["cl"].result_list
    assert {p.pk for p in found} == {no_credit.pk, no_alt.pk}
    assert "Missing credit or alt text" in client.get(LIST).text


def test_the_screen_from_the_list_shows_a_page_at_a_time_and_says_how_many_remain(
    client, photodesk, monkeypatch
):
    monkeypatch.setattr(bulk, "DETAILS_PER_PAGE", 2)
    for _ in range(5):
        incomplete()
    make_photo()
    client.force_login(photodesk)
    page = client.get(LIST).text
    assert f'<a href="{DETAILS}">Fill in missing credits and alt text</a>' in page
    response = client.get(DETAILS)
    assert len(rows(response)) == 2
    assert "2 shown here; 3 more photos to fill in after these" in response.text


@pytest.mark.parametrize("role", ["reporter", "editor"])
def test_without_change_photo_the_screen_is_refused_and_not_offered(role, request, client):
    photo = incomplete()
    client.force_login(request.getfixturevalue(role))
    assert "Fill in missing credits" not in client.get(LIST).text
    assert client.get(DETAILS).status_code == 403
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": str(photo.pk),
        "form-0-alt_text": "Hacked",
        "photos": str(photo.pk),
    }
    assert client.post(DETAILS, data).status_code == 403
    assert Photo.objects.get(pk=photo.pk).alt_text == ""


def test_an_editors_bulk_upload_ends_without_the_details_form(client, editor):
    client.force_login(editor)
    response = client.post(BULK, {"files": [upload(9101, "one.jpg")]})
    assert response.context["details"] == {} and "Save all" not in response.text


BAD_IDS = [
    "1,two",
    "99999999999999999999",  # beyond any id column: was an OverflowError (a DataError on PG)
    "-1",
    "²",  # a digit to str.isdigit(), not to int()
    ",".join(str(n) for n in range(1, 1002)),  # more ids than any page names
]


@pytest.mark.parametrize("ids", BAD_IDS)
def test_bad_photo_ids_in_the_address_are_a_bad_request(ids, client, photodesk):
    client.force_login(photodesk)
    assert client.get(DETAILS, {"ids": ids}).status_code == 400


@pytest.mark.parametrize("ids", BAD_IDS)
def test_bad_photo_ids_posted_are_a_bad_request_and_change_nothing(ids, client, photodesk):
    photo = incomplete()
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": str(photo.pk),
        "form-0-alt_text": "Typed",
        "photos": f"{photo.pk},{ids}",
    }
    client.force_login(photodesk)
    assert client.post(DETAILS, data).status_code == 400
    photo.refresh_from_db()
    assert photo.alt_text == ""


def test_a_thousand_photo_ids_are_accepted(client, photodesk):
    client.force_login(photodesk)
    ids = ",".join(str(n) for n in range(1, 1001))
    assert client.get(DETAILS, {"ids": ids}).status_code == 200


def test_the_screen_costs_the_same_queries_for_one_photo_as_for_twenty(client, photodesk):
    client.force_login(photodesk)

    def queries() -> int:
        client.get(DETAILS)  # the thumbnails, made once
        with CaptureQueriesContext(connection) as captured:
            response = client.get(DETAILS)
        assert response.status_code == 200
        return len(captured)

    incomplete()
    one = queries()
    for _ in range(19):
        incomplete()
    assert len(rows(client.get(DETAILS))) == 20
    assert queries() == one


@pytest.mark.parametrize(
    "posted",
    [
        {"form-0-id": "999999"},  # a photo the form did not name
        {"form-TOTAL_FORMS": "2", "form-1-alt_text": "A new photo?"},  # a row for a new photo
        {"form-TOTAL_FORMS": None, "form-INITIAL_FORMS": None},  # no management form
    ],
)
def test_rows_the_page_did_not_send_are_a_bad_request_and_change_nothing(posted, client, photodesk):
    photo = incomplete()
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": str(photo.pk),
        "form-0-alt_text": "Typed",
        "photos": str(photo.pk),
        **posted,
    }
    client.force_login(photodesk)
    response = client.post(DETAILS, {key: value for key, value in data.items() if value})
    assert response.status_code == 400
    assert list(Photo.objects.values_list("pk", "alt_text")) == [(photo.pk, "")]
