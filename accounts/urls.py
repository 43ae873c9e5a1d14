"""The admin's two-factor pages (mounted under /admin/two-factor/ before the admin itself)."""

from django.urls import path

from accounts import two_factor

app_name = "accounts"

urlpatterns = [
    path("verify/", two_factor.verify, name="verify"),
    path("enrol/", two_factor.enrol, name="enrol"),
]
