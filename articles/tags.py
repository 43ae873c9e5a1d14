"""Tag addresses: letters of every script, and one for a name that has none.

taggit slugs a name with `slugify(allow_unicode=True)`: "Zürich" → "zürich", "東京都" → "東京都",
which the `topic` URL converter below accepts (Django quotes it in links as UTF-8). A name of
symbols alone ("🎉", "!!!") slugs to nothing, and an empty slug has no address: it gets
"tag-" and its code points in hex instead ("tag-1f389"), stable and unique for the name.
taggit adds "_1", "_2" ... when a slug is taken, as before.
"""

from django.utils.text import slugify
from taggit.models import Tag

MAX_LENGTH = Tag._meta.get_field("slug").max_length or 100
SUFFIX_ROOM = 10  # taggit's "_<n>" for a taken slug


def tag_slug(name: str, i: int | None = None) -> str:
    slug = slugify(name, allow_unicode=True)[: MAX_LENGTH - SUFFIX_ROOM].strip("-_")
    if not slug:
        points = "-".join(f"{ord(char):x}" for char in name.strip())
        slug = f"tag-{points}"[: MAX_LENGTH - SUFFIX_ROOM].strip("-") if points else "tag"
    return slug if i is None else f"{slug}_{i}"


def _slugify(self: Tag, tag: str, i: int | None = None) -> str:
    return tag_slug(tag, i)


def use_tag_slugs() -> None:
    """Make taggit's Tag slug names with tag_slug(); called once, from ArticlesConfig.ready()."""
    Tag.slugify = _slugify


class TopicConverter:
    """A tag slug in a URL: word characters of any script and hyphens."""

    regex = r"[-\w]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
