"""The article as readers will see it, before it is saved: the desk's preview.

`preview()` takes the article form as it stands (a POST of the admin's add or change form, its
bylines and tags included), builds an unsaved Article, its credits, topics and teaser row from
it, and renders them through the public templates: the article page, its teaser, a search
result and a social card (`?view=`). A GET shows the saved article so. Nothing is written: the
form's version check is not run (a preview overwrites nothing, so a stale form is no conflict),
nothing is saved, and the whole is inside a transaction that is rolled back.

Only someone who may open the article's change page may preview it (a reporter their own
articles), or, on the add page, anyone who may add one. The answer is never cached or indexed.
"""

import re
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.forms.models import inlineformset_factory
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.text import slugify
from django.views.decorators.clickjacking import xframe_options_sameorigin
from taggit.models import Tag

from articles import teasers
from articles.forms import BylineFormSet
from articles.models import Article, Byline, Credit, Teaser, Topic
from articles.tags import tag_slug
from articles.views import Window, allow_frames, article_context

VIEWS = {
    "article": "articles/article.html",
    "teaser": "articles/preview_teaser.html",
    "search": "articles/search.html",
    "card": "articles/preview_card.html",
}
SLUG = re.compile(r"[-\w]+")  # what the article's URL accepts
BYLINES = inlineformset_factory(
    Article, Byline, formset=BylineFormSet, fields=["position", "author", "role"], extra=0
)


@dataclass(frozen=True)
class DeskPreview:
    """What the article page's banner says of a desk preview (a share link passes its own)."""

    note: str = "A preview of your changes as readers will see them; nothing is saved."
    expires_at: datetime | None = None


SAVED = DeskPreview("The article as saved, as readers will see it once it is published.")


@xframe_options_sameorigin  # the change page shows it in a frame; nothing else may
def preview(model_admin, request: HttpRequest, object_id: str | None = None) -> HttpResponse:
    article = _allowed_article(model_admin, request, object_id)
    view = request.GET.get("view", "article")
    if view not in VIEWS:
        raise Http404("There is no such preview.")
    with transaction.atomic():
        if request.method == "POST":
            article, credits, topics = from_form(model_admin, request, article)
        else:
            credits, topics = _stored_credits(article), _stored_topics(article)
        teaser = teasers.build(article, credits, topics)
        banner = DeskPreview() if request.method == "POST" else SAVED
        response = render(request, VIEWS[view], _context(view, article, teaser, banner))
        transaction.set_rollback(True)  # whatever rendering may have written, it is not kept
    response = allow_frames(request, response, article.body)  # the new tab loads embeds on a click
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    patch_cache_control(response, private=True, no_store=True, max_age=0)
    return response


def _allowed_article(model_admin, request, object_id) -> Article:
    """The article to preview (a new one on the add page), or 404/403 as its change page."""
    if object_id is None:
        if not model_admin.has_add_permission(request):
            raise PermissionDenied
        return Article(created_by=_user(request), created_at=timezone.now())
    article = model_admin.get_object(request, object_id)  # reporters: only their own
    if article is None:
        raise Http404("No such article, or not one you may see.")
    if not model_admin.has_view_or_change_permission(request, article):
        raise PermissionDenied
    return article


def _user(request) -> User | None:
    user: User | AnonymousUser = request.user
    return user if isinstance(user, User) else None


def from_form(model_admin, request, article: Article) -> tuple[Article, list[Credit], list[Topic]]:
    """The unsaved article the POSTed form describes, with its credits and topics.

    The fields this user may not change (read-only to them) keep their stored values, as on
    save; an invalid field keeps the stored value too, so a half-written form still previews."""
    stored = article.pk is not None
    form_class = model_admin.get_form(request, article if stored else None, change=stored)
    unchecked = type(
        "PreviewForm",
        (form_class,),
        {"_check_version": _no_version_check, "_check_pictures": _no_pictures_check},
    )
    form = unchecked(request.POST, request.FILES, instance=article)
    form.is_valid()  # sets form.instance's fields from what is valid; its errors are for Save
    if not SLUG.fullmatch(form.instance.slug):  # not typed yet: the address needs one
        form.instance.slug = slugify(form.instance.headline) or "untitled"
    names = form.cleaned_data.get("tags") if "tags" in form.fields else None
    topics = _topics(names) if names is not None else _stored_topics(article)
    credits = _credits(request, form.instance)
    return form.instance, credits, topics


def _no_version_check(form, started_from) -> None:
    """A preview saves nothing, so it cannot overwrite anyone's work: no conflict to find."""


def _no_pictures_check(form, cleaned) -> None:
    """A preview publishes nothing: an uncredited photo shows, and Save or Publish refuses it."""


def _credits(request, article: Article) -> list[Credit]:
    if f"{BYLINES.get_default_prefix()}-TOTAL_FORMS" not in request.POST:
        return _stored_credits(article)  # the form shows no bylines to this user
    formset = BYLINES(request.POST, instance=article)
    formset.is_valid()  # rows that are valid are shown; the others are for Save to explain
    rows = []
    for index, form in enumerate(formset.forms):
        cleaned = getattr(form, "cleaned_data", None) or {}
        if cleaned.get("DELETE") or not cleaned.get("author"):
            continue
        author, role = cleaned["author"], cleaned.get("role") or Byline.Role.WRITER
        rows.append((cleaned.get("position") or 0, index, Credit(role, *_author(author))))
    credits = [credit for *_, credit in sorted(rows, key=lambda row: row[:2])]
    author = getattr(request.user, "author", None)
    if not credits and article.pk is None and author is not None:
        credits = [Credit(Byline.Role.WRITER, *_author(author))]  # as the admin's save adds it
    return credits


def _author(author) -> tuple[str, str, str]:
    return author.name, author.slug, author.kind


def _topics(names: list[str]) -> list[Topic]:
    known = {
        name.lower(): slug
        for name, slug in Tag.objects.values_list("name", "slug").filter(name__in=names)
    }
    return [Topic(name, known.get(name.lower()) or tag_slug(name)) for name in names]


def _stored_credits(article: Article) -> list[Credit]:
    return teasers.credits_by_article([article.pk]).get(article.pk, []) if article.pk else []


def _stored_topics(article: Article) -> list[Topic]:
    return teasers.topics_by_article([article.pk]).get(article.pk, []) if article.pk else []


def _context(view: str, article: Article, teaser: Teaser, banner: DeskPreview) -> dict:
    if view == "search":
        # The search page as it lists this article among its results.
        words = " ".join(article.headline.split()[:3]) or "preview"
        return {"page": Window(1, [teaser], False), "query": words, "found": 1, "more": False}
    return article_context(article, teaser, preview=banner)
