"""The photo library's list filters: the questions the desk asks before an article can go out."""

from datetime import timedelta

from django.contrib import admin
from django.db.models import Q
from django.utils import timezone

EXPIRING_DAYS = 7

# Photo.credit falls back from the credit line to the photographer (creator) and then the source.
NO_CREDIT = Q(credit_line="", creator="", source="")
# What keeps a photo off a public page until the desk fills it in (workflow.photo_problems).
MISSING_DETAILS = NO_CREDIT | Q(alt_text="")


class ChoiceFilter(admin.SimpleListFilter):
    """A filter whose choices map to Q objects: `options = {value: (label, q)}`."""

    options: dict = {}

    def lookups(self, request, model_admin):
        return [(value, label) for value, (label, _) in self.get_choices().items()]

    def queryset(self, request, queryset):
        choice = self.get_choices().get(self.value())
        return queryset.filter(choice[1]) if choice else queryset

    def get_choices(self) -> dict:
        return self.options


class CreditFilter(ChoiceFilter):
    title = "credit"
    parameter_name = "credit"
    options = {"missing": ("Missing", NO_CREDIT), "present": ("Present", ~NO_CREDIT)}


class AltTextFilter(ChoiceFilter):
    title = "alt text"
    parameter_name = "alt"
    options = {"missing": ("Missing", Q(alt_text="")), "present": ("Present", ~Q(alt_text=""))}


class LicenceFilter(ChoiceFilter):
    title = "licence"
    parameter_name = "licence"

    def get_choices(self) -> dict:
        today = timezone.localdate()
        soon = today + timedelta(days=EXPIRING_DAYS)
        return {
            "expired": ("Expired", Q(licence_expires__lt=today)),
            "expiring": (
                f"Expiring within {EXPIRING_DAYS} days",
                Q(licence_expires__gte=today, licence_expires__lte=soon),
            ),
            "open": ("No expiry date", Q(licence_expires__isnull=True)),
        }
