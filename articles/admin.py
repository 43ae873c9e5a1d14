"""The editors' screens. Buttons come from workflow.available(); nothing else moves status."""

from functools import partial
from typing import Any

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.options import InlineModelAdmin
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Prefetch
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods, require_POST

import articles.breaking_admin
import articles.photo_desk
import articles.tag_admin  # noqa: F401 (taggit's tag admin, with what a tag change means)
from articles import (
    admin_views,
    autosave,
    body,
    bulk,
    editing,
    editor_lookups,
    live_admin,  # the live blog entries' screens, and the article form's links to them
    preview,
    surrogate_keys,
    teaser_pictures,
    teasers,
)
from articles.admin_filters import AuthorFilter, TagFilter
from articles.admin_paging import EstimatingPaginator
from articles.cache import articles_changed, authors_changed, public_content_changed
from articles.forms import ArticleAdminForm, BylineFormSet
from articles.html import sanitize_body
from articles.models import (
    Article,
    Author,
    Byline,
    Correction,
    RelatedArticle,
    Revision,
    Section,
    Status,
)
from articles.permissions import can_edit_text, sees_every_article
from articles.related import SHOWN
from articles.search import admin_matching
from media_assets.admin import admin_thumbnail
from media_assets.bulk import refuse_unoffered_action

PHOTO_FIELDS = ("lead_photo", "lead_caption", "lead_credit", "no_photo")


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    """A section's name and order are in the menu of every page (and its name in the teaser rows
    of its articles): a change rewrites those rows and purges every public page."""

    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]
    filter_horizontal = ["editors"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "editors":  # people who work in the admin today
            kwargs["queryset"] = get_user_model().objects.filter(is_active=True, is_staff=True)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        teasers.refresh_for_section(obj)
        transaction.on_commit(public_content_changed)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)  # only an empty section can go (PROTECT)
        transaction.on_commit(public_content_changed)

    def delete_queryset(self, request, queryset):  # "Delete selected sections"
        super().delete_queryset(request, queryset)
        transaction.on_commit(public_content_changed)


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    """An author's name is in the bylines of their articles' teaser rows: a change rewrites
    those rows and purges the author's pages and those showing their articles."""

    list_display = ["name", "kind", "user"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]
    list_select_related = ["user"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        articles = list(Byline.objects.filter(author=obj).values_list("article_id", flat=True))
        teasers.refresh(articles)
        authors_changed([obj.pk], articles)

    def delete_model(self, request, obj):
        pk = obj.pk
        super().delete_model(request, obj)  # only an author without bylines can go (PROTECT)
        authors_changed([pk], [])

    def delete_queryset(self, request, queryset):  # "Delete selected authors"
        pks = list(queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        authors_changed(pks, [])


class BylineInline(admin.TabularInline):
    model = Byline
    formset = BylineFormSet
    extra = 0
    min_num = 0

    def get_max_num(self, request, obj=None, **kwargs):
        return settings.ARTICLE_MAX_BYLINES  # "Add another" stops there; the formset says why

    autocomplete_fields = ["author"]
    fields = ["position", "author", "role"]
    ordering = ["position", "pk"]


class OptionalFormSet(BaseInlineFormSet):
    """A post without this block (a form saved from a page older than it, a script) leaves the
    choices as they are, instead of failing the whole save for a missing management form."""

    def __init__(self, data=None, files=None, instance=None, save_as_new=False, prefix=None, **kw):
        prefix = prefix or self.get_default_prefix()
        if data is not None and f"{prefix}-TOTAL_FORMS" not in data:
            data = data.copy()
            data[f"{prefix}-TOTAL_FORMS"] = data[f"{prefix}-INITIAL_FORMS"] = "0"
        super().__init__(data, files, instance, save_as_new, prefix, **kw)


class RelatedArticleInline(admin.TabularInline):
    """The editor's related stories, shown first on the page; automatic ones fill the rest."""

    model = RelatedArticle
    formset = OptionalFormSet
    fk_name = "article"
    extra = 0
    max_num = SHOWN  # the page shows no more
    autocomplete_fields = ["related"]
    fields = ["position", "related"]
    ordering = ["position", "pk"]
    verbose_name_plural = f"Related stories (up to {SHOWN}, before the automatic ones)"

    # Part of the article's text: whoever may write it chooses them (no permissions of their own).
    def _may_edit(self, request, obj):
        if obj is None:
            return request.user.has_perm("articles.add_article")
        return can_edit_text(request.user, obj)

    def has_view_permission(self, request, obj=None):
        return self._may_edit(request, obj)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


class CorrectionInline(admin.StackedInline):
    """Notes to readers on a published article: added by editors, never edited or removed."""

    model = Correction
    extra = 0
    fields = ["kind", "text", "published_at", "created_by"]
    readonly_fields = ["published_at", "created_by"]
    can_delete = False
    verbose_name = "correction or update"
    verbose_name_plural = "Corrections and updates (shown to readers)"

    def has_add_permission(self, request, obj=None):
        published = obj is not None and obj.status == Status.PUBLISHED
        return published and request.user.has_perm("articles.add_correction")

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return True


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
    # Authors and tags by an IN (subquery), which needs no DISTINCT over the list (the default
    # filters for these relations add one, a sort of every match); dates by a range of the
    # published_at index rather than a date hierarchy, whose year links read every row.
    list_filter = [
        "status",
        "section",
        AuthorFilter,
        TagFilter,
        ("published_at", admin.DateFieldListFilter),
    ]
    search_fields = ["headline", "standfirst", "body"]  # see get_search_results()
    search_help_text = (
        "Whole words of the headline, standfirst or text, in any form (minister finds ministers); "
        '"quotes" for a phrase, -word to leave one out.'
    )
    list_select_related = ["section"]
    paginator = EstimatingPaginator
    # Only columns an index orders (a sort by headline reads all the archive: 1.2 s at 1M).
    sortable_by = ["status_label", "published_at"]
    list_per_page = 50  # rendering the rows is most of the page's time (Django's default is 100)
    show_full_result_count = False  # a second count, of the whole table, on every page
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["lead_photo", "social_image"]
    actions = bulk.ACTIONS  # beside the site's "Delete selected"; see articles/bulk.py
    live_blog = live_admin.live_blog_links
    readonly_fields = [
        "live_blog",
        "status_label",
        "lead_photo_preview",
        "created_at",
        "updated_at",
        "first_published_at",
        "published_at",
    ]
    fieldsets = [
        (None, {"fields": ["base_version", "headline", "slug", "standfirst", "body"]}),
        ("Placement", {"fields": ["section", "tags"]}),
        (
            "Dateline",
            {
                "fields": [("dateline_place", "dateline_date", "dateline_source")],
                "description": "Printed in house style: BRUSSELS, October 31. /TASS/.",
            },
        ),
        ("Lead photo", {"fields": ["lead_photo", "lead_photo_preview", *PHOTO_FIELDS[1:]]}),
        ("Live blog", {"fields": ["is_live", "live_blog"]}),
        ("Embargo", {"fields": ["embargo_until"]}),
        (
            "Search and social",
            {
                "fields": ["seo_title", "meta_description", "social_headline", "social_image"],
                "classes": ["collapse"],
                "description": "Optional. Empty, search engines and networks are shown the "
                "headline, standfirst and lead photo. Past the counted length they cut the text.",
            },
        ),
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

    def get_search_results(self, request, queryset, search_term):
        # Through the full-text index on PostgreSQL (articles.search), never a scan of bodies.
        return admin_matching(queryset, search_term), False

    def has_change_permission(self, request, obj=None):
        user = request.user
        if user.has_perm("articles.attach_photo"):
            return True  # the photo fields at least: see get_readonly_fields()
        if obj is None:
            return user.has_perm("articles.change_article") or user.has_perm(
                "articles.edit_any_article"
            )
        return can_edit_text(user, obj)

    # The bulk actions' rights (Django asks has_<name>_permission for each action's name).
    def has_submit_permission(self, request):
        return request.user.has_perm("articles.change_article")

    def has_publish_permission(self, request):
        return request.user.has_perm("articles.publish_article")

    def has_edit_any_permission(self, request):
        return request.user.has_perm("articles.edit_any_article")

    def changelist_view(self, request, extra_context=None):
        # A bulk step posted by someone without its right is refused outright (403).
        refuse_unoffered_action(self, request, bulk.NAMES)
        return super().changelist_view(request, extra_context)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj and not can_edit_text(request.user, obj):
            # The photo desk may change only the lead photo and its placement.
            editable = {*PHOTO_FIELDS, "base_version"}
            readonly += [f for f in self.form.base_fields if f not in editable]
            readonly.append("body_display")
        elif not request.user.has_perm("articles.publish_article"):
            readonly.append("embargo_until")
        return readonly

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or can_edit_text(request.user, obj):
            return fieldsets
        # Whoever may not write the text reads it as readers will, not as markup.
        return [
            (name, {**options, "fields": [_display_body(f) for f in options["fields"]]})
            for name, options in fieldsets
        ]

    def get_inlines(
        self, request: HttpRequest, obj: Article | None
    ) -> "list[type[InlineModelAdmin[Any, Any]]]":  # generic in the stubs only
        inlines: list[type[InlineModelAdmin[Any, Any]]] = []
        if obj is None or can_edit_text(request.user, obj):
            inlines.append(BylineInline)
            inlines.append(RelatedArticleInline)
        if obj is not None and obj.status == Status.PUBLISHED:
            inlines.append(CorrectionInline)
        return inlines

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj and not can_edit_text(request.user, obj) else self.prepopulated_fields

    def save_model(self, request, obj, form, change):
        # Saved with its bylines and tags by save_related(), through the one save path.
        if not change:
            obj.created_by = request.user

    def save_related(self, request, form, formsets, change):
        def write_related(article):
            super(ArticleAdmin, self).save_related(request, form, formsets, change)
            author = getattr(request.user, "author", None)
            if not change and author and not article.bylines.exists():
                # A reporter's new article carries their byline unless they chose another.
                Byline.objects.create(article=article, author=author)

        editing.save_content(
            form.instance,
            user=request.user,
            source=Revision.Source.ADMIN,
            expected_version=form.cleaned_data.get("base_version") if change else None,
            write_related=write_related,
        )
        autosave.forget(request.user, form.instance, new=not change)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Correction:
            return super().save_formset(request, form, formset, change)
        for note in formset.save(commit=False):
            editing.add_note(note, user=request.user)

    def delete_model(self, request, obj):
        pk, before = obj.pk, surrogate_keys.shown([obj.pk])
        super().delete_model(request, obj)  # its teaser row goes with it (CASCADE)
        articles_changed([pk], before=before)

    def delete_queryset(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        before = surrogate_keys.shown(ids)
        super().delete_queryset(request, queryset)
        articles_changed(ids, before=before)

    def view_on_site(self, obj):
        # Only what readers can see; a share link is the way to show anything else.
        return obj.get_absolute_url() if obj in Article.objects.published() else None

    # --- list columns ---------------------------------------------------------------------

    @admin.display(description="status", ordering="status")
    def status_label(self, obj):
        label = obj.get_status_display()
        if obj.is_scheduled:
            label = f"Scheduled for {timezone.localtime(obj.published_at):%d %b %Y %H:%M}"
        if obj.is_embargoed:
            label += f" · embargoed until {timezone.localtime(obj.embargo_until):%d %b %H:%M}"
        css = "scheduled" if obj.is_scheduled else obj.status
        return format_html('<span class="status status-{}">{}</span>', css, label)

    @admin.display(description="byline")
    def byline_text(self, obj):
        return obj.byline

    @admin.display(description="body")
    def body_display(self, obj):
        # As readers see it (photos with credits, embeds as boxes), from the body cleaned again
        # here rather than trusting that every path which wrote it (admin, wire, restore) did.
        clean = sanitize_body(obj.body)
        return format_html(
            '<div class="body-display">{}</div>',
            body.render(clean, teaser_pictures.inline_photos(clean)),
        )

    @admin.display(description="preview")
    def lead_photo_preview(self, obj):
        return admin_thumbnail(obj.lead_photo) if obj.lead_photo else "No lead photo chosen."

    # --- the change page and its own pages -------------------------------------------------

    def get_urls(self):
        def bound(view, route, name, *, post_only=False):
            view = partial(view, self)
            view = self.admin_site.admin_view(require_POST(view) if post_only else view)
            return path(f"<path:object_id>/{route}", view, name=f"articles_article_{name}")

        photos = self.admin_site.admin_view(partial(editor_lookups.photos, self))
        embed = self.admin_site.admin_view(partial(editor_lookups.embed, self))
        return [  # the body editor's photo chooser and embed check, then the article's own pages
            path("photos/", photos, name="articles_article_photos"),
            path("embed/", embed, name="articles_article_embed"),
            bound(admin_views.transition, "transition/<str:name>/", "transition"),
            bound(admin_views.lift_embargo, "embargo/lift/", "lift_embargo", post_only=True),
            bound(admin_views.revisions, "revisions/", "revisions"),
            bound(admin_views.compare, "revisions/compare/", "compare"),
            bound(admin_views.restore, "revisions/<int:number>/restore/", "restore"),
            bound(admin_views.lock, "lock/", "lock", post_only=True),
            bound(admin_views.take_over, "lock/take/", "take_over", post_only=True),
            bound(admin_views.release, "lock/release/", "release", post_only=True),
            bound(admin_views.share, "share/", "share", post_only=True),
            bound(admin_views.revoke, "share/<int:link_id>/revoke/", "revoke", post_only=True),
            *self.preview_urls(),
            *self._autosave_urls(),
            *super().get_urls(),
        ]

    def preview_urls(self):
        # Before the admin's own: "add/preview/" would otherwise be the object "add".
        view = partial(preview.preview, self)
        view = self.admin_site.admin_view(require_http_methods(["GET", "HEAD", "POST"])(view))
        return [
            path("add/preview/", view, name="articles_article_add_preview"),
            path("<path:object_id>/preview/", view, name="articles_article_preview"),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        article = self.get_object(request, object_id)
        if article is not None:
            extra_context.update(admin_views.change_page_context(self, request, article))
            extra_context.update(autosave.page_context(self, request, article))
        return super().change_view(request, object_id, form_url, extra_context)

    # --- autosave (articles/autosave.py) ---------------------------------------------------

    def _autosave_urls(self):
        def bound(view, route, name, *, new):
            view = self.admin_site.admin_view(require_POST(partial(view, self)))
            prefix = "add/" if new else "<path:object_id>/"
            return path(prefix + route, view, name=f"articles_article_{name}")

        # The add page's first: "add/autosave/" would otherwise read as article "add".
        return [
            bound(autosave.store, "autosave/", "autosave_new", new=True),
            bound(autosave.discard, "autosave/discard/", "autosave_new_discard", new=True),
            bound(autosave.store, "autosave/", "autosave", new=False),
            bound(autosave.discard, "autosave/discard/", "autosave_discard", new=False),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), **autosave.page_context(self, request, None)}
        return super().add_view(request, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        saved = autosave.to_restore(self, request, obj)
        return autosave.restored_form(form, saved) if saved else form

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if saved := autosave.to_restore(self, request, obj):
            kwargs.update(autosave.restored_formset_data(saved, prefix))
        return kwargs


def _display_body(field):
    return "body_display" if field == "body" else field
