"""Login throttling (django-axes): who is asking, and what a locked-out person is told.

Failures are counted per account (from any address) and per address (on any account); either
reaching AXES_FAILURE_LIMIT within AXES_COOLOFF_TIME locks sign-in for that account or from that
address until the cool-off has passed since the last counted failure. Attempts during a lockout,
the right password included, are refused and do not extend it (README, "Sign-in").
"""

from datetime import datetime, timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import time_format


def client_ip(request: HttpRequest) -> str:
    """The address that asked: REMOTE_ADDR, or, behind TRUSTED_PROXY_COUNT reverse proxies that
    each append to X-Forwarded-For, the address the outermost of them saw. Entries left of that
    came from the client and are never trusted."""
    remote = str(request.META.get("REMOTE_ADDR", ""))
    proxies: int = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [
        part.strip() for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
    ]
    forwarded = [part for part in forwarded if part]
    # REMOTE_ADDR is the last proxy; each proxy before it appended the address it saw.
    if len(forwarded) >= proxies:
        return forwarded[-proxies]
    return remote


def locked_until(request: HttpRequest, credentials: dict[str, str] | None) -> datetime | None:
    """When the lockout ends: the cool-off after the latest failure that counts against this
    account or address."""
    cool_off: timedelta | None = get_cool_off(request)
    if cool_off is None:
        return None
    latest = [
        attempts.aggregate(latest=Max("attempt_time"))["latest"]
        for attempts in AxesDatabaseHandler().get_user_attempts(request, credentials)
    ]
    known: list[datetime] = [at for at in latest if at is not None]
    return max(known, default=timezone.now()) + cool_off


def lockout_message(until: datetime | None) -> str:
    if until is None:
        return (
            "Sign-in is locked after too many failed attempts for this account or from this "
            "address. Ask an administrator to unlock it."
        )
    local = timezone.localtime(until)
    minutes = max(1, round((until - timezone.now()) / timedelta(minutes=1)))
    return (
        "Sign-in is locked after too many failed attempts for this account or from this "
        f"address. Try again after {time_format(local, 'H:i')} ({minutes} min)."
    )


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, str] | None = None,
) -> HttpResponse:
    """The admin's login page again, saying the sign-in is locked and until when (429)."""
    context = {
        **admin.site.each_context(request),
        "title": "Log in",
        "app_path": request.get_full_path(),
        "next": request.POST.get("next", "") or request.GET.get("next", ""),
        "form": AuthenticationForm(request),
        "lockout_message": lockout_message(locked_until(request, credentials)),
    }
    return render(
        request,
        "admin/accounts/locked_out.html",
        context,
        status=429,  # Too Many Requests
    )
