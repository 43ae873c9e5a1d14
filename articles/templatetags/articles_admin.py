"""The admin index's newsroom dashboard: articles per state and the latest workflow steps."""

from django import template
from django.db.models import Count

from articles import log
from articles.models import Article, Status

register = template.Library()


@register.inclusion_tag("admin/articles/_dashboard.html", takes_context=True)
def newsroom_dashboard(context):
    user = context["request"].user
    if not user.has_perm("articles.view_article"):
        return {"visible": False}
    counts = dict(Article.objects.values_list("status").annotate(n=Count("pk")).order_by())
    steps = [
        {"entry": entry, "text": log.describe(entry) or entry.action_label}
        for entry in log.latest_steps(Article)
    ]
    waiting = Article.objects.filter(status=Status.PUBLISHED).exclude(
        pk__in=Article.objects.published().values("pk")
    )
    return {
        "visible": True,
        "counts": [(status, label, counts.get(status, 0)) for status, label in Status.choices],
        "waiting": waiting.count(),
        "steps": steps,
    }
