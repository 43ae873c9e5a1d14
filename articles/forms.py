"""Editors' forms. Status is not a field here: only workflow.perform() changes it."""

import copy
from typing import Any

from django import forms
from django.conf import settings
from django.forms.models import BaseInlineFormSet
from django.http import QueryDict
from django.utils import timezone

from articles import revisions, workflow
from articles.body import photo_ids
from articles.html import sanitize_body
from articles.models import Article, Revision, Status
from articles.prose import BodyEditorWidget

# What search engines and networks show of each field, in characters: Google about 60 of a title
# and 155–160 of a description; Facebook, X and LinkedIn about 70 of a card's title. The form
# counts against these (static/articles/counters.js) and warns past them; it does not refuse.
COUNTED = {"seo_title": 60, "meta_description": 160, "social_headline": 70}


def counted(widget: forms.Widget, name: str) -> forms.Widget:
    widget.attrs["data-counter-limit"] = str(COUNTED[name])
    return widget


PICTURE_FIELDS = ("lead_photo", "lead_credit", "no_photo", "social_image")


class ArticleAdminForm(forms.ModelForm):
    # The version the editor started from; a save from an older one is a conflict, not a win.
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = [
            "headline", "slug", "standfirst", "body", "section", "tags",
            "lead_photo", "lead_caption", "lead_credit", "no_photo",
            "dateline_place", "dateline_date", "dateline_source", "embargo_until",
            "seo_title", "meta_description", "social_headline", "social_image",
        ]  # fmt: skip
        widgets = {
            "headline": forms.TextInput(attrs={"class": "vLargeTextField", "size": 80}),
            "slug": forms.TextInput(attrs={"class": "vLargeTextField", "size": 80}),
            "standfirst": forms.Textarea(attrs={"rows": 3}),
            "lead_caption": forms.Textarea(attrs={"rows": 2}),
            "body": BodyEditorWidget(attrs={"rows": 20}),
            "seo_title": counted(forms.TextInput(attrs={"class": "vLargeTextField"}), "seo_title"),
            "meta_description": counted(forms.Textarea(attrs={"rows": 3}), "meta_description"),
            "social_headline": counted(
                forms.TextInput(attrs={"class": "vLargeTextField"}), "social_headline"
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["base_version"].initial = self.instance.version
        self.conflict: Revision | None = None
        self.changes_meanwhile: list[revisions.Change] = []

    def clean_headline(self):
        headline = " ".join(self.cleaned_data["headline"].split())
        if not headline:
            raise forms.ValidationError("A headline needs words, not only spaces.")
        return headline

    def clean_tags(self):
        tags = self.cleaned_data["tags"]
        limit = settings.ARTICLE_MAX_TAGS
        if len(tags) > limit:
            raise forms.ValidationError(
                f"An article may have at most {limit} tags; this one has {len(tags)}."
            )
        return tags

    def clean_body(self):
        # Sanitise here too, so the editor sees what will be published if the form is re-shown.
        return sanitize_body(self.cleaned_data["body"])

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("no_photo") and cleaned.get("lead_photo"):
            self.add_error("no_photo", "Untick this, or remove the lead photo: not both.")
        if self.instance.pk:
            self._check_version(cleaned.get("base_version"))
            self._check_pictures(cleaned)
        return cleaned

    def _check_pictures(self, cleaned: dict[str, Any]) -> None:
        """A published article shows its pictures on Save: one newly chosen (lead, social card,
        or a photo added to the body) meets the checks publishing makes, or the save is refused.
        Pictures already shown are not checked again, so a typo can still be fixed."""
        if self.instance.status != Status.PUBLISHED:
            return
        article = copy.copy(self.instance)  # as this save would leave it; the instance waits
        for name in (*PICTURE_FIELDS, "body"):
            if name in cleaned:
                setattr(article, name, cleaned[name])
        checks = {
            "lead_photo": (workflow.check_lead_photo, {"lead_photo", "lead_credit", "no_photo"}),
            "social_image": (workflow.check_social_image, {"social_image"}),
            "body": (workflow.check_body_photos, set()),
        }
        body_photos_changed = set(photo_ids(article.body)) != set(photo_ids(self.instance.body))
        for field, (check, fields) in checks.items():
            changed = body_photos_changed if field == "body" else fields & set(self.changed_data)
            if changed and field in self.fields:
                for problem in check(article):
                    self.add_error(field, problem)

    def _check_version(self, started_from: int | None) -> None:
        # Lock the row until this save commits, so two saves cannot both pass the check.
        versions = Article.objects.select_for_update().values_list("version", flat=True)
        current = versions.get(pk=self.instance.pk)
        if started_from == current:
            return
        self.conflict = self.instance.revisions.select_related("created_by").first()
        # The next save, made knowingly after reading the changes, may go through.
        # Bound by the admin to request.POST, an immutable QueryDict: change a copy.
        data: QueryDict | dict[str, Any] = (
            self.data.copy() if isinstance(self.data, QueryDict) else {**self.data}
        )
        data[self.add_prefix("base_version")] = str(current)
        self.data = data
        if started_from is None:
            # A form that does not say what it started from cannot show what changed since.
            raise forms.ValidationError(
                "This save did not say which version of the article it was made from, so it "
                "could have overwritten someone else's changes. Nothing was saved and your text "
                "is still in the form: save again to make it the article's text."
            )
        self.changes_meanwhile = self._changes_since(started_from)
        who = self.conflict.created_by if self.conflict and self.conflict.created_by else "Someone"
        when = timezone.localtime(self.conflict.created_at) if self.conflict else None
        raise forms.ValidationError(
            f"{who} saved this article{f' at {when:%H:%M}' if when else ''} while you were "
            "editing it. Nothing of yours is lost: your text is still in the form. Read what "
            "changed meanwhile (below), merge it into yours, and save again."
        )

    def _changes_since(self, version: int) -> list[revisions.Change]:
        start = self.instance.revisions.filter(number=version).first()
        latest = self.instance.revisions.first()
        if start is None or latest is None:
            return []
        return revisions.diff(start.content, latest.content)

    def clean_embargo_until(self):
        embargo = self.cleaned_data.get("embargo_until")
        previous = self.instance.embargo_until
        if embargo and embargo != previous and embargo <= timezone.now():
            raise forms.ValidationError("An embargo must end in the future.")
        return embargo


class BylineFormSet(BaseInlineFormSet):
    """The article's bylines, at most settings.ARTICLE_MAX_BYLINES (those marked for deletion
    and empty rows do not count)."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        # The admin shows a tabular inline's labels once, as column headings, which do not name
        # the inputs under them: each input names itself for screen readers.
        row = "new byline" if index is None else f"byline {index + 1}"
        for field in form.fields.values():
            if not field.widget.is_hidden:
                field.widget.attrs.setdefault("aria-label", f"{field.label} of {row}")

    def clean(self) -> None:
        super().clean()
        kept = [
            form
            for form in self.forms
            if form.has_changed() or form.instance.pk
            if not getattr(form, "cleaned_data", {}).get("DELETE")
        ]
        limit = settings.ARTICLE_MAX_BYLINES
        if len(kept) > limit:
            raise forms.ValidationError(
                f"An article may have at most {limit} bylines; this one has {len(kept)}."
            )
