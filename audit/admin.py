"""The audit log: read-only, filterable by who, what kind of object, which object and action."""

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

from audit import actions
from audit.models import AuditEntry

if TYPE_CHECKING:
    # ModelAdmin is generic in the stubs only: subscripting it at run time raises TypeError.
    AuditEntryModelAdmin = admin.ModelAdmin[AuditEntry]
else:
    AuditEntryModelAdmin = admin.ModelAdmin


class ActionFilter(admin.SimpleListFilter):
    """The actions the apps registered, by their labels."""

    title = "action"
    parameter_name = "action"

    def lookups(
        self, request: HttpRequest, model_admin: "admin.ModelAdmin[Any]"
    ) -> list[tuple[str, str]]:
        return actions.choices()

    def queryset(
        self, request: HttpRequest, queryset: QuerySet[AuditEntry]
    ) -> QuerySet[AuditEntry]:
        return queryset.filter(action=self.value()) if self.value() else queryset


class ObjectFilter(admin.SimpleListFilter):
    """Narrows the log to one object (an article, a photo), by `?object=<app.model>:<pk>`."""

    title = "object"
    parameter_name = "object"

    def lookups(
        self, request: HttpRequest, model_admin: "admin.ModelAdmin[Any]"
    ) -> list[tuple[str, str]]:
        value = self.value()
        return [(value, "This object")] if value else []

    def queryset(
        self, request: HttpRequest, queryset: QuerySet[AuditEntry]
    ) -> QuerySet[AuditEntry]:
        value = self.value()
        if not value:
            return queryset
        label, _, pk = value.partition(":")
        app_label, _, model = label.partition(".")
        content_type = ContentType.objects.filter(app_label=app_label, model=model).first()
        return queryset.filter(content_type=content_type, object_id=pk)


@admin.register(AuditEntry)
class AuditEntryAdmin(AuditEntryModelAdmin):
    list_display = ["at", "actor", "action_column", "target", "detail"]
    list_filter = [
        ActionFilter,
        ("actor", admin.RelatedOnlyFieldListFilter),
        "content_type",
        ObjectFilter,
    ]
    search_fields = ["object_repr", "detail", "actor__username"]
    date_hierarchy = "at"
    list_select_related = ["actor", "content_type"]

    @admin.display(description="action", ordering="action")
    def action_column(self, entry: AuditEntry) -> str:
        return entry.action_label

    @admin.display(description="what", ordering="object_repr")
    def target(self, entry: AuditEntry) -> str:
        try:
            url = reverse(
                f"admin:{entry.content_type.app_label}_{entry.content_type.model}_change",
                args=[entry.object_id],
            )
        except NoReverseMatch:
            return entry.object_repr
        return format_html('<a href="{}">{}</a>', url, entry.object_repr)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False
