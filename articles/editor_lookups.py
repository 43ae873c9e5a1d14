"""What the body editor (static/articles/prose-extensions.js) asks the server, as JSON, for
whoever may write articles.

`photos`: the photo chooser asks `?term=` while the user searches, and `?id=` for the photos
already in a body, to show them with their thumbnail and credit. `embed`: whether an address
is one articles.embeds accepts, and as what; the one table of providers is the server's.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import JsonResponse

from articles import embeds
from media_assets.admin import desk_image
from media_assets.imaging import ADMIN_THUMBNAIL
from media_assets.models import Photo
from newsroom.numbers import whole_number

LIMIT = 20


def _may_write(model_admin, request) -> bool:
    return model_admin.has_add_permission(request) or model_admin.has_change_permission(request)


def photos(model_admin, request):
    if not (_may_write(model_admin, request) and request.user.has_perm("media_assets.view_photo")):
        raise PermissionDenied
    found = Photo.objects.prefetch_related("renditions")  # no query a photo once it has a thumbnail
    if "id" in request.GET:
        ids = [whole_number(part) for part in request.GET["id"].split(",")[:LIMIT]]
        found = found.filter(pk__in=[pk for pk in ids if pk is not None])
    elif term := request.GET.get("term", "").strip():
        matches = Q(caption__icontains=term) | Q(alt_text__icontains=term)
        matches |= Q(credit_line__icontains=term) | Q(creator__icontains=term)
        matches |= Q(source__icontains=term)
        if (pk := whole_number(term)) is not None:
            matches |= Q(pk=pk)
        found = found.filter(matches)
    return JsonResponse({"results": [describe(photo) for photo in found[:LIMIT]]})


def embed(model_admin, request):
    if not _may_write(model_admin, request):
        raise PermissionDenied
    address = request.GET.get("url", "").strip()
    found = embeds.match(address)
    if found is None:
        return JsonResponse(
            {"error": f"“{address[:200]}” is not an address we can embed. Paste {embeds.WANTED}."},
            status=400,
        )
    return JsonResponse(
        {"provider": found.provider, "id": found.id, "url": found.url, "label": found.spec.label}
    )


def describe(photo: Photo) -> dict:
    url, width, height = desk_image(photo, ADMIN_THUMBNAIL)
    return {
        "id": photo.pk,
        "label": str(photo),
        "thumbnail": url,
        "width": width,
        "height": height,
        "credit": photo.credit,
        "alt_text": photo.alt_text,
    }
