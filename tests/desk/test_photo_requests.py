"""Photo requests: a budget line asks the photo desk for a picture; the desk works its queue."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from desk.models import PhotoRequest
from notifications.models import Kind, Notification
from tests.factories import make_line, make_photo, make_photo_request, make_user

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:desk_photorequest_changelist")


def line_url(line):
    return reverse("admin:desk_budgetline_change", args=[line.pk])


def request_url(photo_request):
    return reverse("admin:desk_photorequest_change", args=[photo_request.pk])


def line_with_request(line, brief="The minister arriving", needed_by=None):
    """The line's form as posted with one new photo request."""
    when = timezone.localtime(needed_by) if needed_by else None
    return {
        "slug": line.slug,
        "pitch": line.pitch,
        "section": line.section_id,
        "day": line.day.isoformat(),
        "writer": line.writer_id or "",
        "photographer": line.photographer_id or "",
        "deadline_0": "",
        "deadline_1": "",
        "expected_words": "",
        "publish_at_0": "",
        "publish_at_1": "",
        "photo_requests-TOTAL_FORMS": "1",
        "photo_requests-INITIAL_FORMS": "0",
        "photo_requests-MIN_NUM_FORMS": "0",
        "photo_requests-MAX_NUM_FORMS": "1000",
        "photo_requests-0-brief": brief,
        "photo_requests-0-needed_by_0": f"{when:%Y-%m-%d}" if when else "",
        "photo_requests-0-needed_by_1": f"{when:%H:%M:%S}" if when else "",
        "photo_requests-0-line": line.pk,
    }


def queue(client, **params) -> list[str]:
    response = client.get(QUEUE, params)
    assert response.status_code == 200
    return [r.brief for r in response.context["cl"].result_list]


# --- asking for a picture -----------------------------------------------------------------


def test_an_editor_asks_for_a_photo_and_the_desk_and_the_photographer_are_told(
    client, editor, reporter, photodesk
):
    photographer = make_user("photographer")
    line = make_line(writer=reporter, photographer=photographer)
    client.force_login(editor)

    response = client.post(line_url(line), line_with_request(line, "The minister arriving"))

    assert response.status_code == 302
    photo_request = PhotoRequest.objects.get()
    assert (photo_request.line, photo_request.requested_by) == (line, editor)
    assert photo_request.brief == "The minister arriving"
    assert photo_request.status == PhotoRequest.Status.OPEN
    told = Notification.objects.filter(kind=Kind.PHOTO_REQUESTED)
    # The desk (whoever works requests: the photo desk, and editors hold that too, but never
    # the one who asked) and the line's photographer; not the writer.
    assert {n.recipient for n in told} == {photodesk, photographer}
    for notification in told:
        assert notification.url == request_url(photo_request)
        assert notification.actor == editor
        assert "The minister arriving" in notification.text


def test_another_editor_is_told_as_one_of_the_desk(client, editor, photodesk):
    other_editor = make_user("other_editor")
    other_editor.groups.set(editor.groups.all())
    line = make_line()
    client.force_login(editor)

    client.post(line_url(line), line_with_request(line))

    told = {n.recipient for n in Notification.objects.filter(kind=Kind.PHOTO_REQUESTED)}
    assert told == {photodesk, other_editor}


def test_a_reporter_cannot_ask_for_a_photo(client, reporter, photodesk):
    line = make_line(created_by=reporter)  # their own pitch: they may change it
    client.force_login(reporter)

    page = client.get(line_url(line)).content.decode()
    client.post(line_url(line), line_with_request(line))

    assert 'name="photo_requests-0-brief"' not in page  # no row to fill in
    assert not PhotoRequest.objects.exists()
    assert not Notification.objects.exists()


def test_a_lines_requests_are_shown_on_it_read_only(client, editor, photodesk):
    line = make_line()
    make_photo_request(line, brief="Crowd outside parliament", assignee=photodesk)
    client.force_login(editor)

    response = client.get(line_url(line))

    html = response.content.decode()
    assert "Crowd outside parliament" in html
    assert 'name="photo_requests-0-brief"' not in html  # worked in the queue, not here


# --- the desk's queue -----------------------------------------------------------------------


def test_the_queue_lists_open_requests_first_most_urgent_on_top(client, photodesk):
    now = timezone.now()
    make_photo_request(brief="later", needed_by=now + timedelta(hours=5))
    make_photo_request(brief="done", needed_by=now, status=PhotoRequest.Status.DONE)
    make_photo_request(brief="whenever")
    make_photo_request(brief="soon", needed_by=now + timedelta(hours=1))
    client.force_login(photodesk)

    assert queue(client) == ["soon", "later", "whenever", "done"]


def test_the_queue_filters_by_status_and_assignee(client, photodesk):
    make_photo_request(brief="mine", assignee=photodesk)
    make_photo_request(brief="nobody's")
    make_photo_request(brief="finished", status=PhotoRequest.Status.DONE)
    client.force_login(photodesk)

    assert queue(client, status__exact="done") == ["finished"]
    assert queue(client, assignee__id__exact=photodesk.pk) == ["mine"]


def test_the_desk_takes_a_request_answers_it_with_a_photo_and_marks_it_done(client, photodesk):
    photo_request = make_photo_request(brief="The summit")
    photo = make_photo(caption="Leaders at the summit")
    client.force_login(photodesk)

    response = client.post(
        request_url(photo_request),
        {"status": "done", "assignee": photodesk.pk, "photo": photo.pk},
    )

    assert response.status_code == 302
    photo_request.refresh_from_db()
    assert (photo_request.status, photo_request.assignee, photo_request.photo) == (
        PhotoRequest.Status.DONE,
        photodesk,
        photo,
    )
    assert photo_request.brief == "The summit"  # the requester's words stay theirs


def test_the_photo_is_chosen_by_autocomplete(client, photodesk):
    photo_request = make_photo_request()
    client.force_login(photodesk)

    form = client.get(request_url(photo_request)).context["adminform"].form

    assert "admin-autocomplete" in str(form["photo"])


def test_the_desk_marks_chosen_requests_done(client, photodesk):
    first, second = make_photo_request(), make_photo_request()
    client.force_login(photodesk)

    client.post(QUEUE, {"action": "mark_done", "_selected_action": [first.pk, second.pk]})

    statuses = set(PhotoRequest.objects.values_list("status", flat=True))
    assert statuses == {PhotoRequest.Status.DONE}


def test_a_reporter_sees_the_queue_but_cannot_work_it(client, reporter, photodesk):
    photo_request = make_photo_request()
    client.force_login(reporter)

    assert queue(client) == [photo_request.brief]
    assert client.get(request_url(photo_request)).status_code == 200
    response = client.post(request_url(photo_request), {"status": "done", "assignee": reporter.pk})
    client.post(QUEUE, {"action": "mark_done", "_selected_action": [photo_request.pk]})

    assert response.status_code == 403
    photo_request.refresh_from_db()
    assert photo_request.status == PhotoRequest.Status.OPEN
    assert photo_request.assignee is None


def test_requests_are_made_on_lines_never_in_the_queue(client, editor, photodesk):
    client.force_login(photodesk)
    assert client.get(reverse("admin:desk_photorequest_add")).status_code == 403
    client.force_login(editor)
    assert client.get(reverse("admin:desk_photorequest_add")).status_code == 403


@pytest.mark.parametrize("who", ["reader", "anonymous"])
def test_readers_and_strangers_get_nothing_of_the_queue(client, reader, who):
    photo_request = make_photo_request()
    if who == "reader":
        client.force_login(reader)

    for response in (client.get(QUEUE), client.get(request_url(photo_request))):
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert "/login/" in response["Location"]


def test_the_queue_costs_the_same_queries_for_one_request_and_thirty(
    client, photodesk, django_assert_max_num_queries
):
    photo = make_photo()
    make_photo_request(assignee=photodesk, photo=photo)
    client.force_login(photodesk)
    with django_assert_max_num_queries(10) as one:
        client.get(QUEUE)
    for _ in range(29):
        make_photo_request(assignee=photodesk, photo=photo)

    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(QUEUE)

    assert len(response.context["cl"].result_list) == 30


def test_the_line_offers_a_row_to_ask_for_a_photo_without_javascript(client, editor):
    line = make_line()
    client.force_login(editor)

    page = client.get(line_url(line)).content.decode()

    assert 'name="photo_requests-0-brief"' in page
    data = line_with_request(line, brief="")  # the row left empty is no request
    assert client.post(line_url(line), data).status_code == 302
    assert not PhotoRequest.objects.exists()
