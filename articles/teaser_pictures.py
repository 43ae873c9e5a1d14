"""What teaser rows hold of pictures (articles.teasers): the lead photo's figures and images, the
social card's picture, and the photos a body shows; all from the renditions there are, never
Pillow (`pending` says some are still to be made, and the refresh queues them)."""

import logging
import mimetypes

from articles.body import BODY_SPEC, EXPORT_SPEC, photo_ids
from articles.models import Article, BodyPhoto
from media_assets.figures import figure_sources
from media_assets.imaging import parse_spec
from media_assets.models import Photo
from media_assets.rendition_store import nearest_of_shape, ready_renditions, rendition_url

logger = logging.getLogger(__name__)

# The figures pages build (teasers, the lead teaser and the article page) and the single images
# of structured data, social cards, feeds' enclosures and the ninjs export.
FIGURE_SPECS = ("fill-1200x675", "fill-640x360")
IMAGE_SPECS = ("crop-16x9", "crop-4x3", "crop-1x1", "width-800")
SOCIAL_SPEC = "crop-16x9"  # the social card's shape (article_meta.CARD_SPEC)


def social_image_data(article: Article) -> dict | None:
    photo = article.social_image
    if photo is None:
        return None
    return {**image_data(photo, SOCIAL_SPEC), "alt": photo.alt_text}


def photo_data(photo: Photo) -> dict:
    """What pages show of a photo, from the renditions there are: never Pillow. `pending` says
    some are still to be made (refresh() queues them)."""
    figures = {spec: figure_sources(photo, spec) for spec in FIGURE_SPECS}
    images = {spec: image_data(photo, spec) for spec in IMAGE_SPECS}
    pending = [part["pending"] for part in [*figures.values(), *images.values()]]
    return {
        "alt": photo.alt_text,
        "copyright_notice": photo.copyright_notice,
        "creator": photo.creator or photo.source or photo.credit_line,
        "figures": figures,
        "images": images,
        "pending": any(pending),
    }


def body_photos_by_article(
    article_ids: list[int], built: dict[int, dict], pending: dict[int, Photo]
) -> dict[int, dict[str, dict]]:
    """The inline photos of each article as `body_photos` holds them: one query for the links,
    and one (with their renditions) for the photos not in `built` yet; those with renditions
    to make go into `pending`."""
    links = list(
        BodyPhoto.objects.filter(article_id__in=article_ids).values_list("article_id", "photo_id")
    )
    missing = {photo_id for _, photo_id in links} - built.keys()
    if missing:
        for photo in Photo.objects.filter(pk__in=missing).prefetch_related("renditions"):
            built[photo.pk] = inline_photo_data(photo)
            if built[photo.pk]["pending"]:
                pending[photo.pk] = photo
    found: dict[int, dict[str, dict]] = {}
    for article_id, photo_id in links:
        if photo_id in built:  # a photo gone since its link was read
            found.setdefault(article_id, {})[str(photo_id)] = built[photo_id]
    return found


def inline_photos(html: str) -> dict[str, dict]:
    """`body_photos` for a body as it stands, saved or not (a share link's or a preview's row
    built on the spot): the photos it names that are in the library."""
    ids = photo_ids(html)
    if not ids:
        return {}
    photos = Photo.objects.filter(pk__in=ids).prefetch_related("renditions")
    return {str(photo.pk): inline_photo_data(photo) for photo in photos}


def inline_photo_data(photo: Photo) -> dict:
    """What pages, feeds, JSON-LD and the ninjs export show of a photo inside a body."""
    figure = figure_sources(photo, BODY_SPEC)
    image = image_data(photo, EXPORT_SPEC)
    return {
        "alt": photo.alt_text,
        "caption": photo.caption,
        "credit": photo.credit,
        "copyright_notice": photo.copyright_notice,
        "creator": photo.creator or photo.source or photo.credit_line,
        "source": photo.source,
        "usage_terms": photo.usage_terms,
        "uri": f"urn:newsroom:photo:{photo.sha256}",
        "original": {
            "url": photo.image.url,
            "width": photo.width,
            "height": photo.height,
            "size": photo.file_size,
            "type": mimetypes.guess_type(photo.image.name or "")[0] or "image/jpeg",
        },
        "figures": {BODY_SPEC: figure},
        "images": {EXPORT_SPEC: image},
        "pending": figure["pending"] or image["pending"],
    }


def image_data(photo: Photo, spec: str) -> dict:
    """A single image of `spec` for structured data, cards, enclosures and ninjs: its rendition,
    else the nearest of its shape, else the original at its own size (`original`)."""
    parsed = parse_spec(spec)
    found, current = ready_renditions(photo, [parsed])
    made = found[0] if found else nearest_of_shape(photo, parsed)
    try:
        size = made.file.size if made is not None else 0
    except OSError:  # its file is gone from storage: the original stands in, the save goes on
        logger.exception("Rendition %s of photo %s is missing from storage", made, photo.pk)
        made, current = None, False
    if made is None:
        return {
            "url": photo.image.url,
            "width": photo.width,
            "height": photo.height,
            "size": photo.file_size,
            "type": mimetypes.guess_type(photo.image.name or "")[0] or "image/jpeg",
            "pending": True,
            "original": True,
        }
    return {
        "url": rendition_url(made),
        "width": made.width,
        "height": made.height,
        "size": size,
        "type": made.mime_type,
        "pending": not current,
    }
