"""The feeds editors configure: where copy arrives on its own, and how each feed is doing."""

from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

from django import forms
from django.contrib import admin, messages
from django.core.validators import URLValidator
from django.db import transaction

from wire import feeds
from wire.addresses import RefusedAddress, check_url_host
from wire.folders import outside_drop_roots
from wire.models import WireFeed


class WireFeedForm(forms.ModelForm):
    class Meta:
        model = WireFeed
        fields = ["name", "kind", "path", "url", "agency", "active", "interval", "quiet_after"]

    def clean(self):
        data = super().clean() or {}
        kind = data.get("kind")
        if kind == WireFeed.Kind.URL:
            self._check_url(data.get("url", ""))
        elif kind == WireFeed.Kind.FOLDER:
            self._check_path(data.get("path", ""))
        return data

    def _check_url(self, url: str) -> None:
        if not url:
            self.add_error("url", "A feed URL needs its address.")
            return
        try:
            URLValidator(schemes=feeds.SCHEMES)(url)
            parts = urlsplit(url)
            # Each pull checks again (DNS answers change); this tells the admin at once.
            check_url_host(parts.hostname or "", parts.port)
        except forms.ValidationError:
            self.add_error("url", "Only http and https addresses can be pulled.")
        except ValueError:  # a port out of range
            self.add_error("url", "The address's port is not a number from 1 to 65535.")
        except RefusedAddress as error:
            self.add_error("url", f"{error}.")

    def _check_path(self, path: str) -> None:
        if not path:
            self.add_error("path", "A drop folder needs its path.")
        elif not Path(path).is_absolute():
            self.add_error("path", "Give the folder's full path, starting with /.")
        elif refused := outside_drop_roots(Path(path)):
            self.add_error("path", f"Refused: {refused}.")


@admin.register(WireFeed)
class WireFeedAdmin(admin.ModelAdmin):
    form = WireFeedForm
    list_display = [
        "name", "kind", "agency", "active", "health", "last_item_at", "last_checked_at",
        "items_imported",
    ]  # fmt: skip
    list_filter = ["kind", "active"]
    search_fields = ["name", "agency", "url", "path"]
    status: list = [
        "health", "last_checked_at", "last_item_at", "items_imported", "last_error",
        "last_error_at", "etag", "last_modified",
    ]  # fmt: skip
    readonly_fields = status
    fieldsets = [
        (None, {"fields": ["name", "kind", "path", "url", "agency", "active"]}),
        ("Checks", {"fields": ["interval", "quiet_after"]}),
        ("Health", {"fields": list(status)}),
    ]
    actions = ["check_now"]

    @admin.display(description="health")
    def health(self, feed):
        return "; ".join(feed.warnings()) or ("OK" if feed.active else "switched off")

    @admin.action(description="Check the selected feeds now", permissions=["change"])
    def check_now(self, request, queryset):
        ids = list(queryset.filter(active=True).values_list("pk", flat=True))
        # Due at once: the check runs in the task queue, never in this request.
        WireFeed.objects.filter(pk__in=ids).update(last_checked_at=None)
        for pk in ids:
            transaction.on_commit(partial(feeds.check_feed.enqueue, pk))
        self.message_user(request, f"{len(ids)} feeds will be checked.", messages.SUCCESS)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if obj.active:
            # Starts (or, if one runs, harmlessly duplicates) the feed's task chain.
            transaction.on_commit(lambda: feeds.check_feed.enqueue(obj.pk))
