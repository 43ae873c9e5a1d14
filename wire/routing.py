"""Routing rules at work: which rule takes a new wire item, and what it does to the draft.

Active rules are tried in order (RoutingRule.Meta.ordering); the first whose every given
condition holds routes the item, and no other rule is asked. Its effect goes through the one
save path (a revision "Routed by rule …") and, for an automatic publication, through the
workflow like any publication, in the name of the editor who last saved the rule.

Routing a new item costs one query for the rules, whatever their number, and one more to flag it
when none takes it; more only when a rule matches and acts.
"""

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from taggit.utils import parse_tags

from articles import editing, log, notices, workflow
from articles.models import Article, Revision, Status
from audit.models import AuditEntry
from wire.matching import add_tags
from wire.models import ItemRouting, RoutingRule, WireItem
from wire.story import WireStory

PREVIEW_ITEMS = 100
NOT_PUBLISHED = "Not published automatically"
NOT_ROUTED = "Not routed by any rule"
# How a rule's publication is noted in the workflow's history, so it can be told from an editor's.
AUTO_PUBLISHED = "published automatically by routing rule"


@dataclass(frozen=True)
class Facts:
    """What a rule may ask of an item, from the story at import or from the stored item."""

    agency: str
    category: str
    subject_codes: tuple[str, ...]
    urgency: int | None
    headline: str
    pubstatus: str
    embargoed_until: datetime | None
    embargo_unreadable: bool = False  # a plain-text embargo line no agency style reads

    @classmethod
    def of_story(cls, story: WireStory) -> "Facts":
        return cls(
            agency=story.agency,
            category=story.category,
            subject_codes=tuple(subject.code for subject in story.subjects if subject.code),
            urgency=story.urgency,
            headline=story.headline,
            pubstatus=story.pubstatus,
            embargoed_until=story.embargoed_until,
            embargo_unreadable=bool(story.kept.get("embargo_unreadable")),
        )

    @classmethod
    def of_item(cls, item: WireItem) -> "Facts":
        subjects = [s for s in item.subjects if isinstance(s, dict)]
        return cls(
            agency=item.agency,
            category=item.category,
            subject_codes=tuple(str(s["code"]) for s in subjects if s.get("code")),
            urgency=item.urgency,
            headline=item.article.headline if item.article else "",
            pubstatus=item.pubstatus,
            embargoed_until=item.embargoed_until,
            embargo_unreadable=isinstance(item.kept, dict)
            and bool(item.kept.get("embargo_unreadable")),
        )


def matches(rule: RoutingRule, facts: Facts) -> bool:
    """Whether every condition the rule gives holds for the item (a rule with none: always)."""
    return all(
        [
            not rule.agency or rule.agency.casefold() == facts.agency.casefold(),
            not rule.category or rule.category.casefold() == facts.category.casefold(),
            not rule.subject_code or has_subject(rule.subject_code, facts.subject_codes),
            rule.urgency_at_most is None
            or (facts.urgency is not None and facts.urgency <= rule.urgency_at_most),
            not rule.headline_keyword or has_keyword(rule.headline_keyword, facts.headline),
        ]
    )


def has_subject(wanted: str, codes: tuple[str, ...]) -> bool:
    """`medtop:20000106` asks for that code in that scheme; a bare `20000106` for the code in
    any scheme (`medtop:20000106`, `http://cv.iptc.org/newscodes/mediatopic/20000106`)."""
    wanted = wanted.strip().casefold()
    if ":" in wanted or "/" in wanted:
        return any(code.casefold() == wanted for code in codes)
    return any(re.split(r"[:/]", code)[-1].casefold() == wanted for code in codes)


def has_keyword(keyword: str, headline: str) -> bool:
    """The word or phrase as whole words, in any case: "war" is not found in "award"."""
    pattern = r"(?<!\w)" + re.escape(keyword.strip()) + r"(?!\w)"
    return re.search(pattern, headline, re.IGNORECASE) is not None


def active_rules(*, related: bool = True) -> list[RoutingRule]:
    """The rules to try, in order: one query. Without `related`, the rules' own columns only:
    every import asks, and joining the section, desk and editor of each rule costs an item more
    to compile than the rest of its routing; the one rule that matches reads what it needs."""
    rules = RoutingRule.objects.filter(active=True)
    if related:
        rules = rules.select_related("section", "desk", "changed_by")
    return list(rules)


def first_match(rules: list[RoutingRule], facts: Facts) -> RoutingRule | None:
    return next((rule for rule in rules if matches(rule, facts)), None)


def publish_refusal(facts: Facts) -> str:
    """Why no rule may publish this item automatically ("" if one may try)."""
    if facts.pubstatus != WireItem.PubStatus.USABLE:
        return f"the agency marked it {WireItem.PubStatus(facts.pubstatus).label.lower()}"
    if facts.embargoed_until and facts.embargoed_until > timezone.now():
        return f"embargoed until {timezone.localtime(facts.embargoed_until):%d %b %H:%M}"
    if facts.embargo_unreadable:
        return "its embargo line could not be read"
    return ""


# --- routing a new item -------------------------------------------------------------------------


def route(
    item: WireItem, story: WireStory, *, user: Any, rules: list[RoutingRule] | None = None
) -> ItemRouting | None:
    """Apply the first matching rule to the item and its draft, once the import has saved them.

    Called for a new item, and for a newer version of an item no rule has routed yet (it may
    match now: an urgency raised to a flash); a routed item keeps its routing. An item no rule
    takes is flagged for the desk, unless no rule is active at all (the desk routes by hand).
    `rules` are the active rules when the caller has read them already (an import's batch).
    """
    rules = active_rules(related=False) if rules is None else rules
    article = item.article
    # The import saved a new draft as version 1: only an older draft can have been routed.
    if not rules or article is None or (article.version > 1 and _routed(item)):
        return None
    facts = Facts.of_story(story)
    rule = first_match(rules, facts)
    if rule is None:
        _tell_desk(item, NOT_ROUTED)
        return None
    refusal = publish_refusal(facts) if rule.auto_publish else ""
    publishing = rule.auto_publish and not refusal
    _change_draft(article, rule, user=user, publishing=publishing)
    if publishing:
        problem = _publish(article, rule)
    else:
        problem = f"{NOT_PUBLISHED}: {refusal}." if refusal else ""
    if problem:
        _tell_desk(item, problem)
    return ItemRouting.objects.create(
        item=item, rule=rule, rule_name=rule.name, desk_id=rule.desk_id, problem=problem[:500]
    )


def _routed(item: WireItem) -> bool:
    return ItemRouting.objects.filter(item=item).exists()


def _tell_desk(item: WireItem, notice: str) -> None:
    """Among the item's notices, so the wire list shows it with its other flags."""
    item.notices = [*item.notices, notice]
    WireItem.objects.filter(pk=item.pk).update(notices=item.notices)


def _change_draft(article: Article, rule: RoutingRule, *, user: Any, publishing: bool) -> None:
    """The rule's section and tags, as a revision of their own; a draft the rule publishes goes
    out as text alone (the wire's pictures wait for the photo desk). The rule's section replaces
    the one the agency's own hint found in a new draft, never one the desk has chosen since."""
    tags = parse_tags(rule.tags)
    section = rule.section if article.version == 1 or article.section_id is None else None
    bare = publishing and article.lead_photo_id is None and not article.no_photo
    if not (section or tags or bare):
        return
    article.section = section or article.section
    article.no_photo = article.no_photo or bare

    def write_tags(article: Article) -> None:
        add_tags(article, tags, new=False, known={})

    editing.save_content(
        article,
        user=user,
        source=Revision.Source.IMPORT,
        expected_version=article.version,
        note=f"Routed by rule “{rule.name}”"[:200],
        write_related=write_tags,
    )


def _publish(article: Article, rule: RoutingRule) -> str:
    """Submit and publish through the workflow in the rule's editor's name; on any refusal the
    draft stays a draft and the answer says why. An import reads its rules once a run: the rule
    is read again here, so one switched off meanwhile publishes nothing more."""
    if not RoutingRule.objects.filter(pk=rule.pk, active=True, auto_publish=True).exists():
        return f"{NOT_PUBLISHED}: rule “{rule.name}” no longer publishes (changed meanwhile)."
    editor = rule.changed_by
    if editor is None:
        return f"{NOT_PUBLISHED}: rule “{rule.name}” has no editor to publish in the name of."
    note = f"{AUTO_PUBLISHED} “{rule.name}” (#{rule.pk})"
    try:
        with transaction.atomic():  # both steps or neither: never left "in edit"
            workflow.perform(article, "submit", editor, note=note)
            workflow.perform(article, "publish", editor, note=note)
    except workflow.TransitionNotAllowed:
        return f"{NOT_PUBLISHED}: {editor} may not publish (rule “{rule.name}”)."
    except workflow.TransitionBlocked as blocked:
        return f"{NOT_PUBLISHED}: {' '.join(blocked.messages)}"
    # perform() moved its own copy: the import's answer and page show this one's status.
    article.refresh_from_db(fields=["status", "published_at", "first_published_at", "updated_at"])
    return ""


# --- the agency takes back an item a rule published -------------------------------------------


def withdraw(item: WireItem, article: Article, *, version: int, pubstatus: str) -> str:
    """A newer version cancels or withholds the item of a published article: a publication a
    rule made is undone through the workflow, in the name it was made in, with the agency's
    reason; an editor's stays up, for the desk to judge. The item's flags say which, and so
    does the answer."""
    why = f"version {version} {WireItem.PubStatus(pubstatus).label.lower()}"
    step = _rule_publication(article)
    if step is None:
        notice = f"Still published: {why} after an editor published it."
    else:
        notice = _unpublish(article, step.actor, note=f"{why}; it was {step.detail}")
    _tell_desk(item, notice)
    if article.status == Status.PUBLISHED:
        notices.agency_withdrew(article, notice)
    return notice


def _rule_publication(article: Article) -> AuditEntry | None:
    """The workflow step that put the article up, if a routing rule took it."""
    step = log.workflow_history(article).first()
    note = (step.data or {}).get("note", "") if step else ""
    if step and step.action == log.ArticleAction.PUBLISH and note.startswith(AUTO_PUBLISHED):
        return step
    return None


def _unpublish(article: Article, actor: Any, *, note: str) -> str:
    """Unpublish as the rule's editor; on any refusal the article stays up and the answer
    says why (perform changes nothing when it refuses)."""
    reason = note[0].upper() + note[1:]
    if actor is None:
        return f"Still published: {note}, and its editor's account is gone."
    try:
        workflow.perform(article, "unpublish", actor, note=reason)
    except workflow.TransitionNotAllowed:
        return f"Still published: {note}, and {actor} may no longer unpublish."
    except workflow.TransitionBlocked as blocked:
        return f"Still published: {note}. {' '.join(blocked.messages)}"
    article.refresh_from_db(fields=["status", "published_at", "updated_at"])
    return f"Unpublished automatically: {note}."


# --- previewing a rule before it is saved ---------------------------------------------------


@dataclass(frozen=True)
class PreviewRow:
    item: WireItem
    headline: str
    earlier_rule: RoutingRule | None  # an earlier active rule takes the item first
    effect: str


def preview(rule: RoutingRule, *, limit: int = PREVIEW_ITEMS) -> tuple[list[PreviewRow], int]:
    """The last `limit` items the (unsaved) rule would match, and how many were looked at.

    Reads only: nothing is saved or changed."""
    items = list(WireItem.objects.select_related("article").order_by("-received_at", "-pk")[:limit])
    earlier = [other for other in active_rules() if _comes_before(other, rule)]
    rows = []
    for item in items:
        facts = Facts.of_item(item)
        if matches(rule, facts):
            headline = facts.headline or "(draft deleted)"
            taken = first_match(earlier, facts)
            rows.append(PreviewRow(item, headline, taken, describe_effect(rule, facts)))
    return rows, len(items)


def _comes_before(other: RoutingRule, rule: RoutingRule) -> bool:
    if other.pk is not None and other.pk == rule.pk:
        return False
    last = float("inf")  # an unsaved rule comes after the saved ones at its position
    return (other.position, other.pk) < (rule.position, rule.pk or last)


def describe_effect(rule: RoutingRule, facts: Facts) -> str:
    """What the rule would do to this item, in words."""
    parts = []
    if rule.section:
        parts.append(f"section {rule.section}")
    if tags := parse_tags(rule.tags):
        parts.append(f"tags {', '.join(tags)}")
    if rule.desk:
        parts.append(f"desk {rule.desk}")
    if rule.auto_publish:
        refusal = publish_refusal(facts)
        parts.append(f"not published: {refusal}" if refusal else "published automatically")
    return "; ".join(parts) or "routed, nothing changed"
