"""The site's own records an item is matched to: authors, tags, sections and a free slug.

Each lookup is one indexed query for the whole item (the ingest benchmark imports 5,000 items),
creating only what is missing.
"""

import hashlib
from functools import reduce
from operator import or_

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem

from articles.models import Article, Author, PreviousSlug, Section

SLUG_ATTEMPTS = 20


def author_slug(name: str) -> str:
    return slugify(name)[:200] or "author-" + hashlib.sha256(name.encode()).hexdigest()[:12]


def find_authors(people: list[tuple[str, str]]) -> dict[str, Author]:
    """{slug: Author} for (name, kind) pairs; authors not yet known are created."""
    wanted = {author_slug(name): (name, kind) for name, kind in people}
    found = {a.slug: a for a in Author.objects.filter(slug__in=wanted).order_by()}
    missing = [
        Author(slug=slug, name=name, kind=kind)
        for slug, (name, kind) in wanted.items()
        if slug not in found
    ]
    found |= {a.slug: a for a in Author.objects.bulk_create(missing)}
    return found


def add_tags(article: Article, names: list[str], *, new: bool) -> None:
    """Tag the article (case-blind, as TAGGIT_CASE_INSENSITIVE); tags it has already stay."""
    if not names:
        return
    found = Tag.objects.filter(reduce(or_, (Q(name__iexact=name) for name in names))).order_by()
    tags = {tag.name.casefold(): tag for tag in found}
    for name in names:
        if name.casefold() not in tags:
            tags[name.casefold()] = Tag.objects.create(name=name)  # taggit picks a free slug
    content_type = ContentType.objects.get_for_model(Article)
    mine = TaggedItem.objects.filter(content_type=content_type, object_id=article.pk)
    have = set() if new else set(mine.values_list("tag_id", flat=True))
    TaggedItem.objects.bulk_create(
        TaggedItem(tag=tag, content_type=content_type, object_id=article.pk)
        for tag in tags.values()
        if tag.pk not in have
    )


def find_section(hint: str) -> Section | None:
    """The section the wire names, if the site has one by that name; else the desk chooses."""
    if not hint:
        return None
    return Section.objects.filter(Q(name__iexact=hint) | Q(slug=slugify(hint))).first()


def unique_slug(headline: str, uri: str) -> str:
    """The headline's slug, numbered if taken (old slugs of published articles count too)."""
    base = slugify(headline)[:180].strip("-")
    base = base or "wire-" + hashlib.sha256(uri.encode()).hexdigest()[:10]
    candidates = [base] + [f"{base}-{n}" for n in range(2, SLUG_ATTEMPTS + 2)]
    # One query, unordered: with Article's default ordering SQLite walks the published_at index.
    articles = Article.objects.filter(slug__in=candidates).values_list("slug", flat=True)
    previous = PreviousSlug.objects.filter(slug__in=candidates).values_list("slug", flat=True)
    taken = set(articles.order_by().union(previous.order_by()).order_by())
    free = [slug for slug in candidates if slug not in taken]
    return free[0] if free else f"{base}-{hashlib.sha256(uri.encode()).hexdigest()[:10]}"
