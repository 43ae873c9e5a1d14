"""Signing in with a password, the user loaded with whether they have a second factor."""

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice


class AccountBackend(ModelBackend):
    """Django's ModelBackend, but the user of every request comes with `has_totp` and
    `has_static` (confirmed devices): the two-factor check costs no query of its own."""

    def get_user(self, user_id: Any) -> Any:
        devices = {
            "has_totp": Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
            "has_static": Exists(StaticDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
        }
        user = User._default_manager.annotate(**devices).filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
