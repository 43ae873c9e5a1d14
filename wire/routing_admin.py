"""Editors' screen for routing rules: ordered rules, each previewable against the last 100
items before it is saved (the change form's "Preview" button; it saves nothing).

Only those who may publish manage rules (articles.publish_article): a rule sets sections and may
publish on its own, which is an editor's call. The same permission is asked again by the
workflow, in the rule's editor's name, each time a rule publishes.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db.models import Count, QuerySet
from django.urls import reverse
from taggit.utils import parse_tags

from wire import routing
from wire.models import RoutingRule
from wire.routing import NOT_ROUTED

MANAGE_PERMISSION = "articles.publish_article"
CONDITIONS = ("agency", "category", "subject_code", "urgency_at_most", "headline_keyword")
EFFECTS = ("section", "tags", "desk", "auto_publish")


class RoutingRuleForm(forms.ModelForm):
    """A form that, when the editor presses "Preview", validates, computes the preview and
    answers "not valid" with no error: the admin then shows the form again and saves nothing."""

    PREVIEW = "_preview"
    preview: list[routing.PreviewRow] | None = None  # set only by a preview
    previewed = 0

    class Meta:
        model = RoutingRule
        fields = ["name", "position", "active", *CONDITIONS, *EFFECTS]

    def clean_tags(self) -> str:
        tags = parse_tags(self.cleaned_data["tags"])
        if any(len(tag) > 100 for tag in tags):
            raise forms.ValidationError("A tag is at most 100 characters long.")
        return ", ".join(tags)

    def clean(self):
        cleaned = super().clean() or {}
        given = [name for name in CONDITIONS if cleaned.get(name) not in (None, "")]
        if cleaned.get("auto_publish") and not given:
            raise forms.ValidationError(
                "A rule that publishes automatically needs at least one condition: with none it "
                "would publish every item that arrives."
            )
        return cleaned

    def is_valid(self) -> bool:
        valid = super().is_valid()
        if valid and self.PREVIEW in self.data:
            self.preview, self.previewed = routing.preview(self.instance)
            return False
        return valid


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    form = RoutingRuleForm
    list_display = ["name", "position", "active", "conditions", "effect", "routed"]
    list_display_links = ["name"]
    list_filter = ["active", "auto_publish", "desk"]
    search_fields = ["name"]
    list_select_related = ["section", "desk"]
    readonly_fields = ["changed_by", "changed_at"]
    fieldsets = [
        (None, {"fields": ["name", "position", "active"]}),
        ("When every condition given here holds", {"fields": CONDITIONS}),
        ("Then", {"fields": EFFECTS}),
        ("Last saved", {"fields": ["changed_by", "changed_at"]}),
    ]

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(MANAGE_PERMISSION)

    def has_add_permission(self, request):
        return request.user.has_perm(MANAGE_PERMISSION)

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm(MANAGE_PERMISSION)

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm(MANAGE_PERMISSION)

    def get_queryset(self, request) -> QuerySet[RoutingRule]:
        return super().get_queryset(request).annotate(routed_count=Count("items"))

    def save_model(self, request, obj, form, change):
        obj.changed_by = request.user  # an automatic publication is made in their name
        super().save_model(request, obj, form, change)

    def changelist_view(self, request, extra_context=None):
        unrouted = reverse("admin:wire_wireitem_changelist") + "?routing__isnull=True"
        context = {"unrouted_url": unrouted, "not_routed": NOT_ROUTED, **(extra_context or {})}
        return super().changelist_view(request, context)

    @admin.display(description="when")
    def conditions(self, rule: RoutingRule) -> str:
        given = [
            ("agency", rule.agency),
            ("category", rule.category),
            ("subject", rule.subject_code),
            ("urgency ≤", rule.urgency_at_most),
            ("headline has", rule.headline_keyword and f"“{rule.headline_keyword}”"),
        ]
        return "; ".join(f"{label} {value}" for label, value in given if value) or "every item"

    @admin.display(description="then")
    def effect(self, rule: RoutingRule) -> str:
        parts = [
            f"section {rule.section}" if rule.section else "",
            f"tags {rule.tags}" if rule.tags else "",
            f"desk {rule.desk}" if rule.desk else "",
            "publish automatically" if rule.auto_publish else "",
        ]
        return "; ".join(filter(None, parts)) or "—"

    @admin.display(description="items routed", ordering="routed_count")
    def routed(self, rule: RoutingRule) -> int:
        return rule.routed_count  # type: ignore[attr-defined]


class RoutingListFilter(admin.SimpleListFilter):
    """For the wire list (WireItemAdmin.list_filter): items no rule routed, items whose
    automatic publication failed, and items by desk."""

    title = "routing"
    parameter_name = "routing"
    NONE, PROBLEM = "none", "problem"

    def lookups(self, request, model_admin):
        desks = Group.objects.filter(pk__in=RoutingRule.objects.values("desk")).order_by("name")
        return [
            (self.NONE, NOT_ROUTED),
            (self.PROBLEM, "Not published automatically"),
            *((f"desk-{desk.pk}", f"Desk: {desk.name}") for desk in desks),
        ]

    def queryset(self, request, queryset):
        value = self.value() or ""
        if value == self.NONE:
            return queryset.filter(routing__isnull=True)
        if value == self.PROBLEM:
            return queryset.filter(routing__isnull=False).exclude(routing__problem="")
        if value.startswith("desk-") and value[5:].isdigit():
            return queryset.filter(routing__desk_id=int(value[5:]))
        return queryset
