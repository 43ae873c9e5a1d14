"""The editors' screen for the breaking news banner. Whoever may publish articles may put a
banner up, change it, end it or delete it; every change is logged and reaches every page at once
(articles.breaking)."""

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from articles import breaking
from articles.models import BreakingNews

DEFAULT_LENGTH = timedelta(hours=1)  # what the form proposes; editors set their own end


def may_edit(request) -> bool:
    return request.user.has_perm("articles.publish_article")


class BreakingNewsForm(forms.ModelForm):
    class Meta:
        model = BreakingNews
        fields = ["text", "url", "starts_at", "ends_at"]

    def clean_ends_at(self):
        ends_at = self.cleaned_data["ends_at"]
        if self.instance.pk is None and ends_at <= timezone.now():
            raise forms.ValidationError("This time has passed: the banner would never show.")
        return ends_at


@admin.register(BreakingNews)
class BreakingNewsAdmin(admin.ModelAdmin):
    form = BreakingNewsForm
    list_display = ["text", "state", "starts_at", "ends_at", "created_by"]
    list_select_related = ["created_by"]
    search_fields = ["text"]
    actions = ["end_now"]

    def has_view_permission(self, request, obj=None):
        return may_edit(request)

    def has_add_permission(self, request):
        return may_edit(request)

    def has_change_permission(self, request, obj=None):
        return may_edit(request)

    def has_delete_permission(self, request, obj=None):
        return may_edit(request)

    def get_changeform_initial_data(self, request):
        now = timezone.now().replace(second=0, microsecond=0)
        proposed = {"starts_at": now, "ends_at": now + DEFAULT_LENGTH}
        return proposed | super().get_changeform_initial_data(request)

    def get_queryset(self, request):
        # A running banner is hidden while a newer one runs (the newest wins).
        now = timezone.now()
        newer = BreakingNews.objects.filter(
            starts_at__lte=now, ends_at__gt=now, starts_at__gt=OuterRef("starts_at")
        )
        return super().get_queryset(request).annotate(behind_newer=Exists(newer))

    @admin.display(description="state")
    def state(self, obj) -> str:
        now = timezone.now()
        if obj.ends_at <= now:
            return "Ended"
        if obj.starts_at > now:
            return "Scheduled"
        return "Waiting behind a newer banner" if obj.behind_newer else "Showing now"

    def save_model(self, request, obj, form, change):
        breaking.save(obj, request.user, added=not change, changed=form.changed_data)

    def delete_model(self, request, obj):
        breaking.delete(obj, request.user)

    def delete_queryset(self, request, queryset):  # "Delete selected banners"
        for banner in queryset:
            breaking.delete(banner, request.user)

    @admin.action(description="End the selected banners now", permissions=["change"])
    def end_now(self, request, queryset):
        with transaction.atomic():
            ended = list(queryset.not_ended().select_for_update(of=("self",)))
            for banner in ended:
                breaking.end_now(banner, request.user)
        message = f"{len(ended)} banner(s) taken off every page."
        self.message_user(request, message, messages.SUCCESS)
