"""The teaser rows readers' pages read (articles.models.Teaser), written when content changes.

`refresh(article_ids)` recomputes the rows of those articles from the source tables: a row for
each published one (scheduled and embargoed included), none for the rest. Whatever changes what
a row holds calls it, or `refresh_for_section/author/photo()`, explicitly: the workflow (and so
the demo), the admin's saves, restore and the article generator. Building a row never runs Pillow:
it points at the renditions there are (or the original, see media_assets.figures) and queues the
missing ones (articles.renditions), whose task rewrites the row once they are made.

A row's `data` (built by `teaser_data()`):
    headline, standfirst, url    the article's, url as get_absolute_url() gives it
    section                      {"name", "url"}, or None
    credits                      [[role, name, slug, kind], ...] in byline order (see Credit)
    byline                       the byline as HTML, each name a link to the author's page
    topics                       [[name, slug], ...] in the order the tags were added
    notes                        [[id, kind, text, published_at], ...] oldest first (see notes())
    photo                        None, or {"alt", "caption", "credit", "copyright_notice",
                                 "creator", "figures": {spec: figure_sources()},
                                 "images": {spec: {"url", "width", "height", "size", "type",
                                 "pending", "original"}}}: `pending` while the worker has
                                 renditions to make, `original` when the original stands in
    social_image                 None, or the social card's own picture: image_data() of its
                                 SOCIAL_SPEC with its "alt" (article_meta.social() reads it)
    body_photos                  {str(id): …} for each library photo the body shows
                                 (articles.body), as `photo` with figures of BODY_SPEC only,
                                 images of EXPORT_SPEC only, the photo's own caption and credit,
                                 and for the ninjs export "uri", "source", "usage_terms" and
                                 "original" ({"url", "width", "height", "size", "type"})
"""

import logging
from collections.abc import Iterable
from datetime import datetime
from itertools import batched

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from taggit.models import TaggedItem

from articles import related
from articles.body import photo_ids
from articles.models import (
    Article,
    BodyPhoto,
    Byline,
    Correction,
    Credit,
    Status,
    Teaser,
    Topic,
)
from articles.teaser_pictures import (
    body_photos_by_article,
    inline_photos,
    photo_data,
    social_image_data,
)
from articles.templatetags.bylines import byline_links
from media_assets.figures import figure_markup
from media_assets.models import Photo

logger = logging.getLogger(__name__)

BATCH = 1000  # articles per round of queries, under SQLite's limit on variables
FIELDS = [  # what a refresh rewrites in an existing row
    "section",
    "published_at",
    "first_published_at",
    "revised_at",
    "embargo_until",
    "updated_at",
    "data",
]


def refresh(article_ids: Iterable[int]) -> None:
    """Rewrite the teaser rows of these articles from their current state (idempotent)."""
    ids = list(dict.fromkeys(article_ids))
    # Each photo's data built once per call: as a lead, and as shown inside a body.
    photos: dict[int, dict | None] = {}
    inline: dict[int, dict] = {}
    pending: dict[int, Photo] = {}
    for batch in batched(ids, BATCH):
        _refresh(list(batch), photos, pending, inline)
    _queue_renditions(pending.values())
    if ids:
        related.teasers_changed()


def _queue_renditions(photos: Iterable[Photo]) -> None:
    """Queue the renditions the rows wait for, after the rows are written (a task run in place,
    as in tests, then rewrites them with what it made)."""
    from articles import renditions  # it imports this module for the rows to rewrite

    for photo in photos:
        renditions.queue(photo)


def refresh_for_section(section) -> None:
    refresh(Article.objects.filter(section=section).values_list("pk", flat=True))


def refresh_for_author(author) -> None:
    refresh(Byline.objects.filter(author=author).values_list("article_id", flat=True))


def refresh_for_photo(photo: Photo) -> list[int]:
    """Rewrite the rows of the articles that show this photo, as their lead, in their body or
    on their social card; their ids, for the caches."""
    in_body = BodyPhoto.objects.filter(photo=photo).values("article_id")
    shown = Q(lead_photo=photo) | Q(social_image=photo) | Q(pk__in=in_body)
    ids = list(Article.objects.filter(shown).values_list("pk", flat=True))
    refresh(ids)
    return ids


def article_ids_tagged(tag_ids: Iterable[int | str]) -> list[int]:
    """The articles carrying any of these tags (before a rename, merge or deletion of them)."""
    content_type = ContentType.objects.get_for_model(Article)
    items = TaggedItem.objects.filter(tag_id__in=tag_ids, content_type=content_type)
    return list(items.values_list("object_id", flat=True).distinct())


def refresh_all() -> None:
    refresh(Article.objects.filter(status=Status.PUBLISHED).values_list("pk", flat=True))


def _refresh(ids: list[int], photos: dict, pending: dict[int, Photo], inline: dict) -> None:
    articles = list(
        Article.objects.filter(pk__in=ids, status=Status.PUBLISHED, published_at__isnull=False)
        .select_related("section", "lead_photo", "social_image")
        .prefetch_related("lead_photo__renditions", "social_image__renditions")
        .defer("body")
    )
    public = [article.pk for article in articles]
    Teaser.objects.filter(article_id__in=ids).exclude(article_id__in=public).delete()
    if not articles:
        return
    credits, topics = credits_by_article(public), topics_by_article(public)
    notes = notes_by_article(public)
    shown_inline = body_photos_by_article(public, inline, pending)
    rows = [
        build(
            article,
            credits.get(article.pk, []),
            topics.get(article.pk, []),
            notes=notes.get(article.pk, []),
            photos=photos,
            body_photos=shown_inline.get(article.pk, {}),
        )
        for article in articles
    ]
    Teaser.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["article"], update_fields=FIELDS
    )
    for article, row in zip(articles, rows, strict=True):
        photo = article.lead_photo
        if photo is not None and (photos.get(photo.pk) or {}).get("pending"):
            pending[photo.pk] = photo
        social = article.social_image
        if social is not None and (row.data["social_image"] or {}).get("pending"):
            pending[social.pk] = social


def build(
    article: Article,
    credits: list[Credit],
    topics: list[Topic],
    *,
    notes: list[list] | None = None,
    photos: dict | None = None,
    body_photos: dict[str, dict] | None = None,
) -> Teaser:
    """The row of `article`, unsaved (a share link's preview shows an unpublished one so)."""
    if notes is None:
        notes = notes_by_article([article.pk]).get(article.pk, [])
    if body_photos is None:
        body_photos = inline_photos(article.body)
    data = teaser_data(article, credits, topics, photos={} if photos is None else photos)
    data["body_photos"] = body_photos
    return Teaser(
        article=article,
        section_id=article.section_id,
        # None only in an unsaved row a share link's preview of a draft shows, never stored.
        published_at=article.published_at,  # type: ignore[misc]
        first_published_at=article.first_published_at,
        revised_at=article.revised_at,
        embargo_until=article.embargo_until,
        updated_at=article.updated_at,
        data={**data, "notes": notes},
    )


def teaser_of(article: Article) -> Teaser:
    """The article's row if it has one (joined with select_related("teaser")), else made now."""
    try:
        return article.teaser
    except Teaser.DoesNotExist:
        ids = [article.pk]
        credits, topics = credits_by_article(ids), topics_by_article(ids)
        return build(article, credits.get(article.pk, []), topics.get(article.pk, []))


def teaser_data(article: Article, credits: list[Credit], topics: list[Topic], *, photos) -> dict:
    section = article.section
    photo = article.lead_photo
    if photo is not None and photo.pk not in photos:
        photos[photo.pk] = photo_data(photo)
    shown = photos.get(photo.pk) if photo is not None else None
    return {
        "headline": article.headline,
        "standfirst": article.standfirst,
        "url": article.get_absolute_url(),
        "section": {"name": section.name, "url": section.get_absolute_url()} if section else None,
        "credits": [list(credit) for credit in credits],
        "byline": str(byline_links(credits)),
        "topics": [list(topic) for topic in topics],
        "photo": {**shown, "caption": article.caption, "credit": article.credit} if shown else None,
        "social_image": social_image_data(article),
    }


def credits_by_article(article_ids: list[int]) -> dict[int, list[Credit]]:
    """The credits of each article, in byline order."""
    found: dict[int, list[Credit]] = {}
    bylines = Byline.objects.filter(article_id__in=article_ids).order_by("position", "pk")
    rows = bylines.values_list("article_id", "role", "author__name", "author__slug", "author__kind")
    for article_id, *values in rows:
        found.setdefault(article_id, []).append(Credit(*values))
    return found


def topics_by_article(article_ids: list[int]) -> dict[int, list[Topic]]:
    """The topics of each article, in the order they were added."""
    found: dict[int, list[Topic]] = {}
    content_type = ContentType.objects.get_for_model(Article)
    items = TaggedItem.objects.filter(content_type=content_type, object_id__in=article_ids)
    rows = items.order_by("pk").values_list("object_id", "tag__name", "tag__slug")
    for article_id, *values in rows:
        found.setdefault(article_id, []).append(Topic(*values))
    return found


def notes_by_article(article_ids: list[int]) -> dict[int, list[list]]:
    """Each article's notes to readers as [id, kind, text, published_at], oldest first."""
    found: dict[int, list[list]] = {}
    rows = Correction.objects.filter(article_id__in=article_ids).values_list(
        "article_id", "pk", "kind", "text", "published_at"
    )
    for article_id, pk, kind, text, published_at in rows:  # Correction's Meta.ordering
        found.setdefault(article_id, []).append([pk, kind, text, published_at.isoformat()])
    return found


# --- reading a row ------------------------------------------------------------------------


def credits(teaser: Teaser) -> list[Credit]:
    return [Credit(*row) for row in teaser.data["credits"]]


def topics(teaser: Teaser) -> list[Topic]:
    return [Topic(*row) for row in teaser.data["topics"]]


def notes(teaser: Teaser) -> list[Correction]:
    """The article's corrections, clarifications and updates, oldest first, as the row holds
    them: add_note() rewrites the row in the note's own transaction."""
    article_id = teaser.article_id
    return [
        Correction(
            pk=pk,
            article_id=article_id,
            kind=kind,
            text=text,
            published_at=datetime.fromisoformat(published_at),
        )
        for pk, kind, text, published_at in teaser.data["notes"]
    ]


def body_photos(teaser: Teaser) -> dict[str, dict]:
    """The photos the body shows, by id as text ({} in a row written before they were kept)."""
    return teaser.data.get("body_photos", {})


def body_photos_in_order(article: Article, teaser: Teaser) -> list[tuple[int, dict]]:
    """The body's library photos in its order, each as the row holds it (one gone is left out)."""
    stored = body_photos(teaser)
    return [(pk, stored[str(pk)]) for pk in photo_ids(article.body) if str(pk) in stored]


def image(teaser: Teaser, spec: str) -> dict | None:
    """A single image of the lead photo ({"url", "width", "height", "size", "type"}), or None."""
    photo = teaser.data["photo"]
    return photo["images"].get(spec) if photo else None


def stored_figure(photo: dict, spec: str, *, sizes: str, loading="lazy", caption=None):
    """figure() of a row's lead photo (`data["photo"]`): the same markup, from stored sources."""
    sources = photo["figures"].get(spec)
    if sources is None:
        return ""
    return figure_markup(
        sources,
        sizes=sizes,
        caption=photo["caption"] if caption is None else caption,
        credit=photo["credit"],
        alt=photo["alt"],
        loading=loading,
    )
