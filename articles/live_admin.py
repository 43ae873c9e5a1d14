"""The editors' screens of live blogs: post, edit, pin and delete entries, close the blog and
reopen it.

Every change goes through articles.live, which checks who may make it; these screens only offer
what the user may do. Entries need no permissions of their own: posting is editing the story
(articles.change_article, on a story one owns unless articles.edit_any_article), deleting and
closing and reopening are editors' steps (articles.publish_article).
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from articles import live
from articles.models import Article, LiveEntry
from articles.permissions import sees_every_article


def live_blogs_for(user):
    """The open live blogs `user` may post to."""
    blogs = Article.objects.filter(is_live=True, live_closed_at=None)
    if user.has_perm("articles.edit_any_article"):
        return blogs
    return blogs.owned_by(user)


class LiveEntryForm(forms.ModelForm):
    class Meta:
        model = LiveEntry
        fields = ["article", "body", "photo", "embed_url", "pinned", "key_event", "summary"]
        widgets = {"body": forms.Textarea(attrs={"rows": 8, "class": "vLargeTextField"})}

    def entry(self) -> live.Entry:
        data = self.cleaned_data
        return live.Entry(
            body=data.get("body") or "",
            photo=data.get("photo"),
            embed_url=data.get("embed_url") or "",
            pinned=bool(data.get("pinned")),
            key_event=bool(data.get("key_event")),
            summary=data.get("summary") or "",
        )

    def clean(self):
        cleaned = super().clean()
        try:
            self.entry().clean()
        except ValidationError as error:
            raise ValidationError(error.messages) from None
        return cleaned


class LiveBlogFilter(admin.SimpleListFilter):
    title = "live blog"
    parameter_name = "blog"

    def lookups(self, request, model_admin):
        blogs = Article.objects.filter(is_live=True).order_by("-created_at")[:50]
        return [(str(blog.pk), blog.headline) for blog in blogs]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(article_id=int(value))
        return queryset


@admin.register(LiveEntry)
class LiveEntryAdmin(admin.ModelAdmin):
    form = LiveEntryForm
    list_display = ["posted_at", "article", "text", "author", "pinned", "key_event", "edited_at"]
    list_filter = [LiveBlogFilter, "pinned", "key_event"]
    list_select_related = ["article", "author"]
    raw_id_fields = ["photo"]
    search_fields = ["body", "summary"]
    readonly_fields = ["author", "posted_at", "edited_at"]
    list_per_page = 50

    @admin.display(description="text")
    def text(self, entry):
        return live.excerpt(entry)

    # --- who may do what -------------------------------------------------------------------

    def has_module_permission(self, request):
        return request.user.has_perm(live.POST)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(live.POST)

    def has_add_permission(self, request):
        return request.user.has_perm(live.POST)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return request.user.has_perm(live.POST)
        return live.may_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return live.may_delete(request.user)

    def get_queryset(self, request):
        entries = super().get_queryset(request)
        if sees_every_article(request.user):
            return entries
        return entries.filter(article__in=Article.objects.owned_by(request.user))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        field = form.base_fields.get("article")
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = live_blogs_for(request.user)
        return form

    def get_readonly_fields(self, request, obj=None):
        # An entry stays on its blog.
        return [*self.readonly_fields, "article"] if obj else self.readonly_fields

    # --- saving through articles.live ------------------------------------------------------

    def save_model(self, request, obj, form, change):
        if change:
            live.edit(obj, request.user, form.entry())
        else:
            live.post(form.cleaned_data["article"], request.user, form.entry(), instance=obj)

    def delete_model(self, request, obj):
        live.delete(obj, request.user)

    def delete_queryset(self, request, queryset):
        for entry in queryset.select_related("article"):
            live.delete(entry, request.user)

    # --- closing and reopening the blog ----------------------------------------------------

    def get_urls(self):
        close = self.admin_site.admin_view(self.close_view)
        reopen = self.admin_site.admin_view(self.reopen_view)
        urls = [
            path("close/<int:article_id>/", close, name="articles_liveentry_close"),
            path("reopen/<int:article_id>/", reopen, name="articles_liveentry_reopen"),
        ]
        return urls + super().get_urls()

    def close_view(self, request, article_id: int):
        article = get_object_or_404(Article, pk=article_id, is_live=True)
        if not live.may_close(request.user, article):
            if article.live_closed_at is not None:
                raise Http404("This live blog is already closed.")
            raise PermissionDenied("Only editors may close a live blog.")
        if request.method == "POST":
            live.close(article, request.user)
            messages.success(request, f"The live blog “{article}” is closed.")
            return redirect("admin:articles_article_change", article.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": "Close the live blog",
            "article": article,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/articles/live_close.html", context)

    def reopen_view(self, request, article_id: int):
        article = get_object_or_404(Article, pk=article_id, is_live=True)
        if not live.may_reopen(request.user, article):
            if article.live_closed_at is None:
                raise Http404("This live blog is open.")
            raise PermissionDenied("Only editors may reopen a live blog.")
        if request.method == "POST":
            live.reopen(article, request.user)
            messages.success(request, f"The live blog “{article}” is open again.")
            return redirect("admin:articles_article_change", article.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": "Reopen the live blog",
            "article": article,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/articles/live_reopen.html", context)


@admin.display(description="Entries")
def live_blog_links(model_admin, article: Article | None) -> str:
    """The article form's links to its entries (ArticleAdmin shows it read-only)."""
    if article is None or article.pk is None or not article.is_live:
        return "Tick “live blog” and save to post entries."
    entries = reverse("admin:articles_liveentry_changelist") + f"?blog={article.pk}"
    if article.live_closed_at is not None:
        reopen = reverse("admin:articles_liveentry_reopen", args=[article.pk])
        return format_html(
            '<a href="{}">Entries</a> (closed) · <a href="{}">Reopen the blog</a>', entries, reopen
        )
    add = reverse("admin:articles_liveentry_add") + f"?article={article.pk}"
    close = reverse("admin:articles_liveentry_close", args=[article.pk])
    return format_html(
        '<a href="{}">Entries</a> · <a href="{}">Post an entry</a> · '
        '<a href="{}">Close the blog</a>',
        entries,
        add,
        close,
    )
