"""`notify()`: the one way anything tells people something (see notifications/models.py).

Every line is stored for the admin's inbox. Those who want its kind by email (an EmailChoice, or
none: the default is yes) and have an address also get it by email: the notification is marked
QUEUED and `send_notification_email` is enqueued once the caller's transaction commits, so a
change rolled back tells nobody. A failed send is retried on a growing delay, then marked FAILED
for the recipient's inbox and the operators' list (notifications/admin.py).
"""

import logging
from collections.abc import Iterable
from datetime import timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from notifications.models import EmailChoice, EmailStatus, Notification

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
FIRST_RETRY = timedelta(minutes=1)  # then 4, 16 and 64 minutes
SUBJECT_PREFIX = "[{site}] "


def notify(
    recipients: Iterable[Any],
    kind: str,
    *,
    text: str,
    url: str = "",
    actor: Any = None,
) -> list[Notification]:
    """Tell each recipient `text` (a line) leading to `url`; never the actor themself.

    Callers pass only people who may see what the line is about. Inactive accounts and
    duplicates are dropped. Emails (for those who want this kind by email) are queued after
    the caller's transaction commits; sending never blocks or fails the caller.
    """
    actor_id = getattr(actor, "pk", None)
    people = {u.pk: u for u in recipients if u is not None and u.is_active and u.pk != actor_id}
    if not people:
        return []
    by_email = wants_email(people.values(), kind)
    rows = [
        Notification(
            recipient=user,
            kind=kind,
            text=text[:500],
            url=url[:500],
            actor=actor if actor_id else None,
            email_status=EmailStatus.QUEUED if user.pk in by_email else EmailStatus.NOT_WANTED,
        )
        for user in people.values()
    ]
    created = Notification.objects.bulk_create(rows)
    queued = [row.pk for row in created if row.email_status == EmailStatus.QUEUED]
    if queued:
        transaction.on_commit(partial(_enqueue_quietly, queued))
    return created


def wants_email(users: Iterable[Any], kind: str) -> set[int]:
    """The pks of `users` who have an address and have not turned email off for `kind`."""
    with_address = {user.pk for user in users if user.email}
    if not with_address:
        return set()
    declined = EmailChoice.objects.filter(
        user__in=with_address, kind=kind, by_email=False
    ).values_list("user_id", flat=True)
    return with_address - set(declined)


def send_again(notifications: Iterable[Notification]) -> int:
    """Queue the emails of failed notifications once more, from a first attempt; how many."""
    pks = [n.pk for n in notifications if n.email_status == EmailStatus.FAILED]
    Notification.objects.filter(pk__in=pks).update(
        email_status=EmailStatus.QUEUED, email_attempts=0, email_error=""
    )
    transaction.on_commit(partial(_enqueue_quietly, pks))
    return len(pks)


def retry_delay(attempt: int) -> timedelta:
    """How long to wait after failed attempt number `attempt`: 1, 4, 16, 64 minutes."""
    return FIRST_RETRY * int(4 ** (attempt - 1))


def _enqueue_quietly(notification_ids: list[int]) -> None:
    """Enqueue after the commit; a queue that is down is logged, never raised into the save
    that is already done (the notifications stay QUEUED in the operators' list)."""
    for notification_id in notification_ids:
        try:
            _enqueue(notification_id)
        except Exception:
            logger.exception("Could not queue the email of notification %s", notification_id)


def _enqueue(notification_id: int, attempt: int = 1) -> None:
    when = send_notification_email
    if attempt > 1 and when.get_backend().supports_defer:
        when = when.using(run_after=timezone.now() + retry_delay(attempt - 1))
    when.enqueue(notification_id, attempt)


@task
def send_notification_email(notification_id: int, attempt: int = 1) -> str:
    """Send one notification by email; its email status afterwards.

    A failure is counted and recorded on the notification, then tried again later (MAX_ATTEMPTS
    in all, waiting longer each time when the backend can defer) before it is marked FAILED.
    `attempt` only labels the task in the queue; the count kept on the notification decides.
    """
    notification = (
        Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    )
    if notification is None or notification.email_status != EmailStatus.QUEUED:
        return "gone" if notification is None else notification.email_status  # sent, or deleted
    address = notification.recipient.email
    try:
        if not address:
            raise ValueError("The account has no email address.")
        send_mail(
            _subject(notification),
            _body(notification),
            None,  # DEFAULT_FROM_EMAIL
            [address],
        )
    except Exception as error:  # whatever the mail server or the provider's API raise
        return _record_failure(
            notification, f"{type(error).__name__}: {error}", retry=bool(address)
        )
    Notification.objects.filter(pk=notification.pk).update(
        email_status=EmailStatus.SENT, emailed_at=timezone.now(), email_error=""
    )
    return EmailStatus.SENT


def _record_failure(notification: Notification, error: str, *, retry: bool) -> str:
    attempts = notification.email_attempts + 1
    gave_up = attempts >= MAX_ATTEMPTS or not retry
    status = EmailStatus.FAILED if gave_up else EmailStatus.QUEUED
    Notification.objects.filter(pk=notification.pk).update(
        email_attempts=F("email_attempts") + 1, email_error=error[:2000], email_status=status
    )
    logger.warning(
        "Email of notification %s failed (attempt %s of %s): %s",
        notification.pk,
        attempts,
        MAX_ATTEMPTS,
        error,
    )
    if not gave_up:
        _enqueue(notification.pk, attempts + 1)
    return status


def _subject(notification: Notification) -> str:
    # A header is one line: line breaks in the text would make send_mail refuse it.
    line = " ".join(notification.text.split())
    return (SUBJECT_PREFIX.format(site=settings.SITE_NAME) + line)[:200]


def _body(notification: Notification) -> str:
    site = settings.SITE_URL.rstrip("/")
    link = notification.url if is_local_path(notification.url) else reverse("notifications:inbox")
    choices = site + reverse("notifications:settings")
    return (
        f"{notification.text}\n\n{site}{link}\n\n"
        f"-- \nYou chose to get this kind of notification by email. "
        f"To change which ones you get: {choices}\n"
    )


def is_local_path(url: str) -> bool:
    """A path on this site (what callers write); anything else is never linked."""
    return url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=None)
