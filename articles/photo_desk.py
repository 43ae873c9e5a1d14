"""The photo desk's screens as the newsroom uses them: which articles show each photo.

media_assets knows nothing of articles, so what a photo's use means is told here, in a subclass of
its PhotoAdmin that replaces the desk's own registration: a count of the articles leading with it
and a use filter on the library list, the articles on a photo's page (lead or in the body), and
cached pages retired when a photo they show changes. Renditions the pages use are queued for the
worker when a photo comes in or changes (articles.renditions); where they stand is shown on the
list and on the photo's page, with a button to try again after a failure. articles/admin.py
imports this module so that the admin finds it.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from articles import live, renditions, teasers
from articles.cache import articles_changed
from articles.models import Article, BodyPhoto, Status
from media_assets import rendition_jobs
from media_assets.admin import PhotoAdmin
from media_assets.filters import ChoiceFilter
from media_assets.models import Photo, RenditionState


class LeadPhotoFilter(ChoiceFilter):
    title = "use"
    parameter_name = "used"

    def get_choices(self) -> dict:
        # A subquery, not a join, so the list's article count is not multiplied.
        used = Q(pk__in=Article.objects.filter(lead_photo__isnull=False).values("lead_photo"))
        inline = Q(pk__in=BodyPhoto.objects.values("photo_id"))
        return {
            "no": ("Unused", ~used & ~inline),
            "yes": ("Lead photo of an article", used),
            "body": ("In an article's body", inline),
        }


class PhotoDeskAdmin(PhotoAdmin):
    """The photo desk's screens, plus what a photo change means for readers: a new credit or
    focal point makes new renditions, so pages showing the photo must not be served from cache.
    (Registered here because media_assets knows nothing of articles.)"""

    list_display = [*PhotoAdmin.list_display, "use_count", "renditions_column"]
    list_filter = [*PhotoAdmin.list_filter, LeadPhotoFilter]
    readonly_fields = [*PhotoAdmin.readonly_fields, "used_by", "renditions_status"]
    usage_fieldsets = [("Used by", {"fields": ["used_by", "renditions_status"]})]
    actions = [*PhotoAdmin.actions, "make_renditions"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(lead_article_count=Count("lead_articles"))

    def save_form(self, request, form, change):
        photo = super().save_form(request, form, change)
        if not change:
            renditions.queue(photo)  # a new picture: its renditions, before anyone attaches it
        return photo

    def _import_one(self, request, upload, form) -> dict:
        result = super()._import_one(request, upload, form)
        if "photo" in result:
            renditions.queue(result["photo"])
        return result

    def save_model(self, request, obj, form, change):
        # The photo's page, the list's bulk actions and the missing-details form all save here.
        super().save_model(request, obj, form, change)
        if change:
            # The rows of the articles that show it: the new credit or alt text now, renditions
            # for a new focal point or credit from the worker (queued by the refresh, or here
            # for a photo no article shows).
            articles_changed(teasers.refresh_for_photo(obj) + live.refresh_for_photo(obj))
            renditions.queue(obj)

    # Renditions: where they stand, and trying again.

    def get_urls(self):
        retry = path(
            "<int:pk>/renditions/",
            self.admin_site.admin_view(self.renditions_view),
            name="media_assets_photo_renditions",
        )
        return [retry, *super().get_urls()]

    @admin.display(description="renditions", ordering="renditions_state")
    def renditions_column(self, photo):
        return rendition_state(photo)

    @admin.display(description="renditions")
    def renditions_status(self, photo):
        state = rendition_state(photo)
        if rendition_jobs.waiting(photo):
            return state
        url = reverse("admin:media_assets_photo_renditions", args=[photo.pk])
        # A button of the change form posting elsewhere: forms cannot nest.
        return format_html(
            '{} <button type="submit" formaction="{}" formnovalidate class="button">'
            "Make the renditions again</button>",
            state,
            url,
        )

    def renditions_view(self, request: HttpRequest, pk: int):
        photo = get_object_or_404(Photo, pk=pk)
        if request.method != "POST":
            return redirect("admin:media_assets_photo_change", pk)
        if not self.has_change_permission(request, photo):
            raise PermissionDenied
        self._queue(request, [photo])
        return redirect("admin:media_assets_photo_change", pk)

    @admin.action(description="Make the renditions of the selected photos", permissions=["change"])
    def make_renditions(self, request, queryset):
        self._queue(request, queryset.prefetch_related("renditions"))

    def _queue(self, request, photos) -> None:
        queued = sum(renditions.queue(photo) for photo in photos)
        if queued:
            messages.success(request, f"Renditions queued for {queued} photo(s).")
        else:
            messages.info(request, "Nothing to queue: the renditions exist or are queued already.")

    @admin.display(description="articles", ordering="lead_article_count")
    def use_count(self, photo):
        return photo.lead_article_count

    @admin.display(description="used by")
    def used_by(self, photo):
        fields = ("pk", "headline", "status")
        lead = photo.lead_articles.order_by("-updated_at").values_list(*fields)
        inline = Article.objects.filter(body_photos__photo=photo).order_by("-updated_at")
        rows = [(*row, "lead photo") for row in lead]
        rows += [(*row, "in the body") for row in inline.values_list(*fields)]
        if not rows:
            return "No article uses this photo."
        items = ((article_link(pk, headline, status), use) for pk, headline, status, use in rows)
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}, {}</li>", items))


def rendition_state(photo: Photo):
    text = rendition_jobs.describe(photo)
    if photo.renditions_state == RenditionState.FAILED:
        return format_html('<span class="photo-missing">{}</span>', text)
    return text


def article_link(pk: int, headline: str, status: str):
    url = reverse("admin:articles_article_change", args=[pk])
    return format_html('<a href="{}">{} ({})</a>', url, headline, Status(status).label)


admin.site.unregister(Photo)
admin.site.register(Photo, PhotoDeskAdmin)
