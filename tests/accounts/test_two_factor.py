"""Two-factor sign-in: publishers must have a second factor when required; codes are checked."""

import re

import pytest
from django.contrib.auth.models import Group
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.log import AccountAction
from audit.models import AuditEntry
from tests import factories
from tests.factories import PASSWORD

ADMIN = "/admin/"
ARTICLES = "/admin/articles/article/"
ENROL = "/admin/two-factor/enrol/"
VERIFY = "/admin/two-factor/verify/"
COLLEAGUES = "/admin/accounts/colleague/"


@pytest.fixture
def required(settings):
    settings.TWO_FACTOR_REQUIRED_FOR_PUBLISHERS = True


def code_for(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def with_device(user):
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    recovery = StaticDevice.objects.create(user=user, name="Recovery codes")
    StaticToken.objects.create(device=recovery, token="recover1")
    return device


def sign_in(client, user):
    response = client.post(
        "/admin/login/", {"username": user.username, "password": PASSWORD, "next": ADMIN}
    )
    assert response.status_code == 302, "the password was refused"


def test_an_editor_without_a_second_factor_cannot_reach_the_admin(required, client, editor):
    client.force_login(editor)
    for path in (ADMIN, ARTICLES, f"{ARTICLES}add/", "/admin/audit/auditentry/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith(ENROL)
    page = client.get(ENROL)
    assert page.status_code == 200
    assert "must sign in with a second factor" in page.text
    assert "<svg" in page.text and "otpauth://totp/" in page.text


def test_a_superuser_must_enrol_too(required, client, db):
    boss = factories.make_user("boss", is_superuser=True)
    client.force_login(boss)
    assert client.get(ADMIN)["Location"].startswith(ENROL)


def test_a_reporter_who_cannot_publish_is_not_required(required, client, reporter):
    client.force_login(reporter)
    assert client.get(ARTICLES).status_code == 200


def test_when_not_required_the_editor_signs_in_with_a_password(client, editor):
    sign_in(client, editor)
    assert client.get(ARTICLES).status_code == 200


def test_enrolment_confirms_the_app_and_shows_recovery_codes_once(required, client, editor):
    client.force_login(editor)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    wrong = client.post(ENROL, {"code": "000000" if code_for(device) != "000000" else "111111"})
    assert "That code is not right" in wrong.text
    assert not TOTPDevice.objects.filter(user=editor, confirmed=True).exists()
    too_soon = client.post(ENROL, {"code": code_for(device)})
    assert "wait a few seconds" in too_soon.text

    device.refresh_from_db()
    device.throttling_failure_count = 0  # a real person waits a second before trying again
    device.throttling_failure_timestamp = None
    device.save()
    done = client.post(ENROL, {"code": code_for(device)})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>(\w+)</code></li>", done.text)
    assert len(codes) == 10
    assert set(codes) == set(
        StaticToken.objects.filter(device__user=editor).values_list("token", flat=True)
    )
    assert client.get(ARTICLES).status_code == 200
    # Shown once: the page says it is on, with no codes.
    again = client.get(ENROL)
    assert "Your second factor is on" in again.text
    assert not any(code in again.text for code in codes)


def test_password_and_code_let_an_editor_in(required, client, editor):
    device = with_device(editor)
    sign_in(client, editor)
    response = client.get(ARTICLES)
    assert response["Location"] == f"{VERIFY}?next=%2Fadmin%2Farticles%2Farticle%2F"
    response = client.post(VERIFY, {"code": code_for(device), "next": ARTICLES})
    assert response.status_code == 302 and response["Location"] == ARTICLES
    assert client.get(ARTICLES).status_code == 200


def test_a_device_is_asked_for_even_when_not_required(client, reporter):
    with_device(reporter)
    sign_in(client, reporter)
    assert client.get(ARTICLES)["Location"].startswith(VERIFY)


def test_a_wrong_code_is_refused(required, client, editor):
    device = with_device(editor)
    sign_in(client, editor)
    wrong = "000000" if code_for(device) != "000000" else "111111"
    response = client.post(VERIFY, {"code": wrong, "next": ARTICLES})
    assert response.status_code == 200
    assert "That code is not right" in response.text
    assert client.get(ARTICLES)["Location"].startswith(VERIFY)


def test_a_right_code_too_soon_after_wrong_ones_is_refused_saying_wait(required, client, editor):
    device = with_device(editor)
    sign_in(client, editor)
    wrong = "000000" if code_for(device) != "000000" else "111111"
    client.post(VERIFY, {"code": wrong})
    response = client.post(VERIFY, {"code": code_for(device), "next": ARTICLES})
    assert "Too many wrong codes in a row: wait a few seconds" in response.text
    assert client.get(ARTICLES)["Location"].startswith(VERIFY)


def test_a_recovery_code_works_once(required, client, editor):
    with_device(editor)
    sign_in(client, editor)
    assert client.post(VERIFY, {"code": "recover1", "next": ARTICLES}).status_code == 302
    assert client.get(ARTICLES).status_code == 200
    client.logout()
    sign_in(client, editor)
    response = client.post(VERIFY, {"code": "recover1", "next": ARTICLES})
    assert "That code is not right" in response.text
    assert client.get(ARTICLES)["Location"].startswith(VERIFY)


def test_an_unsafe_next_is_ignored(client, editor):
    device = with_device(editor)
    sign_in(client, editor)
    response = client.post(VERIFY, {"code": code_for(device), "next": "https://evil.example/"})
    assert response["Location"] == ADMIN


def reset(client, *users):
    data = {"action": "reset_second_factor", "_selected_action": [user.pk for user in users]}
    return client.post(COLLEAGUES, data, follow=True)


def test_an_editor_resets_a_colleagues_second_factor_and_it_is_logged(client, editor, reporter):
    with_device(reporter)
    client.force_login(editor)
    response = reset(client, reporter)
    assert "Second factor reset for reporter" in response.text
    assert not TOTPDevice.objects.filter(user=reporter).exists()
    assert not StaticDevice.objects.filter(user=reporter).exists()
    entry = AuditEntry.objects.get(action=AccountAction.TWO_FACTOR_RESET)
    assert entry.actor == editor
    assert entry.object_id == str(reporter.pk)
    assert entry.data["devices"] == [
        "TOTPDevice: Authenticator app",
        "StaticDevice: Recovery codes",
    ]


def test_a_reporter_may_not_reset_anyones_second_factor(client, reporter, editor):
    with_device(editor)
    client.force_login(reporter)
    assert client.get(COLLEAGUES).status_code == 403
    reset(client, editor)
    assert TOTPDevice.objects.filter(user=editor).exists()
    assert not AuditEntry.objects.filter(action=AccountAction.TWO_FACTOR_RESET).exists()


def test_an_editor_may_not_reset_a_superuser_or_themselves(client, editor):
    boss = factories.make_user("boss", is_superuser=True)
    with_device(boss)
    with_device(editor)
    client.force_login(editor)
    client.post(VERIFY, {"code": "recover1"})
    response = reset(client, boss, editor)
    assert "Not reset" in response.text
    assert TOTPDevice.objects.filter(user=boss).exists()
    assert TOTPDevice.objects.filter(user=editor).exists()
    assert not AuditEntry.objects.filter(action=AccountAction.TWO_FACTOR_RESET).exists()


def test_the_editor_role_holds_the_reset_permission(editor):
    editors = Group.objects.get(name="Editor")
    names = {p.codename for p in editors.permissions.all()}
    assert {"reset_second_factor", "view_colleague"} <= names
