"""The editors' screens. Buttons come from workflow.available(); nothing else moves status."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from articles import workflow
from articles.cache import public_content_changed
from articles.forms import ArticleAdminForm
from articles.models import Article, ArticleEvent, Author, Byline, Section, Status
from media_assets.admin import admin_thumbnail

PHOTO_FIELDS = ("lead_photo", "lead_caption", "lead_credit", "no_photo")


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "user"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]
    list_select_related = ["user"]


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 0
    min_num = 0
    autocomplete_fields = ["author"]
    fields = ["position", "author", "role"]
    ordering = ["position", "pk"]


class ArticleEventInline(admin.TabularInline):
    """The workflow's history, read-only, newest first."""

    model = ArticleEvent
    verbose_name = "workflow step"
    verbose_name_plural = "Workflow history"
    extra = 0
    fields = ["at", "action", "from_status", "to_status", "actor", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("articles.view_article")


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = [
        "headline",
        "status_label",
        "section",
        "byline_text",
        "updated_at",
        "published_at",
    ]
    list_filter = ["status", "section", "bylines__author", "tags"]
    search_fields = ["headline", "standfirst", "body"]
    date_hierarchy = "published_at"
    list_select_related = ["section"]
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["lead_photo"]
    inlines = [BylineInline, ArticleEventInline]
    readonly_fields = [
        "status_label",
        "lead_photo_preview",
        "created_at",
        "updated_at",
        "first_published_at",
        "published_at",
    ]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body"]}),
        ("Placement", {"fields": ["section", "tags"]}),
        (
            "Dateline",
            {
                "fields": [("dateline_place", "dateline_date", "dateline_source")],
                "description": "Printed in house style: BRUSSELS, October 31. /TASS/.",
            },
        ),
        ("Lead photo", {"fields": ["lead_photo", "lead_photo_preview", *PHOTO_FIELDS[1:]]}),
        (
            "Status",
            {
                "fields": [
                    "status_label",
                    ("created_at", "updated_at"),
                    ("first_published_at", "published_at"),
                ]
            },
        ),
    ]

    # --- who may see and change what -------------------------------------------------------

    def get_queryset(self, request):
        queryset = (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("bylines", queryset=Byline.objects.select_related("author")))
        )
        if sees_every_article(request.user):
            return queryset
        return queryset.filter(pk__in=Article.objects.owned_by(request.user).values("pk"))

    def has_change_permission(self, request, obj=None):
        user = request.user
        if user.has_perm("articles.edit_any_article") or user.has_perm("articles.attach_photo"):
            return True
        if not user.has_perm("articles.change_article"):
            return False
        return obj is None or (obj.status == Status.DRAFT and obj.is_owned_by(user))

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj and not can_edit_text(request.user, obj):
            # The photo desk may change only the lead photo and its placement.
            editable = set(PHOTO_FIELDS)
            readonly += [f for f in self.form.base_fields if f not in editable]
        return readonly

    def get_inlines(self, request, obj):
        if obj and not can_edit_text(request.user, obj):
            return [ArticleEventInline]
        return self.inlines

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj and not can_edit_text(request.user, obj) else self.prepopulated_fields

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if obj.status == Status.PUBLISHED:
            transaction.on_commit(public_content_changed)

    # --- list columns ---------------------------------------------------------------------

    @admin.display(description="status", ordering="status")
    def status_label(self, obj):
        return format_html(
            '<span class="status status-{}">{}</span>', obj.status, obj.get_status_display()
        )

    @admin.display(description="byline")
    def byline_text(self, obj):
        return obj.byline

    @admin.display(description="preview")
    def lead_photo_preview(self, obj):
        return admin_thumbnail(obj.lead_photo) if obj.lead_photo else "No lead photo chosen."

    # --- workflow buttons -----------------------------------------------------------------

    def get_urls(self):
        transition = self.admin_site.admin_view(self.transition_view)
        return [
            path(
                "<path:object_id>/transition/<str:name>/",
                transition,
                name="articles_article_transition",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        article = self.get_object(request, object_id)
        if article is not None:
            extra_context["transitions"] = workflow.available(article, request.user)
        return super().change_view(request, object_id, form_url, extra_context)

    def transition_view(self, request, object_id, name):
        article = self.get_object(request, object_id)
        if article is None:
            raise Http404("No such article.")
        transition = workflow.get_transition(name)
        if not workflow.may(transition, article, request.user):
            raise PermissionDenied(f"You may not {transition.label.lower()} this article now.")
        errors, note = [], request.POST.get("note", "")
        if request.method == "POST":
            try:
                workflow.perform(article, name, request.user, note=note)
            except workflow.TransitionBlocked as blocked:
                errors = blocked.messages
            else:
                messages.success(request, f"“{article}”: {transition.label.lower()} done.")
                return HttpResponseRedirect(
                    reverse("admin:articles_article_change", args=[article.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"{transition.label}: {article}",
            "article": article,
            "transition": transition,
            "target_label": Status(transition.target).label,
            "errors": errors,
            "note": note,
        }
        return TemplateResponse(request, "admin/articles/article/transition.html", context)


def sees_every_article(user) -> bool:
    return any(
        user.has_perm(p)
        for p in ("articles.edit_any_article", "articles.publish_article", "articles.attach_photo")
    )


def can_edit_text(user, article) -> bool:
    if user.has_perm("articles.edit_any_article"):
        return True
    return (
        user.has_perm("articles.change_article")
        and article.status == Status.DRAFT
        and article.is_owned_by(user)
    )
