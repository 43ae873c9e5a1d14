"""The inbox, the bell in the admin header and the email choices page."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from notifications.models import EmailChoice, EmailStatus, Kind, Notification
from notifications.sending import notify
from tests import factories

INBOX = "/admin/inbox/"


def tell(user, text="Your story was returned", url="/admin/", **fields):
    return Notification.objects.create(
        recipient=user, kind=Kind.RETURNED, text=text, url=url, **fields
    )


def bell(html: str) -> str:
    found = re.search(
        r'<a href="/admin/inbox/" class="notifications-bell"[^>]*>.*?</a>', html, re.S
    )
    return found.group(0) if found else ""


def test_the_inbox_addresses():
    assert reverse("notifications:inbox") == INBOX
    assert reverse("notifications:open", args=[7]) == "/admin/inbox/open/7/"
    assert reverse("notifications:mark_all_read") == "/admin/inbox/read-all/"
    assert reverse("notifications:settings") == "/admin/inbox/settings/"


@pytest.mark.parametrize("name", ["inbox", "settings"])
def test_anonymous_visitors_are_sent_to_log_in(client, db, name):
    response = client.get(reverse(f"notifications:{name}"))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_bell_shows_the_unread_count_on_every_admin_page(client, reporter, editor):
    tell(reporter)
    tell(reporter)
    tell(reporter, read_at="2026-01-01T00:00Z")
    tell(editor)
    client.force_login(reporter)
    link = bell(client.get("/admin/").content.decode())
    assert 'aria-label="Notifications, 2 unread"' in link
    assert '<span class="notifications-badge">2</span>' in link
    assert 'aria-hidden="true"' in link  # the icon is not read out


def test_the_bell_keeps_djangos_own_links_and_title(client, reporter):
    client.force_login(reporter)
    html = client.get("/admin/").content.decode()
    assert "Log out" in html and "Change password" in html
    assert "<title>Newsroom | Newsroom</title>" in html  # as before the bell
    assert '<div id="site-name"><a href="/admin/">Newsroom admin</a></div>' in html


def test_the_bell_has_no_badge_when_all_is_read(client, reporter):
    client.force_login(reporter)
    link = bell(client.get("/admin/").content.decode())
    assert 'aria-label="Notifications"' in link
    assert "notifications-badge" not in link


def test_the_bell_is_absent_from_the_login_page(client, db):
    html = client.get("/admin/login/").content.decode()
    assert "notifications-bell" not in html


def test_the_inbox_lists_only_your_own_newest_first_and_marks_unread(
    client, reporter, editor, django_assert_max_num_queries
):
    tell(reporter, text="Older line", actor=editor, read_at="2026-01-01T00:00Z")
    tell(reporter, text="Newer line", actor=editor)
    tell(editor, text="Someone else's line")
    client.force_login(reporter)
    with django_assert_max_num_queries(7):  # session, user, its permissions (2), bell, count, page
        html = client.get(INBOX).content.decode()
    assert "Someone else" not in html
    assert html.index("Newer line") < html.index("Older line")
    assert html.count("notification-unread") == 1
    assert "New:" in html
    assert ">editor</td>" in html


def test_the_inbox_pages_by_fifty(client, reporter, django_assert_max_num_queries):
    Notification.objects.bulk_create(
        Notification(recipient=reporter, kind=Kind.RETURNED, text=f"Line {n}") for n in range(60)
    )
    client.force_login(reporter)
    with django_assert_max_num_queries(7):
        first = client.get(INBOX).content.decode()
    assert first.count('action="/admin/inbox/open/') == 50
    assert "Page 1 of 2" in first
    second = client.get(INBOX, {"page": 2}).content.decode()
    assert second.count('action="/admin/inbox/open/') == 10


def test_each_line_opens_through_a_button_named_by_its_text_posting_with_a_token(client, reporter):
    notification = tell(reporter, text="Your story was returned")
    client.force_login(reporter)
    html = client.get(INBOX).content.decode()
    action = reverse("notifications:open", args=[notification.pk])
    line = re.search(rf'<form[^>]*action="{action}"[^>]*>(.*?)</form>', html, re.S)
    assert line and 'method="post"' in line.group(0)
    assert 'name="csrfmiddlewaretoken"' in line.group(1)
    button = re.search(r"<button[^>]*>(.*?)</button>", line.group(1), re.S)
    assert button and button.group(1) == "Your story was returned"  # its accessible name
    assert f'href="{action}"' not in html


def test_opening_a_notification_marks_it_read_and_follows_its_link(client, reporter):
    notification = tell(reporter, url="/admin/articles/article/")
    client.force_login(reporter)
    response = client.post(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/admin/articles/article/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_a_get_follows_the_link_without_marking_it_read(client, reporter):
    """Another site's <img src> makes the browser GET the address with its cookies."""
    notification = tell(reporter, url="/admin/articles/article/")
    client.force_login(reporter)
    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert response["Location"] == "/admin/articles/article/"
    notification.refresh_from_db()
    assert notification.read_at is None


def test_a_post_from_another_site_without_the_token_is_refused(reporter):
    browser = Client(enforce_csrf_checks=True)
    notification = tell(reporter)
    browser.force_login(reporter)
    response = browser.post(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 403
    notification.refresh_from_db()
    assert notification.read_at is None


@pytest.mark.parametrize(
    "url",
    ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)", ""],
)
def test_a_link_off_the_site_is_never_followed(client, reporter, url):
    notification = tell(reporter, url=url)
    client.force_login(reporter)
    for method in (client.get, client.post):
        response = method(reverse("notifications:open", args=[notification.pk]))
        assert response["Location"] == INBOX


def test_someone_elses_notification_is_not_found(client, reporter, other_reporter):
    notification = tell(other_reporter)
    client.force_login(reporter)
    assert client.post(reverse("notifications:open", args=[notification.pk])).status_code == 404
    assert client.get(reverse("notifications:open", args=[notification.pk])).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_as_read_marks_only_yours_and_needs_a_post(client, reporter, other_reporter):
    mine, theirs = tell(reporter), tell(other_reporter)
    client.force_login(reporter)
    assert client.get(reverse("notifications:mark_all_read")).status_code == 405
    response = client.post(reverse("notifications:mark_all_read"))
    assert response["Location"] == INBOX
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None and theirs.read_at is None


def test_a_failed_email_is_shown_to_its_recipient_without_the_servers_reply(client, reporter):
    """The mail server's words (its name, its hosts) are for the operators' list only."""
    error = "SMTPException: 554 relay refused by mx1.internal.example"
    tell(reporter, email_status=EmailStatus.FAILED, email_attempts=5, email_error=error)
    tell(reporter, email_status=EmailStatus.QUEUED, email_attempts=2, email_error=error)
    tell(reporter, text="Waiting", email_status=EmailStatus.QUEUED)
    tell(reporter, text="Sent fine", email_status=EmailStatus.SENT)
    client.force_login(reporter)
    html = client.get(INBOX).content.decode()
    assert "SMTPException" not in html and "mx1.internal" not in html
    assert html.count("email could not be sent; it will be retried") == 1
    assert html.count("email could not be sent<") == 1  # for good


def test_the_settings_page_shows_the_address_and_a_box_per_kind(client, db):
    user = factories.make_user("anna", email="anna@example.org")
    client.force_login(user)
    html = client.get(reverse("notifications:settings")).content.decode()
    assert "anna@example.org" in html
    for kind in Kind:
        assert f'name="{kind.value}"' in html
        assert kind.label in html
    assert html.count("checked") == len(Kind)  # every kind by email until chosen otherwise


def test_the_settings_page_warns_an_account_without_address(client, reporter):
    client.force_login(reporter)
    html = client.get(reverse("notifications:settings")).content.decode()
    assert "has no email address" in html
    assert "ask an administrator" in html


def test_saved_choices_are_what_notify_then_follows(
    client, db, mailoutbox, django_capture_on_commit_callbacks
):
    user = factories.make_user("anna", email="anna@example.org")
    client.force_login(user)
    kept = {Kind.MENTIONED.value: "on"}
    response = client.post(reverse("notifications:settings"), kept)
    assert response.status_code == 302
    assert set(
        EmailChoice.objects.filter(user=user, by_email=True).values_list("kind", flat=True)
    ) == {Kind.MENTIONED}
    assert EmailChoice.objects.filter(user=user).count() == len(Kind)
    html = client.get(reverse("notifications:settings")).content.decode()
    assert html.count("checked") == 1
    with django_capture_on_commit_callbacks(execute=True):
        notify([user], Kind.ASSIGNED, text="Assigned")
        notify([user], Kind.MENTIONED, text="Mentioned")
    assert [m.subject for m in mailoutbox] == ["[Newsroom] Mentioned"]
    # Saving again changes the rows in place.
    client.post(reverse("notifications:settings"), {Kind.ASSIGNED.value: "on"})
    assert EmailChoice.objects.get(user=user, kind=Kind.ASSIGNED).by_email
    assert not EmailChoice.objects.get(user=user, kind=Kind.MENTIONED).by_email


def test_people_without_admin_access_cannot_open_the_inbox(client, db):
    outsider = factories.make_user("outsider")
    outsider.is_staff = False
    outsider.save()
    client.force_login(outsider)
    response = client.get(INBOX)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
