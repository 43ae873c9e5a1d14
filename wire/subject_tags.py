"""The tags an item's subjects give its draft, through the desk's subject mappings
(wire.models.SubjectMapping), and the record of which items each mapping has met."""

from taggit.utils import parse_tags

from articles.models import Article, Revision
from wire.matching import map_subjects, remove_tags, subject_key
from wire.models import ItemRouting, SubjectMapping, WireItem
from wire.rows import insert_rows
from wire.story import WireStory

Links = SubjectMapping.items.through


def subject_tags(
    item: WireItem,
    story: WireStory,
    *,
    new: bool,
    known: dict[str, tuple[int, str]],
    tags: dict[str, tuple[int, str]],
) -> list[str]:
    """The tags the desk's subject mappings give the item's subjects; the item is recorded
    against each mapping (a newer version replaces what the older one had).

    `known` and `tags` are the batch's memories of mappings and tags (wire.matching)."""
    mappings = map_subjects(story.subjects, agency=story.agency, known=known, tags=tags)
    if not new:
        Links.objects.filter(wireitem=item).delete()
    rows = [{"subjectmapping": pk, "wireitem": item.pk} for pk, _ in mappings.values()]
    insert_rows(Links, rows)
    return [tag for _, tag in mappings.values() if tag]


def untouched(article: Article) -> bool:
    """No one has saved the draft since the wire made it: every revision is an import's (or
    a routing rule's, which saves as the import)."""
    return not article.revisions.exclude(source=Revision.Source.IMPORT).exists()


def previous_subject_tags(item: WireItem) -> list[tuple[str, int, str]]:
    """(code, tag id, tag name) of the tags the item's subjects give now, read before the
    newer version replaces its subjects."""
    mappings = SubjectMapping.objects.filter(items=item, ignore=False, tag__isnull=False)
    return list(mappings.order_by().values_list("code", "tag_id", "tag__name"))


def drop_subject_tags(
    article: Article,
    item: WireItem,
    story: WireStory,
    *,
    previous: list[tuple[str, int, str]],
    keep: list[str],
) -> None:
    """Take off the tags of subjects the newer version dropped, unless the newer version (its
    subjects or keywords) or the rule that routed the item gives them too."""
    codes = {subject_key(subject, agency=story.agency) for subject in story.subjects}
    dropped = {tag_id: name for code, tag_id, name in previous if code not in codes}
    if not dropped:
        return
    rule_tags = ItemRouting.objects.filter(item=item).values_list("rule__tags", flat=True)
    kept = {name.casefold() for name in [*keep, *parse_tags(rule_tags.first() or "")]}
    remove_tags(article, [pk for pk, name in dropped.items() if name.casefold() not in kept])
