"""Revisions: what each save left, and readable diffs between any two.

Every save of an article's content goes through editing.save_content(), which moves
`Article.version` on (the token that stops two editors overwriting each other) and calls
`record()` to keep a snapshot under that number. Restoring one is editing.restore().
"""

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from html import unescape
from typing import Any

from django.utils.html import escape, format_html, strip_tags
from django.utils.safestring import SafeString, mark_safe

from articles.models import Article, Credit, Revision, format_byline

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
    ("seo_title", "SEO title"),
    ("meta_description", "Meta description"),
    ("social_headline", "Social headline"),
    ("social_image", "Social image"),
]
TEXT_FIELDS = ["headline", "slug", "standfirst", "body", "lead_caption", "lead_credit"]
# Search and social: absent from revisions made before these fields (read them with .get()).
SEO_FIELDS = ["seo_title", "meta_description", "social_headline"]
# A byline as a snapshot is made from it: (author id, author name, role, position).
BylineRow = tuple[int, str, str, int]


def snapshot(
    article: Article, *, bylines: Iterable[BylineRow] | None = None, tags: list[str] | None = None
) -> dict[str, Any]:
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
    photo, social = article.lead_photo, article.social_image
    return {
        **{name: getattr(article, name) for name in [*TEXT_FIELDS, *SEO_FIELDS]},
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
        "social_image": [social.pk, str(social)] if social else None,
    }


def record(
    article: Article,
    *,
    user: Any,
    source: str = Revision.Source.ADMIN,
    note: str = "",
    bylines: Iterable[BylineRow] | None = None,
    tags: list[str] | None = None,
) -> Revision:
    """Keep the article's current content as revision number `article.version`.

    Called by editing.save_content(), which has moved the version on with the save. `bylines`
    and `tags`, when given, are what the caller has just written (see snapshot()).
    """
    return Revision.objects.create(
        article=article,
        number=article.version,
        content=snapshot(article, bylines=bylines, tags=tags),
        source=source,
        note=note,
        created_by=user if user is not None and user.is_authenticated else None,
    )


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
    if key in ("section", "lead_photo", "social_image"):
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
    return mark_safe("".join(parts).replace("\n", "<br>"))  # every part is escaped


def diff(old: dict, new: dict) -> list[Change]:
    """The fields that differ between two snapshots, in reading order."""
    changes = []
    for key, label in FIELDS:
        before, after = as_text(old, key), as_text(new, key)
        if before != after:
            changes.append(Change(label, word_diff(before, after)))
    return changes
