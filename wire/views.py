"""The ninjs export API (public, published articles only) and the desk's import page."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from articles import surrogate_keys
from articles.cache import public_page, shows_articles
from articles.models import Article
from articles.related import related_teasers
from articles.teasers import teaser_of
from wire import export
from wire.forms import AttachPictureForm, ImportForm
from wire.importer import Batch, Outcome, import_file, summarise
from wire.intake import check_size
from wire.models import WireItem, WirePicture
from wire.pictures import attach
from wire.story import WireError

PER_PAGE = 20
JSON_OPTIONS = {"ensure_ascii": False, "indent": 2}
IMPORT_PERMISSIONS = ("articles.add_article", "articles.add_author", "wire.add_wireitem")
ATTACH_PERMISSIONS = ("media_assets.add_photo", "articles.attach_photo")


def exportable():
    """Published articles only: drafts, articles in edit and scheduled ones never leave."""
    return (
        Article.objects.published()
        .select_related("teaser", "lead_photo", "wire_item")
        .order_by("-published_at", "-pk")
    )


@require_safe
@public_page
def ninjs_detail(request, pk):
    article = get_object_or_404(exportable(), pk=pk)
    related = related_teasers(article, teaser_of(article))
    shows_articles([article.pk, *(item.article_id for item in related)])
    document = export.to_ninjs(article, related=related)
    return JsonResponse(document, json_dumps_params=JSON_OPTIONS)


@require_safe
@public_page(keys=(surrogate_keys.NINJS,))
def ninjs_list(request):
    paginator = Paginator(exportable(), PER_PAGE)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except InvalidPage:
        raise Http404("There is no such page.") from None
    shows_articles(article.pk for article in page.object_list)
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
    posted = request.method == "POST"
    form = ImportForm(request.POST, request.FILES) if posted else ImportForm()
    outcomes: list[Outcome] = []
    if posted and form.is_valid():
        batch = Batch()
        files = form.cleaned_data["files"]
        for upload in files:
            outcomes.extend(_import_upload(upload, user=request.user, batch=batch))
        if form.cleaned_data["text"].strip():
            data = form.cleaned_data["text"].encode()
            outcomes.extend(import_file("pasted text", data, user=request.user, batch=batch))
    context = {
        **admin.site.each_context(request),
        "title": "Import agency copy",
        "form": form,
        "outcomes": outcomes,
        "summary": summarise(outcomes) if outcomes else "",
        "opts": admin.site.get_model_admin(WireItem).opts,
    }
    return TemplateResponse(request, "admin/wire/import.html", context)


def _import_upload(upload, *, user, batch: Batch) -> list[Outcome]:
    """Each item of the uploaded file (a NewsML-G2 news message holds several)."""
    try:
        check_size(upload.size)  # before reading a byte of it
    except WireError as error:
        return [Outcome(upload.name, "failed", str(error))]
    return import_file(upload.name, upload.read(), user=user, batch=batch)


def attach_picture(request, pk):
    """The photo desk uploads the agency's file for a picture the wire described."""
    if not request.user.has_perms(ATTACH_PERMISSIONS):
        raise PermissionDenied
    picture = get_object_or_404(WirePicture.objects.select_related("item__article"), pk=pk)
    posted = request.method == "POST"
    form = AttachPictureForm(request.POST, request.FILES) if posted else AttachPictureForm()
    if posted and form.is_valid():
        data = form.cleaned_data["upload"]
        try:
            photo = attach(
                picture, data, filename=form.upload_name, user=request.user,
                alt_text=form.cleaned_data["alt_text"],
            )  # fmt: skip
        except ValidationError as error:
            form.add_error("upload", error)
        else:
            messages.success(request, f"Photo “{photo}” attached with the agency's credit.")
            return redirect("admin:wire_wireitem_change", picture.item_id)
    context = {
        **admin.site.each_context(request),
        "title": "Attach the picture file",
        "form": form,
        "picture": picture,
        "opts": admin.site.get_model_admin(WireItem).opts,
    }
    return TemplateResponse(request, "admin/wire/attach_picture.html", context)
