"""An article's metadata for machines: NewsArticle JSON-LD, and the lead image for cards and feeds.

Both read the article's teaser row (articles.teasers), where its credits, topics, section and
lead photo's images are kept, and the photos its body shows (`associatedMedia`, each with its
credit); the posts it embeds are cited by their address (`citation`), nothing more.
`article_jsonld(article, teaser, notes, related)` writes the <script type="application/ld+json">
block; the related stories are the page's `relatedLink`s.
It is a data block, which browsers never execute, so the Content Security Policy does not apply
to it and the page needs no nonce (a nonce would also defeat the page cache).
"""

import json
from dataclasses import dataclass

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.utils import timezone
from django.utils.safestring import mark_safe

from articles import body, teasers

register = template.Library()

# The three shapes Google asks for in NewsArticle.image; the widest is also the social card.
IMAGE_SPECS = ("crop-16x9", "crop-4x3", "crop-1x1")
CARD_SPEC = "crop-16x9"
JSON_ESCAPES = (("<", "\\u003C"), (">", "\\u003E"), ("&", "\\u0026"))


@dataclass(frozen=True)
class Image:
    url: str
    width: int
    height: int
    size: int
    mime_type: str


def absolute(url: str) -> str:
    return url if url.startswith(("http://", "https://")) else settings.SITE_URL + url


def lead_image(teaser, spec: str = CARD_SPEC) -> Image | None:
    """The lead photo in the social-card shape, or None when the article shows no photo."""
    image = teasers.image(teaser, spec)
    if image is None:
        return None
    url = absolute(image["url"])
    return Image(url, image["width"], image["height"], image["size"], image["type"])


@register.simple_tag
def card_image(teaser):
    return lead_image(teaser)


@dataclass(frozen=True)
class Social:
    """What search engines and social networks show of an article: each of the desk's optional
    fields (Search and social), else what the page shows (headline, standfirst, lead photo)."""

    title: str  # <title>, before the site's name
    description: str  # meta description, og:description, twitter:description
    card_title: str  # og:title, twitter:title
    image: Image | None  # og:image, twitter:image
    image_alt: str


def social(article, teaser) -> Social:
    description = article.meta_description or article.standfirst or article.headline
    own = teaser.data.get("social_image")  # rows written before the field lack the key
    image: Image | None
    if own:
        image = Image(absolute(own["url"]), own["width"], own["height"], own["size"], own["type"])
        alt = own["alt"]
    else:
        image, photo = lead_image(teaser), teaser.data["photo"]
        alt = photo["alt"] if photo else ""
    return Social(
        title=article.seo_title or article.headline,
        description=description,
        card_title=article.social_headline or article.headline,
        image=image,
        image_alt=alt,
    )


@register.filter
def isotime(value) -> str:
    """ISO 8601 in the site's zone, to the second: what <time datetime> and schema.org accept."""
    return timezone.localtime(value).replace(microsecond=0).isoformat() if value else ""


def _time(value) -> str | None:
    return isotime(value) or None


def _person(credit) -> dict:
    kind = "Organization" if credit.is_agency else "Person"
    return {"@type": kind, "name": credit.name, "url": absolute(credit.url)}


def image_objects(teaser) -> list[dict]:
    photo = teaser.data["photo"]
    if not photo:
        return []
    common = _credited(photo)
    objects = []
    for spec in IMAGE_SPECS:
        image = lead_image(teaser, spec)
        if image is not None:
            objects.append(
                {**common, "url": image.url, "contentUrl": image.url}
                | {"width": image.width, "height": image.height}
            )
    return objects


def _credited(photo: dict) -> dict:
    return {
        "@type": "ImageObject",
        "caption": photo["caption"],
        "creditText": photo["credit"],
        "copyrightNotice": photo["copyright_notice"] or photo["credit"],
        "creator": {"@type": "Person", "name": photo["creator"]},
    }


def inline_image_objects(article, teaser) -> list[dict]:
    """The photos the body shows, in its order, as ImageObjects with their credits."""
    objects = []
    for _, photo in teasers.body_photos_in_order(article, teaser):
        image = photo["images"].get(body.EXPORT_SPEC)
        if image:
            url = absolute(image["url"])
            objects.append(
                {**_credited(photo), "url": url, "contentUrl": url}
                | {"width": image["width"], "height": image["height"]}
            )
    return objects


def citations(article) -> list[dict]:
    """The posts the body embeds, as links to them."""
    return [
        {"@type": "CreativeWork", "url": embed.url, "provider": embed.spec.label}
        for embed in body.embeds_in(article.body)
    ]


def news_article(article, teaser, notes, related=()) -> dict:
    """schema.org NewsArticle with what Google News and the other aggregators read.

    The related stories (teaser rows) are the page's `relatedLink`s: schema.org defines that
    property on WebPage (the article's mainEntityOfPage), as URLs; `isRelatedTo` belongs to
    products and services only."""
    url = absolute(teaser.url)
    page: dict[str, object] = {"@type": "WebPage", "@id": url}
    if related:
        page["relatedLink"] = [absolute(item.url) for item in related]
    published = article.first_published_at or article.published_at
    section = teaser.data["section"]
    return {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": page,
        "url": url,
        "headline": article.headline,
        "description": article.standfirst,
        "datePublished": _time(published),
        "dateModified": _time(article.modified_at),
        "author": [_person(credit) for credit in teasers.credits(teaser)],
        "publisher": {
            "@type": "NewsMediaOrganization",
            "name": settings.SITE_NAME,
            "url": settings.SITE_URL + "/",
            "logo": {"@type": "ImageObject", "url": absolute(static("site/logo.png"))},
        },
        "articleSection": section["name"] if section else None,
        "keywords": [topic.name for topic in teasers.topics(teaser)],
        "dateline": article.dateline or None,
        "inLanguage": settings.SITE_LANGUAGE,
        "image": image_objects(teaser),
        "associatedMedia": inline_image_objects(article, teaser),
        "citation": citations(article),
        "correction": [_correction(note) for note in notes],
    }


def _correction(note) -> dict:
    return {
        "@type": "CorrectionComment",
        "text": f"{note.get_kind_display()}: {note.text}",
        "datePublished": _time(note.published_at),
    }


@register.simple_tag
def article_jsonld(article, teaser, notes, related=()):
    data = news_article(article, teaser, notes, related)
    data = {key: value for key, value in data.items() if value not in (None, [])}
    text = json.dumps(data, ensure_ascii=False, indent=1)
    for character, escaped in JSON_ESCAPES:  # three replace() calls: a tenth of translate()'s time
        text = text.replace(character, escaped)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # every part is escaped
