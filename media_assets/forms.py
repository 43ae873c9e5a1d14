"""The desk's upload forms. Both hand the file to `import_photo()`, the library's one way in."""

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from media_assets.models import Photo
from media_assets.uploads import import_photo
from media_assets.validators import check_size, validate_upload

# What the desk may type on upload; blank means "take it from the file".
TYPED_FIELDS = [
    "caption",
    "alt_text",
    "creator",
    "credit_line",
    "copyright_notice",
    "source",
    "usage_terms",
    "licence_expires",
    "web_statement",
]
BLANK_MEANS_FILE = "Leave blank to use what the file's IPTC/XMP/EXIF says."


def read_upload(upload: UploadedFile) -> bytes:
    """The upload's bytes, refusing empty and over-large files before reading them."""
    if not upload.name:  # FileField.to_python() has refused a nameless file already
        raise ValidationError("The upload has no file name.", code="invalid")
    check_size(upload.size or 0, upload.name)
    upload.seek(0)
    return upload.read()


class PhotoAddForm(forms.ModelForm):
    upload = forms.FileField(
        label="Picture",
        allow_empty_file=True,  # our own validator says so, in the same words as bulk upload
        help_text="JPEG, PNG, WebP, GIF or TIFF. Credit and caption are read from the file.",
    )

    class Meta:
        model = Photo
        fields = TYPED_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in TYPED_FIELDS:
            if name != "licence_expires":
                self.fields[name].help_text = f"{self.fields[name].help_text} {BLANK_MEANS_FILE}"

    def clean_upload(self) -> bytes:
        upload = self.cleaned_data["upload"]
        data = read_upload(upload)
        validate_upload(data, upload.name)
        self.upload_name = upload.name
        return data

    def typed_fields(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in TYPED_FIELDS}

    # Set by the photo admin for the request's user; `imported` is import_photo()'s answer.
    uploaded_by: Any = None
    imported: tuple[Photo, bool] | None = None

    def clean(self) -> dict[str, Any] | None:
        """Once every field's check passed, store the picture: a failure no check could foresee
        (a file Pillow reads but cannot render, a full or read-only disk) is then an error on
        this form, which keeps what the desk typed, instead of a message over an empty one."""
        cleaned = super().clean()
        if not self.errors:
            self.store_picture()
        return cleaned

    def store_picture(self) -> None:
        try:
            self.imported = import_photo(
                self.cleaned_data["upload"],
                filename=self.upload_name,
                uploaded_by=self.uploaded_by,
                fields=self.typed_fields(),
            )
        except ValidationError as error:
            self.add_error("upload", error)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files at once (Django's "Uploading multiple files" pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*"}))
        super().__init__(*args, allow_empty_file=True, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class BulkUploadForm(forms.Form):
    # The form's metaclass moves declared fields into `base_fields`, so this never shadows
    # BaseForm.files (the uploaded files) at run time; the stubs cannot express that.
    files = MultipleFileField(  # type: ignore[assignment]
        label="Pictures",
        help_text=f"Choose up to {settings.DATA_UPLOAD_MAX_NUMBER_FILES} files; each is checked "
        "and reported on alone.",
    )
    credit_line = forms.CharField(max_length=200, required=False, help_text=BLANK_MEANS_FILE)
    source = forms.CharField(max_length=200, required=False, help_text=BLANK_MEANS_FILE)
    usage_terms = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, help_text=BLANK_MEANS_FILE
    )
    licence_expires = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Applies to every picture in this upload.",
    )

    def typed_fields(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "files"}


def upload_error(error: ValidationError) -> str:
    return " ".join(error.messages)


# Bulk work (media_assets.bulk): one value for the selected photos, and the details uploads lack.

LEFT_AS_IS = "Left blank, each photo keeps its own."


class PhotoSetForm(forms.ModelForm):
    """The value an action sets on every selected photo; `values()` is what to set (a field
    left out keeps each photo's own value)."""

    class Meta:
        model = Photo
        fields: list[str] = []

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class CreditForm(PhotoSetForm):
    class Meta:
        model = Photo
        fields = ["creator", "credit_line", "copyright_notice"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.help_text = f"{field.help_text} {LEFT_AS_IS}".strip()

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        if not self.errors and not self.values():
            raise ValidationError("Fill in at least one of the credit fields.", code="required")
        return cleaned

    def values(self) -> dict[str, Any]:
        return {name: value for name, value in super().values().items() if value}


class SourceForm(PhotoSetForm):
    class Meta:
        model = Photo
        fields = ["source"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].required = True


class UsageTermsForm(PhotoSetForm):
    class Meta:
        model = Photo
        fields = ["usage_terms"]
        widgets = {"usage_terms": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["usage_terms"].required = True
        self.fields["usage_terms"].help_text = "What the licence allows, as the agency states it."


class LicenceExpiryForm(PhotoSetForm):
    no_expiry = forms.BooleanField(
        label="No expiry date",
        required=False,
        help_text="Tick to remove the expiry date from every selected photo.",
    )

    class Meta:
        model = Photo
        fields = ["licence_expires"]
        widgets = {"licence_expires": forms.DateInput(attrs={"type": "date"})}

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean() or {}
        date, clear = cleaned.get("licence_expires"), cleaned.get("no_expiry")
        if "licence_expires" in self.errors:
            return cleaned
        if date and clear:
            raise ValidationError("Give a date or tick “No expiry date”, not both.", code="both")
        if not date and not clear:
            raise ValidationError("Give a date, or tick “No expiry date”.", code="required")
        return cleaned


class PhotoDetailsForm(forms.ModelForm):
    """One row of the details form: what readers see under the picture and what it shows. The
    page states the fields' rules once above the table, not in every row."""

    class Meta:
        model = Photo
        fields = ["caption", "alt_text", "creator", "credit_line", "copyright_notice"]
        widgets = {"caption": forms.Textarea(attrs={"rows": 2, "cols": 30})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.help_text = ""
