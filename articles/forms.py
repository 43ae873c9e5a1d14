"""Editors' forms. Status is not a field here: only workflow.perform() changes it."""

from django import forms

from articles.html import sanitize_body
from articles.models import Article


class ArticleAdminForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = [
            "headline", "slug", "standfirst", "body", "section", "tags",
            "lead_photo", "lead_caption", "lead_credit", "no_photo",
            "dateline_place", "dateline_date", "dateline_source",
        ]  # fmt: skip
        widgets = {
            "standfirst": forms.Textarea(attrs={"rows": 3}),
            "lead_caption": forms.Textarea(attrs={"rows": 2}),
            "body": forms.Textarea(attrs={"rows": 20, "class": "vLargeTextField"}),
        }

    def clean_headline(self):
        headline = " ".join(self.cleaned_data["headline"].split())
        if not headline:
            raise forms.ValidationError("A headline needs words, not only spaces.")
        return headline

    def clean_body(self):
        # Sanitise here too, so the editor sees what will be published if the form is re-shown.
        return sanitize_body(self.cleaned_data["body"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("no_photo") and cleaned.get("lead_photo"):
            self.add_error("no_photo", "Untick this, or remove the lead photo: not both.")
        return cleaned
