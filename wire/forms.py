from typing import Any, cast

from django import forms

from media_assets.forms import read_upload
from wire.intake import max_bytes, megabytes


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; each is checked by the importer, not here."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("allow_empty_file", True)  # the importer says "empty" for that file
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data]
        return [super(MultipleFileField, self).clean(f, initial) for f in files if f]


class ImportForm(forms.Form):
    # A declared field leaves the class for base_fields, so the form's own `files` stays intact.
    files = MultipleFileField(  # type: ignore[assignment]
        required=False,
        help_text="ninjs (.json), NewsML-G2 (.xml: an item, or a news message holding several) "
        f"or plain agency text (.txt); at most {megabytes(max_bytes())} each.",
    )
    text = forms.CharField(
        label="Or paste one item",
        required=False,
        widget=forms.Textarea(attrs={"rows": 14, "cols": 100}),
        help_text="Agency copy as sent: section link, headline, standfirst, caption and © "
        "credit, then the dateline and body. A ninjs or NewsML-G2 document may be pasted too.",
    )

    def clean(self):
        cleaned = cast(dict[str, Any], super().clean())
        if not cleaned.get("files") and not cleaned.get("text", "").strip():
            raise forms.ValidationError("Choose files to upload, or paste an item.")
        return cleaned


class AttachPictureForm(forms.Form):
    upload = forms.FileField(
        label="Picture file",
        allow_empty_file=True,  # the photo library's own check says so, in its words
        help_text="The agency's file for this picture. Its caption and credit come from the wire.",
    )
    alt_text = forms.CharField(
        max_length=500,
        required=False,
        help_text="What a reader who cannot see the picture needs to know. Required to publish.",
    )

    def clean_upload(self) -> bytes:
        upload = self.cleaned_data["upload"]
        self.upload_name = upload.name
        return read_upload(upload)
