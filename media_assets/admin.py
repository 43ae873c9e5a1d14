"""The photo desk's screens: the library, one photo with its focal point, and bulk upload.
Bulk work on many photos (the list's "Set credit…" actions, the form for missing details) is in
media_assets.bulk and saves each photo through this admin's save_model(), as one photo's page does.

Every picture enters through `import_photo()`, from the add form and the bulk form alike, so a bad
file is a form error and nothing is stored. `admin_thumbnail()` is shared with the apps above.

The desk knows nothing of where a photo is used: an app above that uses photos subclasses
PhotoAdmin, adds its own columns, filters and `usage_fieldsets`, and registers the subclass instead.
"""

import logging
from functools import partial
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms import ModelForm
from django.http import HttpRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from media_assets import bulk, filters, log
from media_assets.forms import BulkUploadForm, PhotoAddForm, read_upload, upload_error
from media_assets.imaging import ADMIN_THUMBNAIL, parse_spec, plan
from media_assets.models import Photo
from media_assets.rendition_store import (
    delete_stored,
    get_rendition,
    stored_names,
)
from media_assets.uploads import import_photo

logger = logging.getLogger(__name__)
PREVIEW_SPEC = "max-800x800"
CREDIT_FIELDS = ("caption", "alt_text", "creator", "credit_line", "copyright_notice", "source")
RIGHTS_FIELDS = ("usage_terms", "licence_expires", "web_statement")
FILE_FIELDS = (
    "original",
    ("width", "height", "file_size"),
    "sha256",
    "uploaded_by",
    ("created_at", "updated_at"),
)


def admin_thumbnail(photo: Photo | None, *, with_credit: bool = True) -> SafeString:
    """A small picture for admin screens, with the credit readers will see underneath."""
    if photo is None:
        return format_html("{}", "—")
    url, width, height = desk_image(photo, ADMIN_THUMBNAIL)
    img = format_html(
        '<img src="{}" width="{}" height="{}" alt="{}" class="photo-thumb">',
        url,
        width,
        height,
        photo.alt_text,
    )
    if not with_credit:
        return img
    credit = photo.credit or "no credit"
    return format_html(
        '<figure class="photo-thumb-figure">{}<figcaption>{}</figcaption></figure>', img, credit
    )


def desk_image(photo: Photo, spec: str) -> tuple[str, int, int]:
    """URL and size of a rendition for the desk's screens, made now if need be (the desk's own
    pages may wait for Pillow; readers' never do). When it cannot be made, the original at the
    rendition's size, so the page still opens and shows why (the renditions' state)."""
    try:
        made = get_rendition(photo, spec)
    except Exception:  # whatever Pillow or the storage raise: logged, and the page opens
        logger.exception("Cannot make the %s rendition of photo %s for the desk", spec, photo.pk)
        _, (width, height) = plan(parse_spec(spec), (photo.width, photo.height))
        return photo.image.url, width, height
    return made.url, made.width, made.height


AUDITED_FIELDS = (
    "credit_line",
    "creator",
    "copyright_notice",
    "source",
    "usage_terms",
    "licence_expires",
)


def record_credit_change(photo: Photo, form: "ModelForm[Photo]", user: Any) -> None:
    """Log what `form` changed of the photo's credit and rights: the photo's page and the bulk
    edits (media_assets.bulk) both save through save_model(), which calls this."""
    changed = [name for name in AUDITED_FIELDS if name in form.changed_data]
    changes = {
        name: (_text(form.initial.get(name)), _text(getattr(photo, name))) for name in changed
    }
    log.record_credit_change(photo, changes, actor=user)


def _text(value: object) -> str:
    """A field's value as the log writes it: a date as YYYY-MM-DD, nothing as ""."""
    return "" if value is None else str(value)


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    add_form = PhotoAddForm
    list_display = ["thumbnail", "__str__", "credit_column", "usage_column"]
    list_display_links = ["thumbnail", "__str__"]
    list_filter = [
        filters.CreditFilter,
        filters.AltTextFilter,
        filters.LicenceFilter,
        bulk.MissingDetailsFilter,
    ]
    actions = bulk.ACTIONS
    search_fields = ["caption", "credit_line", "creator", "source"]
    list_per_page = 50
    readonly_fields = [
        "focal_point_picker",
        "original",
        "width",
        "height",
        "file_size",
        "sha256",
        "uploaded_by",
        "created_at",
        "updated_at",
        "credit_history",
    ]
    # Sections an app above adds to a photo's page, before the file's details.
    usage_fieldsets: list = []
    change_list_template = "admin/media_assets/photo/change_list.html"

    class Media:
        css = {"all": ["media_assets/photo_admin.css"]}
        js = ["media_assets/focal_point.js"]

    def get_queryset(self, request):
        # The page's thumbnails in one query.
        return super().get_queryset(request).prefetch_related("renditions")

    def get_form(
        self, request: HttpRequest, obj: Photo | None = None, change: bool = False, **kwargs: Any
    ) -> "type[ModelForm[Photo]]":  # generic in the stubs only
        if obj is None:
            kwargs["form"] = self.add_form
        form = super().get_form(request, obj, change, **kwargs)
        if obj is None:
            form.uploaded_by = request.user  # type: ignore[attr-defined]  # a class made per call
        return form

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [
                (None, {"fields": ["upload"]}),
                ("Caption and credit", {"fields": CREDIT_FIELDS}),
                ("Rights", {"fields": RIGHTS_FIELDS}),
            ]
        return [
            ("Picture", {"fields": ["focal_point_picker", ("focal_x", "focal_y")]}),
            ("Caption and credit", {"fields": [*CREDIT_FIELDS, "credit_history"]}),
            ("Rights", {"fields": RIGHTS_FIELDS}),
            *self.usage_fieldsets,
            ("File", {"fields": FILE_FIELDS, "classes": ["collapse"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    @admin.display(description="credit and rights changes")
    def credit_history(self, photo):
        """Read from the audit log, where every credit and rights change is recorded."""
        entries = log.credit_history(photo)[:20]
        if not entries:
            return "None since the picture came in."
        items = format_html_join(
            "",
            '<li><time datetime="{}">{}</time>, {}: {}</li>',
            (
                (
                    e.at.isoformat(),
                    f"{timezone.localtime(e.at):%d %b %Y %H:%M}",
                    e.actor or "—",
                    e.detail,
                )
                for e in entries
            ),
        )
        return format_html('<ul class="credit-history">{}</ul>', items)

    # The library list.

    def changelist_view(self, request, extra_context=None):
        bulk.refuse_unoffered_action(self, request, bulk.NAMES)
        may_fill = self.has_change_permission(request)
        extra_context = {**(extra_context or {}), "may_fill_details": may_fill}
        return super().changelist_view(request, extra_context)

    @admin.display(description="picture")
    def thumbnail(self, photo):
        return admin_thumbnail(photo, with_credit=False)

    @admin.display(description="credit", ordering="credit_line")
    def credit_column(self, photo):
        if photo.credit:
            return photo.credit
        return format_html('<span class="photo-missing">{}</span>', "missing")

    @admin.display(description="usage")
    def usage_column(self, photo):
        terms = photo.usage_terms[:80]
        if photo.licence_expires is None:
            return terms or "—"
        if not photo.licence_valid():
            state = f"licence expired {photo.licence_expires:%d %b %Y}"
            return format_html('<span class="photo-missing">{}</span> {}', state, terms)
        return f"until {photo.licence_expires:%d %b %Y}. {terms}".strip()

    # One photo.

    @admin.display(description="focal point")
    def focal_point_picker(self, photo):
        url, width, height = desk_image(photo, PREVIEW_SPEC)
        return format_html(
            '<div class="focal-picker" data-focal-picker tabindex="0" role="application" '
            'aria-label="Focal point: click the most important part of the picture, or use the '
            'arrow keys">'
            '<img src="{}" width="{}" height="{}" alt="{}"><span class="focal-marker"></span>'
            '</div><p class="help">Click the part of the picture that must stay in every crop.</p>',
            url,
            width,
            height,
            photo.alt_text,
        )

    @admin.display(description="original file")
    def original(self, photo):
        return format_html('<a href="{}">{}</a>', photo.image.url, photo.image.name)

    # Adding goes through import_photo(), the library's one way in.

    def save_form(self, request, form, change):
        if change:
            return super().save_form(request, form, change)
        photo, created = form.imported  # stored while the form was validated
        photo.imported_now = created
        return photo

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            record_credit_change(obj, form, request.user)

    def save_related(self, request, form, formsets, change):
        if change:
            super().save_related(request, form, formsets, change)

    def log_addition(self, request, obj, message):
        if obj.imported_now:
            return super().log_addition(request, obj, message)
        return None

    def response_add(self, request, obj, post_url_continue=None):
        if obj.imported_now:
            return super().response_add(request, obj, post_url_continue)
        messages.info(request, f"This picture is already in the library as “{obj}”.")
        return redirect("admin:media_assets_photo_change", obj.pk)

    def delete_model(self, request, obj):
        names = stored_names(obj)
        super().delete_model(request, obj)
        transaction.on_commit(lambda: delete_stored(obj, names))

    def delete_queryset(self, request, queryset):
        doomed = [(photo, stored_names(photo)) for photo in queryset]
        super().delete_queryset(request, queryset)
        for photo, names in doomed:
            transaction.on_commit(partial(delete_stored, photo, names))

    # Bulk upload.

    def get_urls(self):
        upload = path(
            "bulk-upload/",
            self.admin_site.admin_view(self.bulk_upload_view),
            name="media_assets_photo_bulk_upload",
        )
        details = path(
            "missing-details/",
            self.admin_site.admin_view(self.missing_details_view),
            name="media_assets_photo_missing_details",
        )
        return [upload, details, *super().get_urls()]

    def missing_details_view(self, request):
        return bulk.details_view(self, request)

    def bulk_upload_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = BulkUploadForm(request.POST or None, request.FILES or None)
        results = None
        if request.method == "POST" and form.is_valid():
            results = [
                self._import_one(request, upload, form) for upload in form.cleaned_data["files"]
            ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Upload several photos",
            "form": form,
            "results": results,
            "media": self.media + form.media,
            "details": self._details_after_upload(request, results or []),
        }
        return TemplateResponse(request, "admin/media_assets/photo/bulk_upload.html", context)

    def _details_after_upload(self, request, results: list[dict]) -> dict:
        """The form for what the upload's photos still lack, for those who may change them."""
        if not self.has_change_permission(request):
            return {}
        photos = [result["photo"] for result in results if "photo" in result]
        names = {result["photo"].pk: result["name"] for result in results if "photo" in result}
        return bulk.upload_details(self, photos, names) if photos else {}

    def _import_one(self, request, upload, form) -> dict:
        try:
            data = read_upload(upload)
            photo, created = import_photo(
                data, filename=upload.name, uploaded_by=request.user, fields=form.typed_fields()
            )
        except ValidationError as error:
            return {"name": upload.name, "status": "error", "message": upload_error(error)}
        except Exception:  # a fault of ours with one file: the others are still imported
            logger.exception("Bulk upload of %s failed", upload.name)
            message = f"{upload.name}: the picture could not be processed. Nothing was saved."
            return {"name": upload.name, "status": "error", "message": message}
        if created:
            self.log_addition(request, photo, [{"added": {}}])
        status = "stored" if created else "already in library"
        return {"name": upload.name, "status": status, "photo": photo}
