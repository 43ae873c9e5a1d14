"""The article list's filters by author and by tag: an IN (subquery) each, which needs no
DISTINCT over the list (the admin's own filters for these relations add one, a sort of every
match); a value that is not an id matches nothing."""

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from taggit.models import Tag, TaggedItem

from articles.models import Article, Author, Byline
from newsroom.numbers import whole_number


class AuthorFilter(admin.SimpleListFilter):
    title = "author"
    parameter_name = "author"

    def lookups(self, request, model_admin):
        return Author.objects.values_list("pk", "name")

    def queryset(self, request, queryset):
        if not (value := self.value()):
            return queryset
        if (pk := whole_number(value)) is None:
            return queryset.none()
        bylines = Byline.objects.filter(author=pk)
        return queryset.filter(pk__in=bylines.values("article_id"))


class TagFilter(admin.SimpleListFilter):
    title = "tag"
    parameter_name = "tag"

    def lookups(self, request, model_admin):
        return Tag.objects.values_list("pk", "name")

    def queryset(self, request, queryset):
        if not (value := self.value()):
            return queryset
        if (pk := whole_number(value)) is None:
            return queryset.none()
        tagged = TaggedItem.objects.filter(
            tag=pk, content_type=ContentType.objects.get_for_model(Article)
        )
        return queryset.filter(pk__in=tagged.values("object_id"))
