"""The email choices form: one checkbox per kind of notification."""

from typing import Any

from django import forms

from notifications.models import EmailChoice, Kind


class EmailChoicesForm(forms.Form):
    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        declined = set(
            EmailChoice.objects.filter(user=user, by_email=False).values_list("kind", flat=True)
        )
        for kind in Kind:
            self.fields[kind.value] = forms.BooleanField(
                label=kind.label, required=False, initial=kind.value not in declined
            )

    def save(self) -> None:
        """One row per kind, written in one statement (unchecked boxes are rows saying no)."""
        rows = [
            EmailChoice(user=self.user, kind=kind.value, by_email=self.cleaned_data[kind.value])
            for kind in Kind
        ]
        EmailChoice.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["user", "kind"],
            update_fields=["by_email"],
        )
