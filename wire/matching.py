"""The site's own records an item is matched to: authors, tags, sections and a free slug.

Each lookup is one indexed query for the whole item, creating only what is missing; authors and
tags found once are remembered for the rest of a batch (wire.importer.Batch).
"""

import hashlib
from functools import reduce
from operator import or_

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Q
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem

from articles.models import Article, Author, PreviousSlug, Section
from wire.models import SubjectMapping
from wire.story import Subject

SLUG_ATTEMPTS = 20
MAX_TAG_NAME = 100  # taggit's Tag.name


def author_slug(name: str) -> str:
    return slugify(name)[:200] or "author-" + hashlib.sha256(name.encode()).hexdigest()[:12]


def find_authors(
    people: list[tuple[str, str]], *, known: dict[str, tuple[int, str]]
) -> dict[str, tuple[int, str]]:
    """{slug: (author id, name as stored)} for (name, kind) pairs, creating authors not yet known.

    `known` is the batch's memory of authors already found; it is updated here.
    """
    wanted = {author_slug(name): (name, kind) for name, kind in people}
    lookup = [slug for slug in wanted if slug not in known]
    if lookup:
        found = Author.objects.filter(slug__in=lookup).order_by()
        known.update(
            (slug, (pk, name)) for slug, pk, name in found.values_list("slug", "pk", "name")
        )
        missing = [Author(slug=s, name=wanted[s][0], kind=wanted[s][1]) for s in lookup]
        created = Author.objects.bulk_create(a for a in missing if a.slug not in known)
        known.update((author.slug, (author.pk, author.name)) for author in created)
    return {slug: known[slug] for slug in wanted}


def find_tags(names: list[str], *, known: dict[str, tuple[int, str]]) -> None:
    """Make sure `known`, the batch's memory of (tag id, name as stored) by case-folded name,
    has every name asked for (case-blind, as TAGGIT_CASE_INSENSITIVE), creating tags missing."""
    lookup = [name for name in names if name.casefold() not in known]
    if lookup:
        found = Tag.objects.filter(reduce(or_, (Q(name__iexact=name) for name in lookup)))
        known.update((name.casefold(), (pk, name)) for name, pk in found.values_list("name", "pk"))
        for name in lookup:
            if name.casefold() not in known:
                tag = Tag.objects.create(name=name)  # taggit finds a slug
                known[name.casefold()] = (tag.pk, tag.name)


def add_tags(
    article: Article, names: list[str], *, new: bool, known: dict[str, tuple[int, str]]
) -> list[str]:
    """Tag the article; tags it has already stay. Answers the stored names of the tags asked
    for. `known` is the batch's memory of tags (see find_tags); it is updated here."""
    find_tags(names, known=known)
    wanted = dict(known[name.casefold()] for name in names)  # tag id → name
    content_type = ContentType.objects.get_for_model(Article)
    have = set()
    if not new:
        mine = TaggedItem.objects.filter(content_type=content_type, object_id=article.pk)
        have = set(mine.values_list("tag_id", flat=True))
    TaggedItem.objects.bulk_create(
        TaggedItem(tag_id=pk, content_type=content_type, object_id=article.pk)
        for pk in wanted.keys() - have
    )
    return list(wanted.values())


def subject_key(subject: Subject, *, agency: str) -> str:
    """The scheme-qualified code a mapping is kept under; a subject sent without a code is
    known by its sender and name."""
    return (subject.code or f"{agency}:{subject.name}")[:500]


def map_subjects(
    subjects: list[Subject],
    *,
    agency: str,
    known: dict[str, tuple[int, str]],
    tags: dict[str, tuple[int, str]],
) -> dict[str, tuple[int, str]]:
    """{code: (mapping id, name of the tag to add, or "")} for the item's subjects; a code seen
    for the first time gets a mapping to a tag named as the subject.

    `known` is the batch's memory of mappings by code and `tags` its memory of tags (as in
    find_tags): both are updated here, so a batch asks once per code.
    """
    wanted = {subject_key(subject, agency=agency): subject for subject in subjects}
    lookup = [code for code in wanted if code not in known]
    if lookup:
        found = SubjectMapping.objects.filter(code__in=lookup).order_by()
        for code, pk, tag_id, tag_name, ignore in found.values_list(
            "code", "pk", "tag_id", "tag__name", "ignore"
        ):
            known[code] = (pk, "" if ignore or tag_id is None else tag_name)
            if tag_id is not None:
                tags.setdefault(tag_name.casefold(), (tag_id, tag_name))
        missing = {code: wanted[code] for code in lookup if code not in known}
        if missing:
            _create_mappings(missing, agency=agency, known=known, tags=tags)
    return {code: known[code] for code in wanted}


def _create_mappings(
    subjects: dict[str, Subject],
    *,
    agency: str,
    known: dict[str, tuple[int, str]],
    tags: dict[str, tuple[int, str]],
) -> None:
    """A mapping per new code, to a tag named as the subject (none for a name no tag can
    hold: the desk chooses one)."""
    names = [s.name for s in subjects.values() if 0 < len(s.name) <= MAX_TAG_NAME]
    find_tags(names, known=tags)
    created = SubjectMapping.objects.bulk_create(
        SubjectMapping(
            code=code,
            scheme=(subject.scheme or agency)[:500],
            name=subject.name[:200],
            tag_id=tags[subject.name.casefold()][0] if subject.name in names else None,
        )
        for code, subject in subjects.items()
    )
    for mapping in created:
        name = subjects[mapping.code].name
        known[mapping.code] = (mapping.pk, tags[name.casefold()][1] if mapping.tag_id else "")


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
    taken = _taken_slugs(candidates)
    free = [slug for slug in candidates if slug not in taken]
    return free[0] if free else f"{base}-{hashlib.sha256(uri.encode()).hexdigest()[:10]}"


def _taken_slugs(candidates: list[str]) -> set[str]:
    """The candidates an article uses now or used before, in one query.

    Plain SQL: every imported item asks, and the ORM's UNION of two values queries cost more
    to compile than the rest of the slug's work (bench/ingest.py)."""
    marks = ", ".join(["%s"] * len(candidates))
    tables = [connection.ops.quote_name(m._meta.db_table) for m in (Article, PreviousSlug)]
    sql = " UNION ".join(f"SELECT slug FROM {table} WHERE slug IN ({marks})" for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*candidates, *candidates])
        return {slug for (slug,) in cursor.fetchall()}
