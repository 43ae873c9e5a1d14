"""The operators' list of notifications: read-only, failed emails found and sent again."""

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from notifications.models import EmailStatus, Kind, Notification
from notifications.sending import MAX_ATTEMPTS, notify
from tests import factories

LIST = "/admin/notifications/notification/"
REFUSING = "tests.notifications.test_sending.RefusingBackend"


def operator(*codenames, name="operator"):
    user = factories.make_user(name)
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="notifications", codename__in=codenames)
    )
    return user


def failed(recipient, text="Your story was published"):
    return Notification.objects.create(
        recipient=recipient,
        kind=Kind.PUBLISHED,
        text=text,
        email_status=EmailStatus.FAILED,
        email_attempts=MAX_ATTEMPTS,
        email_error="SMTPException: refused",
    )


def test_people_without_the_view_permission_cannot_see_the_list(client, cast):
    for user in cast.values():
        client.force_login(user)
        assert client.get(LIST).status_code == 403


def test_operators_see_every_notification_and_its_email_read_only(
    client, db, reporter, django_assert_max_num_queries
):
    for n in range(5):
        failed(reporter, text=f"Line {n}")
    client.force_login(operator("view_notification"))
    with django_assert_max_num_queries(12):
        response = client.get(LIST, {"email_status__exact": "failed"})
    html = response.content.decode()
    assert html.count("SMTPException: refused") == 5
    assert "reporter" in html
    assert "Send the email again" not in html  # needs the change permission
    assert client.get(f"{LIST}add/").status_code == 403
    notification = Notification.objects.first()
    change = client.post(f"{LIST}{notification.pk}/change/", {"text": "changed"})
    assert change.status_code == 403
    assert Notification.objects.get(pk=notification.pk).text != "changed"


def test_the_list_filters_by_email_status_and_kind(client, db, reporter):
    failed(reporter, text="Failed line")
    Notification.objects.create(recipient=reporter, kind=Kind.MENTIONED, text="Mention line")
    client.force_login(factories.make_user("root", is_superuser=True))
    html = client.get(LIST, {"email_status__exact": "failed"}).content.decode()
    assert "Failed line" in html and "Mention line" not in html
    html = client.get(LIST, {"kind__exact": "mentioned"}).content.decode()
    assert "Mention line" in html and "Failed line" not in html


def test_send_again_queues_failed_emails_and_delivers_them(
    client, db, mailoutbox, django_capture_on_commit_callbacks
):
    anna = factories.make_user("anna", email="anna@example.org")
    gone, sent = (
        failed(anna),
        Notification.objects.create(
            recipient=anna, kind=Kind.PUBLISHED, text="Sent", email_status=EmailStatus.SENT
        ),
    )
    client.force_login(operator("view_notification", "change_notification"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            LIST, {"action": "send_email_again", "_selected_action": [gone.pk, sent.pk]}
        )
    assert response.status_code == 302
    gone.refresh_from_db()
    assert gone.email_status == EmailStatus.SENT
    assert [m.to for m in mailoutbox] == [["anna@example.org"]]  # not the one already sent


def test_send_again_is_refused_without_the_change_permission(
    client, db, mailoutbox, django_capture_on_commit_callbacks
):
    anna = factories.make_user("anna", email="anna@example.org")
    notification = failed(anna)
    client.force_login(operator("view_notification"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(LIST, {"action": "send_email_again", "_selected_action": [notification.pk]})
    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.FAILED
    assert mailoutbox == []


@pytest.mark.parametrize("where", ["admin list", "inbox"])
def test_an_email_that_kept_failing_is_visible(
    client, db, settings, run_worker, where, django_capture_on_commit_callbacks
):
    settings.MAILERS = {"default": {"BACKEND": REFUSING}}
    anna = factories.make_user("anna", email="anna@example.org", is_superuser=True)
    with django_capture_on_commit_callbacks(execute=True):
        notify([anna], Kind.ASSIGNED, text="You were assigned a story")
    for _ in range(MAX_ATTEMPTS):
        DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
        run_worker()
    assert Notification.objects.get().email_status == EmailStatus.FAILED
    client.force_login(anna)
    html = client.get(LIST if where == "admin list" else "/admin/inbox/").content.decode()
    if where == "admin list":  # the operators read the server's reply
        assert "Connection refused by mail.example.org" in html
    else:  # its recipient, that it failed for good
        assert "email could not be sent<" in html and "mail.example.org" not in html
