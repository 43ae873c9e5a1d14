"""The feed-health box on the wire list: one query, made here because the list's admin belongs
to the item screens and the box to the feeds."""

from django import template
from django.utils import timezone

from wire.models import WireFeed

register = template.Library()


@register.inclusion_tag("admin/wire/wireitem/_feed_health.html", takes_context=True)
def feed_health(context):
    now = timezone.now()
    user = context["request"].user
    # An error may name internal hosts or paths: its text is for those who configure feeds.
    details = user.has_perm("wire.change_wirefeed")
    feeds = [
        (feed, feed.warnings(now, details=details)) for feed in WireFeed.objects.filter(active=True)
    ]
    return {
        "feeds": feeds,
        "troubled": sum(bool(warnings) for _, warnings in feeds),
        "can_view_feeds": user.has_perm("wire.view_wirefeed"),
        "can_read_errors": details,
    }
