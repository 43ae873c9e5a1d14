"""The photo desk's screens as the newsroom uses them: which articles lead with each photo.

media_assets knows nothing of articles, so what a photo's use means is told here, in a subclass of
its PhotoAdmin that replaces the desk's own registration: a count of articles and a used/unused
filter on the library list, the articles on a photo's page, and cached pages retired when a photo
they show changes. articles/admin.py imports this module so that the admin finds it.
"""

from django.contrib import admin
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from articles import teasers
from articles.cache import articles_changed
from articles.models import Article, Status
from media_assets.admin import PhotoAdmin
from media_assets.filters import ChoiceFilter
from media_assets.models import Photo


class LeadPhotoFilter(ChoiceFilter):
    title = "use"
    parameter_name = "used"

    def get_choices(self) -> dict:
        # A subquery, not a join, so the list's article count is not multiplied.
        used = Q(pk__in=Article.objects.filter(lead_photo__isnull=False).values("lead_photo"))
        return {"no": ("Unused", ~used), "yes": ("Lead photo of an article", used)}


class PhotoDeskAdmin(PhotoAdmin):
    """The photo desk's screens, plus what a photo change means for readers: a new credit or
    focal point makes new renditions, so pages showing the photo must not be served from cache.
    (Registered here because media_assets knows nothing of articles.)"""

    list_display = [*PhotoAdmin.list_display, "use_count"]
    list_filter = [*PhotoAdmin.list_filter, LeadPhotoFilter]
    readonly_fields = [*PhotoAdmin.readonly_fields, "used_by"]
    usage_fieldsets = [("Used by", {"fields": ["used_by"]})]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(lead_article_count=Count("lead_articles"))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            # New renditions, credit or alt text in the rows of the articles that show it.
            articles_changed(teasers.refresh_for_photo(obj))

    @admin.display(description="articles", ordering="lead_article_count")
    def use_count(self, photo):
        return photo.lead_article_count

    @admin.display(description="lead photo of")
    def used_by(self, photo):
        rows = photo.lead_articles.order_by("-updated_at").values_list("pk", "headline", "status")
        if not rows:
            return "No article uses this photo."
        items = ((article_link(pk, headline, status),) for pk, headline, status in rows)
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", items))


def article_link(pk: int, headline: str, status: str):
    url = reverse("admin:articles_article_change", args=[pk])
    return format_html('<a href="{}">{} ({})</a>', url, headline, Status(status).label)


admin.site.unregister(Photo)
admin.site.register(Photo, PhotoDeskAdmin)
