"""notify(): who gets a line, who gets an email, and what a failing mail server does."""

import logging
from smtplib import SMTPException

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.tasks.backends.immediate import ImmediateBackend
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from notifications.models import EmailChoice, EmailStatus, Kind, Notification
from notifications.sending import MAX_ATTEMPTS, notify, send_again
from tests import factories


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise SMTPException("Connection refused by mail.example.org")


REFUSING = f"{__name__}.RefusingBackend"


def person(name, **fields):
    return factories.make_user(name, email=f"{name}@example.org", **fields)


def tell(*recipients, actor=None, kind=Kind.ASSIGNED, url="/admin/"):
    return notify(recipients, kind, text="You were assigned “Floods”", url=url, actor=actor)


def test_each_recipient_gets_one_line_and_the_actor_none(db):
    anna, ben, actor = person("anna"), person("ben"), person("actor")
    rows = tell(anna, ben, anna, actor, None, actor=actor)
    assert sorted(n.recipient.username for n in rows) == ["anna", "ben"]
    assert Notification.objects.count() == 2
    assert {n.actor for n in Notification.objects.all()} == {actor}


def test_inactive_accounts_are_not_told(db):
    gone = person("gone", is_active=False)
    assert tell(gone) == []
    assert not Notification.objects.exists()


def test_email_goes_to_those_with_an_address_who_did_not_turn_it_off(
    db, mailoutbox, django_capture_on_commit_callbacks
):
    wants, declined, no_address = person("wants"), person("declined"), factories.make_user("nomail")
    EmailChoice.objects.create(user=declined, kind=Kind.ASSIGNED, by_email=False)
    EmailChoice.objects.create(user=wants, kind=Kind.MENTIONED, by_email=False)  # another kind
    with django_capture_on_commit_callbacks(execute=True):
        tell(wants, declined, no_address, url="/admin/desk/")
    assert [m.to for m in mailoutbox] == [["wants@example.org"]]
    message = mailoutbox[0]
    assert message.subject == "[Newsroom] You were assigned “Floods”"
    assert "You were assigned “Floods”" in message.body
    assert "http://testserver.example/admin/desk/" in message.body
    assert "http://testserver.example/admin/inbox/settings/" in message.body
    statuses = dict(Notification.objects.values_list("recipient__username", "email_status"))
    assert statuses == {
        "wants": EmailStatus.SENT,
        "declined": EmailStatus.NOT_WANTED,
        "nomail": EmailStatus.NOT_WANTED,
    }
    assert Notification.objects.get(recipient=wants).emailed_at is not None


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "http://testserver.example"
    settings.SITE_NAME = "Newsroom"


def test_a_link_off_the_site_is_not_put_in_the_email(
    db, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        tell(person("anna"), url="https://evil.example/phish")
    assert "evil.example" not in mailoutbox[0].body
    assert "http://testserver.example/admin/inbox/\n" in mailoutbox[0].body


def test_nothing_is_sent_before_the_callers_transaction_commits(
    db, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        tell(person("anna"))
    assert mailoutbox == []
    assert Notification.objects.get().email_status == EmailStatus.QUEUED
    for callback in callbacks:
        callback()
    assert len(mailoutbox) == 1


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_sends_nothing(mailoutbox):
    anna = person("anna")

    class Refused(Exception):
        pass

    with pytest.raises(Refused), transaction.atomic():
        tell(anna)
        raise Refused
    assert mailoutbox == []
    assert not Notification.objects.exists()
    with transaction.atomic():
        tell(anna)
    assert len(mailoutbox) == 1


def test_a_queue_that_is_down_never_fails_the_callers_save(
    db, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def down(*args, **kwargs):
        raise ConnectionError("queue is down")

    monkeypatch.setattr(ImmediateBackend, "enqueue", down)
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        rows = tell(person("anna"))
    assert rows[0].email_status == EmailStatus.QUEUED
    assert "Could not queue the email of notification" in caplog.text


def test_a_failing_mail_server_never_raises_into_the_caller_and_is_retried_then_failed(
    db, settings, run_worker, caplog, django_capture_on_commit_callbacks
):
    settings.MAILERS = {"default": {"BACKEND": REFUSING}}
    with django_capture_on_commit_callbacks(execute=True):
        [row] = tell(person("anna"))  # the save goes on
    for attempt in range(1, MAX_ATTEMPTS + 1):
        make_retries_due()
        with caplog.at_level(logging.WARNING):
            run_worker()
        row.refresh_from_db()
        assert row.email_attempts == attempt
        assert "Connection refused by mail.example.org" in row.email_error
        expected = EmailStatus.FAILED if attempt == MAX_ATTEMPTS else EmailStatus.QUEUED
        assert row.email_status == expected
    assert caplog.text.count(f"Email of notification {row.pk} failed") == MAX_ATTEMPTS
    make_retries_due()
    run_worker()
    assert DBTaskResult.objects.ready().count() == 0  # no more attempts queued


def test_retries_wait_longer_each_time(
    db, settings, run_worker, django_capture_on_commit_callbacks
):
    settings.MAILERS = {"default": {"BACKEND": REFUSING}}
    with django_capture_on_commit_callbacks(execute=True):
        tell(person("anna"))
    run_worker()
    waits = []
    for _ in range(2):
        pending = DBTaskResult.objects.ready().count()
        assert pending == 0  # the retry is not due yet
        task = DBTaskResult.objects.filter(status="READY").get()
        waits.append(task.run_after - timezone.now())
        make_retries_due()
        run_worker()
    assert waits[0].total_seconds() > 30
    assert waits[1] > waits[0] * 3


def test_sending_again_after_failure_delivers(
    db, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.MAILERS = {"default": {"BACKEND": REFUSING}}
    with django_capture_on_commit_callbacks(execute=True):
        [row] = tell(person("anna"))  # the immediate backend runs every attempt at once
    row.refresh_from_db()
    assert (row.email_status, row.email_attempts) == (EmailStatus.FAILED, MAX_ATTEMPTS)
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        assert send_again([row]) == 1
    row.refresh_from_db()
    assert row.email_status == EmailStatus.SENT
    assert row.email_error == ""
    assert len(mail.outbox) == 1


def test_an_email_already_sent_is_not_sent_twice(
    db, mailoutbox, django_capture_on_commit_callbacks
):
    from notifications.sending import send_notification_email

    with django_capture_on_commit_callbacks(execute=True):
        [row] = tell(person("anna"))
    send_notification_email.enqueue(row.pk)
    assert len(mailoutbox) == 1


def make_retries_due():
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
