"""taggit's tag screens, plus what a tag change means for readers.

A tag's name and address are in the teaser row of every article carrying it (its topics), so a
rename, a merge or a deletion rewrites those rows and purges the tags' pages and those of their
articles, as an author's change does. Registered in place of taggit's own TagAdmin;
articles/admin.py imports this module so that the admin finds it.
"""

from collections.abc import Iterable

from django.contrib import admin
from django.db import transaction
from taggit.admin import TagAdmin
from taggit.models import Tag

from articles import teasers
from articles.cache import tags_changed
from newsroom.numbers import whole_number


def readers_see_tags_change(tag_ids: Iterable[int | str], article_ids: Iterable[int]) -> None:
    article_ids = list(article_ids)
    teasers.refresh(article_ids)
    tags_changed(tag_ids, article_ids)


class NewsroomTagAdmin(TagAdmin):
    def save_related(self, request, form, formsets, change):
        # After the tag and its tagged-items inline are both saved.
        super().save_related(request, form, formsets, change)
        tag = form.instance.pk
        readers_see_tags_change([tag], teasers.article_ids_tagged([tag]))

    def delete_model(self, request, obj):
        tag, tagged = obj.pk, teasers.article_ids_tagged([obj.pk])
        super().delete_model(request, obj)
        readers_see_tags_change([tag], tagged)

    def delete_queryset(self, request, queryset):
        tags = list(queryset.values_list("pk", flat=True))
        tagged = teasers.article_ids_tagged(tags)
        super().delete_queryset(request, queryset)
        readers_see_tags_change(tags, tagged)

    def merge_tags_view(self, request):
        if request.method != "POST":
            return super().merge_tags_view(request)
        selected = request.session.get("selected_tag_ids", "").split(",")
        tags = [pk for pk in selected if whole_number(pk) is not None]
        tagged = teasers.article_ids_tagged(tags)
        with transaction.atomic():
            response = super().merge_tags_view(request)
            # The tag they went into is in the rewritten rows: its key is purged with theirs.
            readers_see_tags_change(tags, tagged)
        return response


admin.site.unregister(Tag)
admin.site.register(Tag, NewsroomTagAdmin)
