"""The front editor's forms: one row per slot, and when the arrangement goes live."""

from typing import cast

from django import forms
from django.utils import timezone

from articles.models import Article
from fronts.models import Crop, Place

LOCAL = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class SlotForm(forms.Form):
    place = forms.ChoiceField(choices=Place.choices, initial=Place.TOP)
    block = forms.CharField(
        max_length=80, required=False, help_text='Blocks only: the heading ("Opinion").'
    )
    article = forms.IntegerField(
        required=False,
        min_value=1,
        help_text="A published article's number: type words of its headline to find it.",
        widget=forms.TextInput(attrs={"list": "front-articles", "inputmode": "search"}),
    )
    headline = forms.CharField(max_length=300, required=False)
    standfirst = forms.CharField(max_length=500, required=False)
    crop = forms.ChoiceField(choices=Crop.choices, required=False, label="Photo")
    expires_at = forms.DateTimeField(required=False, widget=LOCAL, label="Expires")
    position = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_article(self):
        pk = self.cleaned_data["article"]
        if pk and not Article.objects.published().filter(pk=pk).exists():
            raise forms.ValidationError("Choose an article that is published now.")
        return pk

    def clean(self):
        data = super().clean() or {}
        if data.get("place") == Place.BLOCK and data.get("article") and not data.get("block"):
            self.add_error("block", "Name the block this slot belongs to.")
        return data


class BaseSlotFormSet(forms.BaseFormSet):
    def filled(self) -> list[dict]:
        """The rows that hold an article and are not deleted, in their order."""
        rows = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data.get("article") and not form.cleaned_data.get("DELETE")
        ]
        return sorted(rows, key=lambda row: row.get("position") or 0)

    def clean(self):
        if any(self.errors):
            return
        leads = [row for row in self.filled() if row["place"] == Place.LEAD]
        if len(leads) > 1:
            raise forms.ValidationError("A front has one lead: make the others top stories.")


SlotFormSet = cast(
    type[BaseSlotFormSet],
    forms.formset_factory(SlotForm, formset=BaseSlotFormSet, extra=3, can_delete=True),
)


class ScheduleForm(forms.Form):
    goes_live_at = forms.DateTimeField(
        required=False,
        widget=LOCAL,
        label="Goes live at",
        help_text="For “Schedule”: readers see this arrangement from this time on.",
    )

    def clean_goes_live_at(self):
        when = self.cleaned_data["goes_live_at"]
        if when and when <= timezone.now():
            raise forms.ValidationError("Choose a time in the future, or save it now.")
        return when
