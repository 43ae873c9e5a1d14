"""The desk's subject mappings: which tag an agency's subject code gives the drafts it sends.

A mapping is made by the importer the first time a code arrives (wire.matching.map_subjects), to
a tag named as the subject; editors change the tag, or ignore the subject. Later items follow the
mapping; drafts already tagged keep their tags.
"""

from django import forms
from django.contrib import admin
from django.db.models import Count

from wire.models import SubjectMapping

# Whoever may change wire items and make tags may say which tag a subject gives (the editors in
# newsroom/roles.py); the model's own permissions count as well.
VIEW_PERMISSIONS = ("wire.view_wireitem",)
CHANGE_PERMISSIONS = ("wire.change_wireitem", "taggit.add_tag")


class SubjectMappingForm(forms.ModelForm):
    class Meta:
        model = SubjectMapping
        fields = ["tag", "ignore"]

    def clean(self):
        cleaned = super().clean() or {}
        if cleaned.get("ignore") and cleaned.get("tag"):
            raise forms.ValidationError("Choose a tag or ignore the subject, not both.")
        return cleaned


@admin.register(SubjectMapping)
class SubjectMappingAdmin(admin.ModelAdmin):
    form = SubjectMappingForm
    list_display = ["code", "name", "tag_or_ignored", "item_count"]
    list_filter = ["ignore"]
    search_fields = ["code", "name", "tag__name"]
    list_select_related = ["tag"]
    fields = ["code", "name", "scheme", "tag", "ignore", "item_count", "created_at"]
    readonly_fields = ["code", "name", "scheme", "item_count", "created_at"]
    autocomplete_fields = ["tag"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(item_total=Count("items"))

    def has_add_permission(self, request):
        return False  # made by the importer when a code first arrives

    def has_view_permission(self, request, obj=None):
        user = request.user
        return (
            user.has_perms(VIEW_PERMISSIONS)
            or user.has_perm("wire.view_subjectmapping")
            or self.has_change_permission(request, obj)
        )

    def has_change_permission(self, request, obj=None):
        user = request.user
        return user.has_perms(CHANGE_PERMISSIONS) or user.has_perm("wire.change_subjectmapping")

    def has_delete_permission(self, request, obj=None):
        # Deleting would only bring the mapping back, with its default tag, on the next item.
        return False

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    @admin.display(description="tag", ordering="tag__name")
    def tag_or_ignored(self, mapping):
        if mapping.ignore:
            return "(ignored: no tag)"
        return mapping.tag.name if mapping.tag else "(no tag yet: choose one)"

    @admin.display(description="items", ordering="item_total")
    def item_count(self, mapping):
        total = getattr(mapping, "item_total", None)
        return mapping.items.count() if total is None else total
