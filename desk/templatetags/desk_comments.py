"""`{% comment_thread original %}`: the comments panel of an article's or a budget line's page.

Put it OUTSIDE the page's own <form> (the panel holds forms, and a form inside a form is
dropped by the browser): on a change form, in `{% block content %}` after `{{ block.super }}`.
"""

from typing import Any

from django import template
from django.contrib.auth import get_user_model
from django.urls import reverse

from desk import budget, comments
from desk.comments import Note, Thread

register = template.Library()


@register.inclusion_tag("admin/desk/_thread.html", takes_context=True)
def comment_thread(context: template.Context, target: comments.Target) -> dict[str, Any]:
    user = context["request"].user
    if target is None or target.pk is None or not comments.may_read(user, target):
        return {"visible": False}
    current, resolved = comments.timeline(target)
    may_resolve_any = user.has_perm("articles.publish_article")
    may_comment = comments.may_comment(user, target)
    return {
        "visible": True,
        "target": target,
        "noun": comments.noun(target),
        "items": [_item(entry, user, may_resolve_any) for entry in current],
        "resolved": [_item(thread, user, may_resolve_any) for thread in resolved],
        "may_comment": may_comment,
        "colleagues": _colleagues() if may_comment else None,
        "post_url": _post_url(target),
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def person(user: Any) -> str:
    """`{{ comment.author|person|default:"…" }}`: budget.person, "" for an account since deleted."""
    return budget.person(user) if user else ""


COLLEAGUES = 500


def _colleagues() -> list[dict[str, str]]:
    """Names for the @mention completion (static/desk/mentions.js), one query. The server still
    tells only those who may read the target, and tells the poster who was left out."""
    people = get_user_model().objects.filter(is_active=True, is_staff=True)
    return [
        {"username": person.get_username(), "name": person.get_full_name()}
        for person in people.order_by("username")[:COLLEAGUES]
    ]


def _post_url(target: comments.Target) -> str:
    kind = "article" if comments.noun(target) == "article" else "line"
    return reverse(f"desk:comment_{kind}", args=[target.pk])


def _item(entry: Thread | Note, user: Any, may_resolve_any: bool) -> dict[str, Any]:
    """What the template shows of a thread (or a workflow note), with the user's buttons;
    the same rule as comments.may_resolve, without a query per thread."""
    if isinstance(entry, Note):
        return {"note": entry}
    return {
        "thread": entry,
        "comments": [
            {"comment": c, "html": comments.as_html(c)} for c in [entry.first, *entry.replies]
        ],
        "may_resolve": may_resolve_any or entry.first.author_id == user.pk,
    }
