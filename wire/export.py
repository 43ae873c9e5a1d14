"""Published articles as IPTC ninjs 3.1 for partners and aggregators (validated in the tests).

Articles must come with their teaser rows (articles.teasers), their lead photos and wire items
joined (`select_related("teaser", "lead_photo", "wire_item")`), so a page of them costs a fixed
number of queries: credits, topics, section and renditions come from the teaser row, as do the
photos the body shows. The body goes out as partners can show it (articles.body.render_export):
inline photos as figures with absolute addresses and their credit, also listed as picture
associations with their renditions; embeds as plain links to the post. The related stories
the article page shows (articles.related) go out as text associations with `rel` "seeAlso" (IPTC's
item-relation code) when the caller passes them: the detail does, the list does not (a query per
article).
"""

from collections.abc import Sequence
from datetime import datetime

from django.conf import settings
from django.urls import reverse

from articles import body, teasers
from articles.models import Article, Teaser, format_byline
from media_assets.models import Photo

SCHEMA = "https://www.iptc.org/std/ninjs/ninjs-schema_3.1.json"
EXPORT_SPECS = ("width-800", "crop-16x9", "crop-1x1")


def absolute(path: str) -> str:
    return path if path.startswith(("https://", "http://")) else settings.SITE_URL + path


def article_uri(article: Article) -> str:
    """The stable address: by primary key, so it survives a change of headline or slug."""
    return absolute(reverse("wire:ninjs-detail", args=[article.pk]))


def to_ninjs(article: Article, *, related: Sequence[Teaser] = ()) -> dict:
    teaser = teasers.teaser_of(article)
    document = {
        "uri": article_uri(article),
        "standard": {"name": "ninjs", "version": "3.1", "schema": SCHEMA},
        "type": "text",
        "representationType": "full",
        # Any edit moves updated_at forward, so its timestamp is a version that only grows.
        "version": str(int(article.updated_at.timestamp())),
        "firstCreated": _first_published(article).isoformat(),
        "versionCreated": article.updated_at.isoformat(),
        "contentCreated": article.created_at.isoformat(),
        "pubStatus": "usable",
        "language": _language(article),
        "headlines": [{"role": "main", "value": article.headline}],
        "bodies": [{"role": "main", "contentType": "text/html", "value": _body(article, teaser)}],
        "altIds": [{"role": "web", "value": absolute(teaser.url)}],
        **_rights(article),
        **_people(teaser),
        **_optional(article, teaser),
    }
    if related:
        document["associations"] = [
            *document.get("associations", []),
            *(_related(position, item) for position, item in enumerate(related, start=1)),
        ]
    return document


def _related(position: int, teaser: Teaser) -> dict:
    """A related story, in part: its address, headline and summary (ninjs 3.1's associations
    are the only place for other items; its `rel` is free text)."""
    item: dict = {
        "name": f"related-{position}",
        "rel": "seeAlso",
        "uri": absolute(reverse("wire:ninjs-detail", args=[teaser.article_id])),
        "type": "text",
        "representationType": "partial",
        "headlines": [{"role": "main", "value": teaser.headline}],
        "altIds": [{"role": "web", "value": absolute(teaser.url)}],
    }
    if teaser.standfirst:
        item["descriptions"] = [
            {"role": "summary", "contentType": "text/plain", "value": teaser.standfirst}
        ]
    return item


def _body(article: Article, teaser: Teaser) -> str:
    return body.render_export(article.body, teasers.body_photos(teaser), absolute)


def _first_published(article: Article) -> datetime:
    # Only published articles are exported (wire.views.exportable), and publishing sets the date.
    when = article.first_published_at or article.published_at
    assert when is not None, "an exported article is a published one"
    return when


def _optional(article: Article, teaser: Teaser) -> dict:
    parts: dict[str, object] = {}
    if article.standfirst:
        parts["descriptions"] = [
            {"role": "summary", "contentType": "text/plain", "value": article.standfirst}
        ]
    if article.dateline_place:
        parts["located"] = article.dateline_place
    subjects = _subjects(teaser)
    if subjects:
        parts["subjects"] = subjects
    associations = [_picture(article, article.lead_photo, teaser)] if article.lead_photo else []
    associations += _inline_pictures(article, teaser)
    if associations:
        parts["associations"] = associations
    return parts


def _inline_pictures(article: Article, teaser: Teaser) -> list[dict]:
    """The photos the body shows, in its order, from the teaser row."""
    return [
        _inline_picture(pk, photo) for pk, photo in teasers.body_photos_in_order(article, teaser)
    ]


def _inline_picture(pk: int, photo: dict) -> dict:
    original = photo["original"]
    renditions = [_original(original["url"], original["type"], original)]
    image = photo["images"].get(body.EXPORT_SPEC)
    if image and not image.get("original"):
        renditions.append(_rendition(body.EXPORT_SPEC, image))
    return _picture_item(
        {"name": f"photo-{pk}", "rel": "inline-picture", "uri": photo["uri"]},
        renditions,
        caption=photo["caption"],
        credit=photo["credit"],
        rights=(photo["copyright_notice"], photo["source"], photo["usage_terms"]),
    )


def _people(teaser: Teaser) -> dict:
    """`by` names the people in house style; the agencies are the item's info sources."""
    credits = teasers.credits(teaser)
    people = [credit for credit in credits if not credit.is_agency]
    agencies = [credit.name for credit in credits if credit.is_agency]
    parts: dict[str, object] = {
        "infoSources": [{"name": name, "role": "originator"} for name in agencies]
    }
    by = format_byline(people).removeprefix("By ")
    if by:
        parts["by"] = by
    if not agencies:
        parts["infoSources"] = [{"name": settings.SITE_NAME, "role": "originator"}]
    return parts


def _language(article: Article) -> str:
    item = getattr(article, "wire_item", None)
    return (item.language if item else "") or settings.SITE_LANGUAGE


def _rights(article: Article) -> dict:
    """Agency copy stays the agency's; the rest is ours."""
    item = getattr(article, "wire_item", None)
    holder = (item.copyright_holder if item else "") or settings.SITE_NAME
    notice = item.copyright_notice if item and item.copyright_notice else ""
    year = _first_published(article).year
    return {"copyrightHolder": holder, "copyrightNotice": notice or f"© {year} {holder}"}


def _subjects(teaser: Teaser) -> list[dict]:
    subjects = []
    section = teaser.data["section"]
    if section:
        uri = absolute(section["url"])
        subjects.append({"name": section["name"], "rel": "section", "uri": uri})
    for topic in sorted(teasers.topics(teaser), key=lambda t: t.name.casefold()):
        subjects.append({"name": topic.name, "rel": "about", "uri": absolute(topic.url)})
    return subjects


def _picture(article: Article, photo: Photo, teaser: Teaser) -> dict:
    return _picture_item(
        {"name": "lead", "rel": "lead-picture", "uri": f"urn:newsroom:photo:{photo.sha256}"},
        _renditions(photo, teaser),
        caption=article.caption,
        credit=article.credit,
        rights=(photo.copyright_notice, photo.source, photo.usage_terms),
    )


def _picture_item(
    names: dict, renditions: list[dict], *, caption: str, credit: str, rights: tuple[str, ...]
) -> dict:
    """A picture association: the lead's or a body photo's, with its caption, credit and the
    photo's rights (copyright notice, holder, usage terms) where it has them."""
    picture: dict = {**names, "type": "picture", "renditions": renditions}
    if caption:
        picture["descriptions"] = [
            {"role": "caption", "contentType": "text/plain", "value": caption}
        ]
    credit = credit.removeprefix("©").strip()
    if credit:
        picture["by"] = credit
    for key, value in zip(
        ("copyrightNotice", "copyrightHolder", "usageTerms"), rights, strict=True
    ):
        if value:
            picture[key] = value
    return picture


def _original(url: str, content_type: str, size: dict) -> dict:
    """The original file, as a rendition; `size` has its width, height and size in bytes."""
    return {
        "name": "original",
        "href": absolute(url),
        "contentType": content_type,
        "width": size["width"],
        "height": size["height"],
        "sizeInBytes": size["size"],
    }


def _rendition(spec: str, image: dict) -> dict:
    return {
        "name": spec,
        "href": absolute(image["url"]),
        "contentType": image["type"],
        "width": image["width"],
        "height": image["height"],
    }


def _renditions(photo: Photo, teaser: Teaser) -> list[dict]:
    # The name is set: `.url` raises for a field without a file.
    content_type = _content_type(photo.image.name or "")
    size = {"width": photo.width, "height": photo.height, "size": photo.file_size}
    renditions = [_original(photo.image.url, content_type, size)]
    for spec in EXPORT_SPECS:
        image = teasers.image(teaser, spec)
        if image is not None and not image.get("original"):  # not made yet: the original only
            renditions.append(_rendition(spec, image))
    return renditions


def _content_type(name: str) -> str:
    suffix = name.rsplit(".", 1)[-1].lower()
    return {
        "jpg": "image/jpeg",
        "jpeg": "image/jpeg",
        "png": "image/png",
        "webp": "image/webp",
    }.get(suffix, "application/octet-stream")
