"""The photo desk's bulk work: one value set on many photos, and the details uploads lack.

Every change goes through the admin's own `save_model()` with a `ModelForm` of the photo, as the
photo's page does: the audit entry (old and new text) and whatever the apps above attach to a
photo change (a subclass's save_model) happen once per photo, written in one place. The actions
follow Django's pattern (`admin/actions.py`): an intermediate page posts `_selected_action` back.
"""

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.forms import modelform_factory, modelformset_factory
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from media_assets.filters import MISSING_DETAILS, ChoiceFilter
from media_assets.forms import (
    CreditForm,
    LicenceExpiryForm,
    PhotoDetailsForm,
    PhotoSetForm,
    SourceForm,
    UsageTermsForm,
)
from media_assets.models import Photo

DETAILS_PER_PAGE = 50  # rows of one form; the rest after saving these
SHOWN_ON_CONFIRMATION = 100  # thumbnails on an action's page; every selected photo is changed
MAX_IDS = 1000  # photos named in one address or form: an upload's worth, and more
# newsroom.numbers.whole_number's rule (ASCII digits, below 10**18: a 64-bit column holds it),
# written here because this app imports nothing of the project above it (test_layering).
ID = re.compile(r"[0-9]{1,18}")


class MissingDetailsFilter(ChoiceFilter):
    # Other screens (the desk's dashboard) link to ?incomplete=yes: keep the name and value.
    title = "details"
    parameter_name = "incomplete"
    options = {"yes": ("Missing credit or alt text", MISSING_DETAILS)}


def missing_details(photos: QuerySet[Photo] | None = None) -> QuerySet[Photo]:
    return (Photo.objects.all() if photos is None else photos).filter(MISSING_DETAILS)


# Setting one value on the selected photos.


@dataclass(frozen=True)
class BulkEdit:
    title: str  # of the intermediate page
    done: str  # "Credit set" on 12 photos
    form: type[PhotoSetForm]


def bulk_edit(
    modeladmin: Any, request: HttpRequest, queryset: QuerySet[Photo], edit: BulkEdit
) -> HttpResponse | None:
    """An action's page: the form and the selected photos; once a valid value is posted, that
    value on every selected photo and back to the list (None) with a message."""
    if not modeladmin.has_change_permission(request):
        raise PermissionDenied
    form = edit.form(request.POST if "apply" in request.POST else None)
    selected = queryset.count()
    if form.is_bound and form.is_valid():
        try:
            changed = apply(modeladmin, request, queryset, form.values())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            modeladmin.message_user(request, done_message(edit, selected, changed))
            return None
    photos = list(queryset[:SHOWN_ON_CONFIRMATION])
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.opts,
        "title": f"{edit.title} on {photo_count(selected)}",
        "form": form,
        "rows": [(photo, modeladmin.thumbnail(photo)) for photo in photos],
        "selected": queryset.values_list("pk", flat=True),
        "more": selected - len(photos),
        "action": request.POST["action"],
        "action_checkbox_name": ACTION_CHECKBOX_NAME,
        "media": modeladmin.media + form.media,
    }
    return TemplateResponse(request, "admin/media_assets/photo/bulk_edit.html", context)


def apply(modeladmin: Any, request: HttpRequest, photos: Iterable[Photo], values: dict) -> int:
    """Set `values` on each photo as the photo's page would save it; how many changed.

    One transaction for the batch: the value is the same for every photo and was checked once,
    so a failure on one (the database, a check of the model) is a fault that must leave the
    library as it was, not a message about photo 7 of 12 with six changed. Pages are purged
    when it commits (the apps above purge on commit)."""
    form_class = modelform_factory(Photo, fields=list(values))
    changed = 0
    with transaction.atomic():
        for photo in photos:
            form = form_class(values, instance=photo)
            if not form.is_valid():
                problems = " ".join(str(text) for errors in form.errors.values() for text in errors)
                raise ValidationError(f"{photo}: {problems}")
            if form.has_changed():
                save(modeladmin, request, form)
                changed += 1
    return changed


def save(modeladmin: Any, request: HttpRequest, form: forms.ModelForm) -> None:
    """Save one photo's form the way the admin's change page does, its history included."""
    modeladmin.save_model(request, form.instance, form, True)
    message = modeladmin.construct_change_message(request, form, None)
    modeladmin.log_change(request, form.instance, message)


def done_message(edit: BulkEdit, selected: int, changed: int) -> str:
    message = f"{edit.done} on {photo_count(selected)}."
    if changed < selected:
        message += f" {photo_count(selected - changed)} had it already."
    return message


def photo_count(count: int) -> str:
    return f"{count} photo" if count == 1 else f"{count} photos"


CREDIT = BulkEdit("Set the credit", "Credit set", CreditForm)
SOURCE = BulkEdit("Set the source", "Source set", SourceForm)
USAGE_TERMS = BulkEdit("Set the usage terms", "Usage terms set", UsageTermsForm)
LICENCE_EXPIRY = BulkEdit("Set the licence expiry", "Licence expiry set", LicenceExpiryForm)


@admin.action(description="Set credit…", permissions=["change"])
def set_credit(
    modeladmin: Any, request: HttpRequest, queryset: QuerySet[Photo]
) -> HttpResponse | None:
    return bulk_edit(modeladmin, request, queryset, CREDIT)


@admin.action(description="Set source…", permissions=["change"])
def set_source(
    modeladmin: Any, request: HttpRequest, queryset: QuerySet[Photo]
) -> HttpResponse | None:
    return bulk_edit(modeladmin, request, queryset, SOURCE)


@admin.action(description="Set usage terms…", permissions=["change"])
def set_usage_terms(
    modeladmin: Any, request: HttpRequest, queryset: QuerySet[Photo]
) -> HttpResponse | None:
    return bulk_edit(modeladmin, request, queryset, USAGE_TERMS)


@admin.action(description="Set licence expiry…", permissions=["change"])
def set_licence_expiry(
    modeladmin: Any, request: HttpRequest, queryset: QuerySet[Photo]
) -> HttpResponse | None:
    return bulk_edit(modeladmin, request, queryset, LICENCE_EXPIRY)


ACTIONS: list[Any] = [set_credit, set_source, set_usage_terms, set_licence_expiry]


NAMES = {function.__name__ for function in ACTIONS}


def refuse_unoffered_action(modeladmin: Any, request: HttpRequest, names: Collection[str]) -> None:
    """Refuse (403) an action among `names` posted to a changelist by someone it is not offered
    to (a form made by hand). Django passes over an action it does not offer and answers 200
    ("No action selected"), which would hide the attempt. Any admin's list may call this from
    its changelist_view (the article list does)."""
    action = request.POST.get("action") if request.method == "POST" else None
    if action in names and action not in modeladmin.get_actions(request):
        raise PermissionDenied(f"You may not use “{action}”.")


# Filling in what photos lack: one row per photo, all saved together.

DetailsFormSet = modelformset_factory(Photo, form=PhotoDetailsForm, extra=0, edit_only=True)


def details_view(modeladmin: Any, request: HttpRequest) -> HttpResponse:
    """The photos missing a credit or alt text, DETAILS_PER_PAGE at a time: all of them, or
    those of `?ids=` (the photos of one upload). Nothing is saved until every row is valid."""
    if not modeladmin.has_change_permission(request):
        raise PermissionDenied
    if request.method == "POST":
        formset = posted_formset(request)
        if formset.is_valid():
            saved = save_details(modeladmin, request, formset)
            message = f"Details saved on {photo_count(saved)}." if saved else "No row was changed."
            modeladmin.message_user(request, message)
            return redirect(request.get_full_path())
    else:
        formset = DetailsFormSet(queryset=shown(missing_details(in_ids(request))))
    wanting = missing_details(in_ids(request))
    context = {
        **modeladmin.admin_site.each_context(request),
        **details_context(modeladmin, formset, remaining=wanting.count()),
        "title": "Fill in missing credits and alt text",
    }
    return TemplateResponse(request, "admin/media_assets/photo/missing_details.html", context)


def details_context(
    modeladmin: Any, formset: Any, *, remaining: int, names: dict[int, str] | None = None
) -> dict:
    """What the details form needs, on its own page and at the end of a bulk upload. `names` are
    the files' names as uploaded; otherwise the stored file's."""
    names = names or {}
    rows = [
        (form, modeladmin.thumbnail(form.instance), names.get(form.instance.pk) or stored(form))
        for form in formset
    ]
    return {
        "opts": modeladmin.opts,
        "formset": formset,
        "rows": rows,
        "photo_ids": ",".join(str(form.instance.pk) for form in formset),
        "remaining": max(remaining - len(rows), 0),
        "details_url": reverse("admin:media_assets_photo_missing_details"),
        "media": modeladmin.media + formset.media,
    }


def upload_details(modeladmin: Any, photos: list[Photo], names: dict[int, str]) -> dict:
    """The details form for the photos of one upload that still lack a credit or alt text; {}
    when none does. It posts to the details page, limited to these photos."""
    wanting = missing_details(Photo.objects.filter(pk__in=[photo.pk for photo in photos]))
    formset = DetailsFormSet(queryset=shown(wanting))
    if not formset.forms:
        return {}
    context = details_context(modeladmin, formset, remaining=wanting.count(), names=names)
    ids = ",".join(str(photo.pk) for photo in photos)
    return {**context, "details_url": f"{context['details_url']}?ids={ids}"}


def posted_formset(request: HttpRequest) -> Any:
    """The posted rows, each one of the photos the form named; anything else is not what the
    page sent (a row for a new photo, another photo's id, no management form): 400."""
    formset = DetailsFormSet(request.POST, queryset=posted_photos(request))
    if not formset.management_form.is_valid():
        raise BadRequest("The form's management data is missing.")
    if any(form.instance.pk is None for form in formset):
        raise BadRequest("The rows posted are not the photos the form named.")
    return formset


def save_details(modeladmin: Any, request: HttpRequest, formset: Any) -> int:
    changed = [form for form in formset.initial_forms if form.has_changed()]
    with transaction.atomic():  # every row or none
        for form in changed:
            save(modeladmin, request, form)
    return len(changed)


def shown(photos: QuerySet[Photo]) -> QuerySet[Photo]:
    return photos.prefetch_related("renditions").order_by("-created_at", "-pk")[:DETAILS_PER_PAGE]


def in_ids(request: HttpRequest) -> QuerySet[Photo]:
    if "ids" not in request.GET:
        return Photo.objects.all()
    return Photo.objects.filter(pk__in=parse_ids(request.GET["ids"]))


def posted_photos(request: HttpRequest) -> QuerySet[Photo]:
    """The rows the form showed, named in its `photos` field (the formset's rows must come from
    its queryset, and the photos missing details may have changed since the page was made)."""
    ids = parse_ids(request.POST.get("photos", ""))
    return Photo.objects.filter(pk__in=ids).prefetch_related("renditions")


def parse_ids(text: str) -> list[int]:
    """The photo ids of `?ids=` or the posted `photos`: at most MAX_IDS whole numbers a database
    column holds (int() takes 10**20, which the database refuses with a 500), else 400."""
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if len(parts) > MAX_IDS:
        raise BadRequest(f"At most {MAX_IDS} photo ids at once ({len(parts)} given).")
    if not all(ID.fullmatch(part) for part in parts):
        raise BadRequest("Photo ids are whole numbers separated by commas.")
    return [int(part) for part in parts]


def stored(form: forms.ModelForm) -> str:
    """The stored file's name, its content hash shortened: the upload's own name is not kept."""
    name = form.instance.image.name.rsplit("/", 1)[-1]
    stem, dot, suffix = name.partition(".")
    return f"{stem[:12]}…{dot}{suffix}" if len(stem) > 16 else name
