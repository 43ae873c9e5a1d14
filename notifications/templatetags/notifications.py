"""`{% unread_notifications %}`: the admin header's bell (templates/admin/base_site.html)."""

from typing import Any

from django import template

from notifications.models import Notification

register = template.Library()


@register.simple_tag
def unread_notifications(user: Any) -> int:
    """How many of the user's notifications are unread: one COUNT on (recipient, read_at)."""
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
