"""Login throttling: brute force against the admin's login is refused with a clear message."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.db.models import F

from tests.factories import PASSWORD

LOGIN = "/admin/login/"
LOCKED = "Sign-in is locked after too many failed attempts"


@pytest.fixture
def throttled(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 10
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    settings.TRUSTED_PROXY_COUNT = 0


def sign_in(client, username, password, address="203.0.113.5", **headers):
    data = {"username": username, "password": password, "next": "/admin/"}
    return client.post(LOGIN, data, REMOTE_ADDR=address, **headers)


def signed_in(response):
    return response.status_code == 302 and response["Location"] == "/admin/"


def test_a_handful_of_wrong_passwords_still_lets_the_right_one_in(throttled, client, editor):
    for _ in range(9):
        response = sign_in(client, "editor", "wrong")
        assert response.status_code == 200
        assert LOCKED not in response.text
    assert signed_in(sign_in(client, "editor", PASSWORD))


def test_the_twenty_first_wrong_password_is_refused_with_a_message(throttled, client, editor):
    for _ in range(20):
        sign_in(client, "editor", "wrong")
    response = sign_in(client, "editor", "wrong")
    assert response.status_code == 429
    assert LOCKED in response.text
    assert "Try again after" in response.text
    # The page is the admin's login form, not a bare error page.
    assert 'id="login-form"' in response.text


def test_the_right_password_during_a_lockout_is_refused(throttled, client, editor):
    for _ in range(10):
        sign_in(client, "editor", "wrong")
    response = sign_in(client, "editor", PASSWORD)
    assert response.status_code == 429
    assert LOCKED in response.text
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302  # still to the login page


def test_the_account_is_locked_from_every_address(throttled, client, editor):
    for number in range(10):
        sign_in(client, "editor", "wrong", address=f"198.51.100.{number}")
    response = sign_in(client, "editor", PASSWORD, address="192.0.2.77")
    assert response.status_code == 429


def test_the_lockout_expires(throttled, client, editor):
    for _ in range(10):
        sign_in(client, "editor", "wrong")
    assert sign_in(client, "editor", PASSWORD).status_code == 429
    # Sixteen minutes pass.
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=16))
    assert signed_in(sign_in(client, "editor", PASSWORD))


def test_another_account_elsewhere_is_unaffected(throttled, client, editor, reporter):
    for _ in range(21):
        sign_in(client, "editor", "wrong")
    assert signed_in(sign_in(client, "reporter", PASSWORD, address="192.0.2.10"))


def test_an_address_trying_many_accounts_is_locked(throttled, client, editor, reporter):
    for number in range(10):
        sign_in(client, f"guess{number}", "wrong")
    assert sign_in(client, "reporter", PASSWORD).status_code == 429
    # The same account from elsewhere still signs in.
    assert signed_in(sign_in(client, "reporter", PASSWORD, address="192.0.2.10"))


def test_a_forged_forwarded_for_does_not_escape_the_lock(throttled, client, editor, settings):
    for number in range(10):
        sign_in(client, f"guess{number}", "wrong", HTTP_X_FORWARDED_FOR=f"10.0.0.{number}")
    assert sign_in(client, "editor", PASSWORD, HTTP_X_FORWARDED_FOR="10.9.9.9").status_code == 429


def test_behind_proxies_the_address_they_saw_is_counted(throttled, client, editor, settings):
    settings.TRUSTED_PROXY_COUNT = 2  # nginx, then Varnish (deploy/)
    for number in range(10):
        # The client forges a first entry; nginx appends the real address, Varnish nginx's.
        forwarded = f"10.0.0.{number}, 203.0.113.9, 127.0.0.1"
        sign_in(client, f"guess{number}", "wrong", "127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    locked = sign_in(
        client, "editor", PASSWORD, "127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9, 127.0.0.1"
    )
    assert locked.status_code == 429
    other = sign_in(
        client, "editor", PASSWORD, "127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.3, 127.0.0.1"
    )
    assert signed_in(other)
