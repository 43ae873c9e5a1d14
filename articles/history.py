"""Revisions: what each save left, readable diffs between any two, and restore as a new revision.

Every save of an article's content (admin or wire import) calls `record()`, which bumps
`Article.version` (the token that stops two editors overwriting each other) and keeps a snapshot.
"""

import difflib
import re
from dataclasses import dataclass
from datetime import date
from html import unescape

from django.db import connection, transaction
from django.db.models import F
from django.utils.html import escape, format_html, strip_tags
from django.utils.safestring import SafeString, mark_safe

from articles.cache import public_content_changed
from articles.models import (
    Article,
    Author,
    Byline,
    Credit,
    Revision,
    Section,
    Status,
    format_byline,
)
from articles.teasers import refresh as refresh_teasers
from audit.models import Action
from audit.models import record as audit
from media_assets.models import Photo

# (snapshot key, label) in the order a diff is shown.
FIELDS = [
    ("headline", "Headline"),
    ("slug", "Slug"),
    ("standfirst", "Standfirst"),
    ("body", "Body"),
    ("section", "Section"),
    ("bylines", "Bylines"),
    ("tags", "Tags"),
    ("dateline", "Dateline"),
    ("lead_photo", "Lead photo"),
    ("lead_caption", "Lead caption"),
    ("lead_credit", "Lead credit"),
    ("no_photo", "Publish without a photo"),
]
TEXT_FIELDS = ["headline", "slug", "standfirst", "body", "lead_caption", "lead_credit"]


def snapshot(article: Article, *, bylines: list | None = None, tags: list | None = None) -> dict:
    """The article's content as plain JSON: enough to show it, compare it and restore it.

    `bylines` [(author id, author name, role, position)] in order and `tags` (names as stored)
    spare the queries for them when the caller has just written them.
    """
    if bylines is None:
        bylines = article.bylines.order_by("position", "pk").values_list(
            "author_id", "author__name", "role", "position"
        )
    if tags is None:
        tags = article.tags.names()
    photo = article.lead_photo
    return {
        **{name: getattr(article, name) for name in TEXT_FIELDS},
        "no_photo": article.no_photo,
        "section": [article.section_id, str(article.section)] if article.section else None,
        "bylines": [
            {"author": author, "name": name, "role": role, "position": position}
            for author, name, role, position in bylines
        ],
        "tags": sorted(tags, key=str.lower),
        "dateline_place": article.dateline_place,
        "dateline_date": article.dateline_date.isoformat() if article.dateline_date else None,
        "dateline_source": article.dateline_source,
        "lead_photo": [photo.pk, str(photo)] if photo else None,
    }


def record(
    article: Article,
    *,
    user,
    source: str = Revision.Source.ADMIN,
    note: str = "",
    bylines: list | None = None,
    tags: list | None = None,
):
    """Keep the article's current content as its next revision, and move its version on.

    `bylines` and `tags`, when given, are what the caller has just written (see snapshot()).
    """
    # No savepoint of its own: if the revision fails, the caller's whole transaction rolls back,
    # so a bumped version never survives without its revision either way.
    with transaction.atomic(savepoint=False):
        article.version = _next_version(article.pk)
        return Revision.objects.create(
            article=article,
            number=article.version,
            content=snapshot(article, bylines=bylines, tags=tags),
            source=source,
            note=note,
            created_by=user if user is not None and user.is_authenticated else None,
        )


def _next_version(pk: int) -> int:
    """Bump the article's version and read it back: one statement where the database can."""
    if not _update_returns():
        Article.objects.filter(pk=pk).update(version=F("version") + 1)
        return Article.objects.values_list("version", flat=True).get(pk=pk)
    # Plain SQL: the ORM's update() cannot return the new value.
    quote = connection.ops.quote_name
    table, version = quote(Article._meta.db_table), quote("version")
    sql = (
        f"UPDATE {table} SET {version} = {version} + 1 "
        f"WHERE {quote(Article._meta.pk.column)} = %s RETURNING {version}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk])
        row = cursor.fetchone()
    if row is None:
        raise Article.DoesNotExist("the article was deleted meanwhile")
    return row[0]


def _update_returns() -> bool:
    """UPDATE … RETURNING: PostgreSQL, and SQLite from 3.35."""
    if connection.vendor == "postgresql":
        return True
    return connection.vendor == "sqlite" and connection.Database.sqlite_version_info >= (3, 35)


# --- reading two revisions side by side ---------------------------------------------------


@dataclass
class Change:
    label: str
    html: SafeString  # the words removed in <del>, the words added in <ins>


def as_text(content: dict, key: str) -> str:
    """One field of a snapshot as the words a person compares."""
    value = content.get(key)
    if key == "body":
        paragraphs = re.split(r"</(?:p|h[2-4]|li|blockquote)>", value or "")
        texts = (unescape(strip_tags(p)).strip() for p in paragraphs)
        return "\n".join(t for t in texts if t)
    if key in ("section", "lead_photo"):
        return value[1] if value else "—"
    if key == "bylines":
        return format_byline([_byline(b) for b in value or []]) or "—"
    if key == "tags":
        return ", ".join(value or []) or "—"
    if key == "dateline":
        parts = [content.get("dateline_place"), content.get("dateline_date")]
        return " ".join(p for p in [*parts, content.get("dateline_source")] if p) or "—"
    if key == "no_photo":
        return "yes" if value else "no"
    return value or ""


def _byline(data: dict) -> Credit:
    return Credit(data["role"], data["name"], data.get("slug", ""), data.get("kind", ""))


def word_diff(old: str, new: str) -> SafeString:
    """The two texts as one, words removed in <del> and words added in <ins>; HTML-escaped."""
    old_words, new_words = re.split(r"(\s+)", old), re.split(r"(\s+)", new)
    parts = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape("".join(old_words[a1:a2])))
            continue
        if a2 > a1:
            parts.append(format_html("<del>{}</del>", "".join(old_words[a1:a2])))
        if b2 > b1:
            parts.append(format_html("<ins>{}</ins>", "".join(new_words[b1:b2])))
    return mark_safe("".join(parts).replace("\n", "<br>"))  # noqa: S308 - every part escaped


def diff(old: dict, new: dict) -> list[Change]:
    """The fields that differ between two snapshots, in reading order."""
    changes = []
    for key, label in FIELDS:
        before, after = as_text(old, key), as_text(new, key)
        if before != after:
            changes.append(Change(label, word_diff(before, after)))
    return changes


# --- restore --------------------------------------------------------------------------------


def restore(article: Article, revision: Revision, *, user) -> Revision:
    """Put an old revision's content back, as a new revision; earlier ones stay as they were."""
    content = revision.content
    with transaction.atomic():
        for name in TEXT_FIELDS:
            setattr(article, name, content[name])
        article.no_photo = content["no_photo"]
        article.dateline_place = content["dateline_place"]
        article.dateline_date = _date(content["dateline_date"])
        article.dateline_source = content["dateline_source"]
        article.section = _existing(Section, content["section"])
        article.lead_photo = _existing(Photo, content["lead_photo"])
        article.save()
        _restore_bylines(article, content["bylines"])
        article.tags.set(content["tags"])
        refresh_teasers([article.pk])  # teaser refresh
        new = record(article, user=user, source=Revision.Source.RESTORE, note=f"#{revision.number}")
        audit(Action.RESTORE, article, actor=user, detail=f"Restored revision #{revision.number}")
        if article.status == Status.PUBLISHED:
            transaction.on_commit(public_content_changed)
    return new


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _existing(model, reference):
    """The object a snapshot refers to, if it still exists."""
    return model.objects.filter(pk=reference[0]).first() if reference else None


def _restore_bylines(article: Article, bylines: list[dict]) -> None:
    article.bylines.all().delete()
    authors = Author.objects.in_bulk([b["author"] for b in bylines])
    Byline.objects.bulk_create(
        Byline(article=article, author=authors[b["author"]], role=b["role"], position=b["position"])
        for b in bylines
        if b["author"] in authors
    )
