"""The editors' overview on the admin index: articles per state and the latest workflow steps.

Editors only: the counts span every article and the steps name other people's drafts, which a
reporter may not see. The other panels of the admin index are desk/templatetags/desk_dashboard.py.
"""

from django import template
from django.db.models import Count

from articles import log
from articles.models import Article, Status

register = template.Library()


@register.inclusion_tag("admin/articles/_dashboard.html", takes_context=True)
def newsroom_dashboard(context):
    user = context["request"].user
    if not user.has_perm("articles.publish_article"):
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
