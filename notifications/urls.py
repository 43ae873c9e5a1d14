"""The inbox under /admin/inbox/: each page behind the admin's own sign-in and staff rules."""

from django.contrib import admin
from django.urls import URLPattern, path

from notifications import views

app_name = "notifications"

urlpatterns: list[URLPattern] = [
    path("", admin.site.admin_view(views.inbox), name="inbox"),
    path("open/<int:pk>/", admin.site.admin_view(views.open_notification), name="open"),
    path("read-all/", admin.site.admin_view(views.mark_all_read), name="mark_all_read"),
    path("settings/", admin.site.admin_view(views.email_settings), name="settings"),
]
