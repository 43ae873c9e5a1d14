"""The inbox: your notifications, opening one (and so marking it read), your email choices.

Mounted under /admin/inbox/ and wrapped in `admin.site.admin_view` (notifications/urls.py), so
only signed-in staff reach them; each view reads and changes the signed-in person's rows only.
"""

from typing import Any

from django.contrib import admin, messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from notifications.forms import EmailChoicesForm
from notifications.models import Notification
from notifications.sending import is_local_path

PER_PAGE = 50


def inbox(request: HttpRequest) -> HttpResponse:
    user: Any = request.user  # signed in: admin_view saw to that
    mine = Notification.objects.filter(recipient=user).select_related("actor")
    page = Paginator(mine, PER_PAGE).get_page(request.GET.get("page"))
    return _page(request, "admin/notifications/inbox.html", "Notifications", page=page)


@require_http_methods(["GET", "POST"])
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow its link, when that link is a path on this site; the inbox's button (a POST, with
    its CSRF token) marks it read first. A GET only follows: any site can make a browser GET
    an address (an <img>), and that must not mark someone's notifications read."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if request.method == "POST" and notification.read_at is None:
        Notification.objects.filter(pk=pk).update(read_at=timezone.now())
    if is_local_path(notification.url):
        return HttpResponseRedirect(notification.url)
    return redirect("notifications:inbox")


@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    count = unread.update(read_at=timezone.now())
    messages.success(request, f"{count} notification{'' if count == 1 else 's'} marked as read.")
    return redirect("notifications:inbox")


@require_http_methods(["GET", "POST"])
def email_settings(request: HttpRequest) -> HttpResponse:
    form = EmailChoicesForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your email choices were saved.")
        return redirect("notifications:settings")
    return _page(request, "admin/notifications/settings.html", "Email choices", form=form)


def _page(request: HttpRequest, template: str, title: str, **context: object) -> HttpResponse:
    return render(
        request,
        template,
        {**admin.site.each_context(request), "title": title, **context},
    )
