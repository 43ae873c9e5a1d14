"""The ninjs export API (public, published articles only) and the desk's import page."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from articles.cache import public_page
from articles.models import Article
from wire import export
from wire.forms import ImportForm
from wire.importer import Batch, Outcome, import_data, summarise
from wire.intake import check_size
from wire.models import WireItem
from wire.story import WireError

PER_PAGE = 20
JSON_OPTIONS = {"ensure_ascii": False, "indent": 2}
IMPORT_PERMISSIONS = ("articles.add_article", "articles.add_author", "wire.add_wireitem")


def exportable():
    """Published articles only: drafts, articles in edit and scheduled ones never leave."""
    return (
        Article.objects.published()
        .for_page()
        .select_related("wire_item")
        .order_by("-published_at", "-pk")
    )


@require_safe
@public_page
def ninjs_detail(request, pk):
    article = get_object_or_404(exportable(), pk=pk)
    return JsonResponse(export.to_ninjs(article), json_dumps_params=JSON_OPTIONS)


@require_safe
@public_page
def ninjs_list(request):
    paginator = Paginator(exportable(), PER_PAGE)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except InvalidPage:
        raise Http404("There is no such page.") from None
    url = request.build_absolute_uri(reverse("wire:ninjs-list"))
    data = {
        "count": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
        "next": f"{url}?page={page.next_page_number()}" if page.has_next() else None,
        "previous": f"{url}?page={page.previous_page_number()}" if page.has_previous() else None,
        "items": [export.to_ninjs(article) for article in page.object_list],
    }
    return JsonResponse(data, json_dumps_params=JSON_OPTIONS)


def import_page(request):
    """Upload files or paste one item; each item's outcome is listed with its draft."""
    if not request.user.has_perms(IMPORT_PERMISSIONS):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    outcomes = []
    if request.method == "POST" and form.is_valid():
        batch = Batch()
        files = form.cleaned_data["files"]
        outcomes = [_import_upload(f, user=request.user, batch=batch) for f in files]
        if form.cleaned_data["text"].strip():
            data = form.cleaned_data["text"].encode()
            outcomes.append(import_data("pasted text", data, user=request.user, batch=batch))
    context = {
        **admin.site.each_context(request),
        "title": "Import agency copy",
        "form": form,
        "outcomes": outcomes,
        "summary": summarise(outcomes) if outcomes else "",
        "opts": WireItem._meta,
    }
    return TemplateResponse(request, "admin/wire/import.html", context)


def _import_upload(upload, *, user, batch: Batch) -> Outcome:
    try:
        check_size(upload.size)  # before reading a byte of it
    except WireError as error:
        return Outcome(upload.name, "failed", str(error))
    return import_data(upload.name, upload.read(), user=user, batch=batch)
