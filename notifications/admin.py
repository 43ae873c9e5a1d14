"""The operators' view of notifications: every line told, and where its email stands.

Read-only: rows are written by `notify()` alone. Failed emails are found here (filter "email
status: Failed") and queued again with the "Send the email again" action.
"""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from notifications.models import Notification
from notifications.sending import send_again


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    list_display = [
        "created_at", "recipient", "kind", "text", "email_status", "email_attempts", "email_error",
    ]  # fmt: skip
    list_filter = ["email_status", "kind"]
    search_fields = ["text", "recipient__username", "recipient__email"]
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"
    actions = ["send_email_again"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_send_again_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("notifications.change_notification")

    @admin.action(description="Send the email again", permissions=["send_again"])
    def send_email_again(self, request: HttpRequest, queryset: QuerySet[Notification]) -> None:
        count = send_again(queryset)
        skipped = queryset.count() - count
        messages.success(request, f"{count} email{'' if count == 1 else 's'} queued again.")
        if skipped:
            messages.warning(request, f"{skipped} skipped: only failed emails are sent again.")
