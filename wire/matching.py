"""The site's own records an item is matched to: authors, tags, sections and a free slug.

Each lookup is one indexed query for the whole item, creating only what is missing; authors and
tags found once are remembered for the rest of a batch (wire.importer.Batch).
"""

import functools
import hashlib
from functools import reduce
from operator import or_

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem

from articles.models import Article, Author, PreviousSlug, Section
from wire.models import SubjectMapping
from wire.rows import insert_rows
from wire.story import Subject

SLUG_ATTEMPTS = 20
MAX_TAG_NAME = 100  # taggit's Tag.name


@functools.lru_cache(maxsize=4096)  # asked twice a byline, of the same few hundred names
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
        _remember_authors(lookup, known=known)
        missing = [Author(slug=s, name=wanted[s][0], kind=wanted[s][1]) for s in lookup]
        missing = [author for author in missing if author.slug not in known]
        if missing:
            # An import running at the same moment may create the same author: its row is
            # taken (read back, as ignore_conflicts gives no keys), never an IntegrityError.
            Author.objects.bulk_create(missing, ignore_conflicts=True)
            _remember_authors([author.slug for author in missing], known=known)
    return {slug: _known(known, slug) for slug in wanted}


def _remember_authors(slugs: list[str], *, known: dict[str, tuple[int, str]]) -> None:
    found = Author.objects.filter(slug__in=slugs).order_by()
    known.update((slug, (pk, name)) for slug, pk, name in found.values_list("slug", "pk", "name"))


def _known(known: dict[str, tuple[int, str]], key: str) -> tuple[int, str]:
    """What was found or made; a row another import made and deleted between our insert and
    our reading is a conflict like any other (the import says "try again")."""
    try:
        return known[key]
    except KeyError:
        raise IntegrityError(f"{key} was deleted while it was being made") from None


def find_tags(names: list[str], *, known: dict[str, tuple[int, str]]) -> None:
    """Make sure `known`, the batch's memory of (tag id, name as stored) by case-folded name,
    has every name asked for (case-blind, as TAGGIT_CASE_INSENSITIVE), creating tags missing."""
    lookup = [name for name in names if name.casefold() not in known]
    if lookup:
        found = Tag.objects.filter(reduce(or_, (Q(name__iexact=name) for name in lookup)))
        known.update((name.casefold(), (pk, name)) for name, pk in found.values_list("name", "pk"))
        for name in lookup:
            if name.casefold() not in known:
                tag = _create_tag(name)
                known[name.casefold()] = (tag.pk, tag.name)


def _create_tag(name: str) -> Tag:
    """A new tag (taggit finds a slug), or the one an import running at the same moment made."""
    try:
        with transaction.atomic():
            return Tag.objects.create(name=name)
    except IntegrityError:
        tag = Tag.objects.filter(name__iexact=name).order_by("pk").first()
        if tag is None:
            raise
        return tag


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
    rows = [
        {"tag": pk, "content_type": content_type.pk, "object_id": article.pk}
        for pk in wanted.keys() - have
    ]
    insert_rows(TaggedItem, rows)
    return list(wanted.values())


def remove_tags(article: Article, tag_ids: list[int]) -> None:
    content_type = ContentType.objects.get_for_model(Article)
    mine = TaggedItem.objects.filter(content_type=content_type, object_id=article.pk)
    mine.filter(tag_id__in=tag_ids).delete()


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
        _remember_mappings(lookup, known=known, tags=tags)
        missing = {code: wanted[code] for code in lookup if code not in known}
        if missing:
            _create_mappings(missing, agency=agency, tags=tags)
            _remember_mappings(list(missing), known=known, tags=tags)
    return {code: _known(known, code) for code in wanted}


def _remember_mappings(
    codes: list[str], *, known: dict[str, tuple[int, str]], tags: dict[str, tuple[int, str]]
) -> None:
    found = SubjectMapping.objects.filter(code__in=codes).order_by()
    for code, pk, tag_id, tag_name, ignore in found.values_list(
        "code", "pk", "tag_id", "tag__name", "ignore"
    ):
        known[code] = (pk, "" if ignore or tag_id is None else tag_name)
        if tag_id is not None:
            tags.setdefault(tag_name.casefold(), (tag_id, tag_name))


def _create_mappings(
    subjects: dict[str, Subject], *, agency: str, tags: dict[str, tuple[int, str]]
) -> None:
    """A mapping per new code, to a tag named as the subject (none for a name no tag can
    hold: the desk chooses one).

    Two imports may see the same new code at the same moment: the second's row is dropped
    (ignore_conflicts) and both use the first's, read back by map_subjects."""
    names = [s.name for s in subjects.values() if 0 < len(s.name) <= MAX_TAG_NAME]
    find_tags(names, known=tags)
    SubjectMapping.objects.bulk_create(
        (
            SubjectMapping(
                code=code,
                scheme=(subject.scheme or agency)[:500],
                name=subject.name[:200],
                tag_id=tags[subject.name.casefold()][0] if subject.name in names else None,
            )
            for code, subject in subjects.items()
        ),
        ignore_conflicts=True,
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
    if not _taken_slugs([base]):  # most headlines are new: two lookups, not forty-two
        return base
    candidates = [f"{base}-{n}" for n in range(2, SLUG_ATTEMPTS + 2)]
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
