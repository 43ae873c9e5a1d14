"""Two-factor sign-in for the admin (django-otp: TOTP apps, recovery codes as static tokens).

After the password, anyone with a confirmed device must give a code before any admin page opens
(`verify`). TWO_FACTOR_REQUIRED_FOR_PUBLISHERS makes a device compulsory for everyone who may
publish (`articles.publish_article`: editors, superusers): until they enrol they see only the
enrolment page. A colleague's devices can be reset (`reset_second_factor`), and that is logged.
"""

from base64 import b32encode
from collections.abc import Callable
from typing import Any

import segno
from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.log import record_two_factor_reset
from newsroom.numbers import whole_number

PUBLISH_PERMISSION = "articles.publish_article"
RECOVERY_CODES = 10
APP_DEVICE = "Authenticator app"
RECOVERY_DEVICE = "Recovery codes"


def has_second_factor(user: Any) -> bool:
    """A confirmed device; accounts.backends loads the answer with the request's user."""
    if hasattr(user, "has_totp") and hasattr(user, "has_static"):
        return bool(user.has_totp or user.has_static)
    return bool(user_has_device(user))


def must_enrol(user: Any) -> bool:
    """Required to have a second factor (and has none yet)."""
    return (
        settings.TWO_FACTOR_REQUIRED_FOR_PUBLISHERS
        and user.has_perm(PUBLISH_PERMISSION)
        and not has_second_factor(user)
    )


def must_verify(user: Any) -> bool:
    """Has a second factor but has not given a code in this session."""
    return not user.is_verified() and has_second_factor(user)


class SecondFactorMiddleware:
    """Keeps a signed-in person who owes a second factor on the two-factor pages of the admin."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The path first: public pages must not load the session (they are cached for all).
        user: Any = request.user
        if self._guarded(request.path_info) and user.is_authenticated:
            if must_verify(user):
                return self._to("accounts:verify", request)
            if must_enrol(user):
                return self._to("accounts:enrol", request)
        return self.get_response(request)

    @staticmethod
    def _guarded(path: str) -> bool:
        admin_root = reverse("admin:index")
        open_pages = [
            reverse("accounts:verify"),
            reverse("accounts:enrol"),
            reverse("admin:login"),
            reverse("admin:logout"),
        ]
        return path.startswith(admin_root) and path not in open_pages

    @staticmethod
    def _to(name: str, request: HttpRequest) -> HttpResponseRedirect:
        url = reverse(name)
        if request.method == "GET":
            url += "?" + urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(url)


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
        help_text="The six digits your authenticator app shows, or one of your recovery codes.",
    )


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else reverse("admin:index")


def _page(request: HttpRequest, template: str, title: str, **context: Any) -> HttpResponse:
    return render(
        request,
        template,
        {**admin.site.each_context(request), "title": title, **context},
    )


@sensitive_post_parameters("code")
@never_cache
@login_required(login_url="admin:login")
def verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a code from the app, or a recovery code (used once)."""
    user: Any = request.user
    if not has_second_factor(user):
        return redirect("accounts:enrol")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device, waiting = _match(user, form.cleaned_data["code"].replace(" ", ""))
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("code", WAIT if waiting else NOT_RIGHT)
    return _page(
        request,
        "admin/accounts/verify.html",
        "Second factor",
        form=form,
        next=_next_url(request),
    )


@sensitive_post_parameters("code")
@never_cache
@login_required(login_url="admin:login")
def enrol(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code (or type the key), then prove it works.
    The recovery codes are shown once, on the page that confirms it."""
    user: Any = request.user
    if has_second_factor(user):
        if must_verify(user):
            return redirect("accounts:verify")
        return _page(request, "admin/accounts/enrolled.html", "Second factor", codes=None)
    device = _pending_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        waiting = not device.verify_is_allowed()[0]
        if device.verify_token(form.cleaned_data["code"].replace(" ", "")):
            codes = _confirm(device)
            otp_login(request, device)
            return _page(request, "admin/accounts/enrolled.html", "Second factor", codes=codes)
        form.add_error("code", WAIT if waiting else NOT_RIGHT)
    return _page(
        request,
        "admin/accounts/enrol.html",
        "Set up a second factor",
        form=form,
        qr_svg=_qr_svg(device.config_url),
        otpauth_uri=device.config_url,
        secret=_secret(device),
        required=must_enrol(user),
    )


NOT_RIGHT = "That code is not right (or has been used). Try the current one."
WAIT = "Too many wrong codes in a row: wait a few seconds, then enter the current code."


@transaction.atomic
def _match(user: Any, code: str) -> tuple[Any, bool]:
    """The device that accepts `code` (None if none), and whether they were refusing codes.

    Six digits are the app's, anything else a recovery code: a recovery code is never tried on
    the app, where it would count as a wrong code. After a wrong code django-otp refuses every
    code for 1, 2, 4… seconds; saying so keeps a right code typed too soon from looking wrong."""
    from_app = len(code) == 6 and whole_number(code) is not None
    devices = [
        device
        for device in devices_for_user(user, for_verify=True)
        if isinstance(device, TOTPDevice) == from_app
    ]
    waiting = any(not device.verify_is_allowed()[0] for device in devices)
    accepting = next((device for device in devices if device.verify_token(code)), None)
    return accepting, waiting


def _pending_device(user: Any) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE, confirmed=False)


def _qr_svg(uri: str) -> str:
    # Markup segno generates from the URI (no script, no style attribute: CSP allows it inline).
    return mark_safe(segno.make(uri, error="m").svg_inline(scale=4, title="QR code"))


def _secret(device: TOTPDevice) -> str:
    key = b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@transaction.atomic
def _confirm(device: TOTPDevice) -> list[str]:
    """Confirm the app and make fresh recovery codes (the only time they are shown)."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    StaticDevice.objects.filter(user=device.user).delete()
    recovery = StaticDevice.objects.create(user=device.user, name=RECOVERY_DEVICE)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=code) for code in codes)
    return codes


def may_reset(actor: Any, user: Any) -> bool:
    """Who may reset whose second factor: holders of the permission, for colleagues other than
    themselves; only a superuser for a superuser."""
    if not actor.has_perm("accounts.reset_second_factor") or actor.pk == user.pk:
        return False
    return actor.is_superuser or not user.is_superuser


@transaction.atomic
def reset(user: Any, *, actor: Any) -> list[str]:
    """Remove every device of `user` (they enrol again at their next sign-in); logged."""
    if not may_reset(actor, user):
        raise PermissionError(f"{actor} may not reset the second factor of {user}.")
    devices = list(devices_for_user(user, confirmed=None))
    names = [f"{type(device).__name__}: {device.name}" for device in devices]
    for device in devices:
        device.delete()
    record_two_factor_reset(user, actor=actor, devices=names)
    return names
