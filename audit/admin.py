"""The audit log: read-only, filterable by who, what kind of object, which object and action."""

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

from audit import actions
from audit.models import AuditEntry


class ActionFilter(admin.SimpleListFilter):
    """The actions the apps registered, by their labels."""

    title = "action"
    parameter_name = "action"

    def lookups(self, request, model_admin):
        return actions.choices()

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


class ObjectFilter(admin.SimpleListFilter):
    """Narrows the log to one object (an article, a photo), by `?object=<app.model>:<pk>`."""

    title = "object"
    parameter_name = "object"

    def lookups(self, request, model_admin):
        value = self.value()
        return [(value, "This object")] if value else []

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        label, _, pk = self.value().partition(":")
        app_label, _, model = label.partition(".")
        content_type = ContentType.objects.filter(app_label=app_label, model=model).first()
        return queryset.filter(content_type=content_type, object_id=pk)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
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
    def action_column(self, entry):
        return entry.action_label

    @admin.display(description="what", ordering="object_repr")
    def target(self, entry):
        try:
            url = reverse(
                f"admin:{entry.content_type.app_label}_{entry.content_type.model}_change",
                args=[entry.object_id],
            )
        except NoReverseMatch:
            return entry.object_repr
        return format_html('<a href="{}">{}</a>', url, entry.object_repr)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
