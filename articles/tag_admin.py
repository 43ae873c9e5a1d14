"""taggit's tag screens, plus what a tag change means for readers.

A tag's name and address are in the teaser row of every article carrying it (its topics), so a
rename, a merge or a deletion rewrites those rows and retires the cached pages, as a section's or
an author's change does. Registered in place of taggit's own TagAdmin; articles/admin.py imports
this module so that the admin finds it.
"""

from collections.abc import Iterable

from django.contrib import admin
from django.db import transaction
from taggit.admin import TagAdmin
from taggit.models import Tag

from articles import teasers
from articles.cache import public_content_changed


def readers_see_tags_change(article_ids: Iterable[int]) -> None:
    teasers.refresh(article_ids)
    transaction.on_commit(public_content_changed)


class NewsroomTagAdmin(TagAdmin):
    def save_related(self, request, form, formsets, change):
        # After the tag and its tagged-items inline are both saved.
        super().save_related(request, form, formsets, change)
        readers_see_tags_change(teasers.article_ids_tagged([form.instance.pk]))

    def delete_model(self, request, obj):
        tagged = teasers.article_ids_tagged([obj.pk])
        super().delete_model(request, obj)
        readers_see_tags_change(tagged)

    def delete_queryset(self, request, queryset):
        tagged = teasers.article_ids_tagged(list(queryset.values_list("pk", flat=True)))
        super().delete_queryset(request, queryset)
        readers_see_tags_change(tagged)

    def merge_tags_view(self, request):
        if request.method != "POST":
            return super().merge_tags_view(request)
        selected = request.session.get("selected_tag_ids", "").split(",")
        tagged = teasers.article_ids_tagged([pk for pk in selected if pk.isdigit()])
        with transaction.atomic():
            response = super().merge_tags_view(request)
            readers_see_tags_change(tagged)
        return response


admin.site.unregister(Tag)
admin.site.register(Tag, NewsroomTagAdmin)
