"""Editors' page of colleagues' second factors, with the reset (audited in accounts/log.py)."""

from typing import Any

from django.contrib import admin, messages
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from accounts.models import Colleague


@admin.register(Colleague)
class ColleagueAdmin(admin.ModelAdmin[Colleague]):
    list_display = ["username", "first_name", "last_name", "has_second_factor"]
    search_fields = ["username", "first_name", "last_name"]
    actions = ["reset_second_factor"]
    ordering = ["username"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Colleague]:
        confirmed = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        staff: QuerySet[Colleague] = super().get_queryset(request)
        return staff.filter(is_staff=True, is_active=True).annotate(second_factor=Exists(confirmed))

    @admin.display(boolean=True, description="second factor", ordering="second_factor")
    def has_second_factor(self, colleague: Any) -> bool:
        return bool(colleague.second_factor)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_reset_second_factor_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("accounts.reset_second_factor")

    @admin.action(
        description="Reset the second factor of the selected colleagues",
        permissions=["reset_second_factor"],
    )
    def reset_second_factor(self, request: HttpRequest, queryset: QuerySet[Colleague]) -> None:
        done, refused = [], []
        for colleague in queryset:
            if two_factor.may_reset(request.user, colleague):
                two_factor.reset(colleague, actor=request.user)
                done.append(colleague.get_username())
            else:
                refused.append(colleague.get_username())
        if done:
            self.message_user(
                request,
                f"Second factor reset for {', '.join(done)}: they set it up again at their "
                "next sign-in.",
                messages.SUCCESS,
            )
        if refused:
            self.message_user(
                request,
                f"Not reset (your own, or a superuser's): {', '.join(refused)}.",
                messages.ERROR,
            )
