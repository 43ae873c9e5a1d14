"""The planning desk's form pieces."""

from typing import Any

from django import forms

from desk.budget import person


class PersonChoiceField(forms.ModelChoiceField):
    """Colleagues by the name the newsroom knows them by, not their login."""

    def label_from_instance(self, obj: Any) -> str:
        return person(obj)
