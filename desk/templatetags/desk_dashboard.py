"""The admin index's dashboard: each person sees the panels of every role they hold.

Roles are read from permissions, never from group names: a reporter changes articles but not
any article; an editor publishes; the photo desk works photo requests or changes photos. Each
panel is a heading, its items (at most dashboard.LIMIT), a sentence when there are none and a
link to the filtered list where the admin has one. The queries are in desk/dashboard.py.
"""

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django import template
from django.urls import reverse

from articles.workflow import AnyUser as User
from desk import budget, dashboard
from desk.models import BudgetLine, LineStatus, PhotoRequest

register = template.Library()


@dataclass
class Panel:
    key: str  # names its fragment, admin/desk/_dashboard_<key>.html
    title: str
    empty: str  # said when there is nothing to list
    items: list[Any]
    more: bool = False
    see_all: str = ""
    see_all_label: str = ""
    count: int | None = None

    @property
    def template(self) -> str:
        return f"admin/desk/_dashboard_{self.key}.html"


@dataclass
class Dashboard:
    # Editors also see the newsroom's counts and latest workflow steps, first; that module
    # (articles_admin.newsroom_dashboard) decides for itself who may see it.
    panels: list[Panel]


def reports(user: User) -> bool:
    return user.has_perm("articles.change_article") and not user.has_perm(
        "articles.edit_any_article"
    )


def edits(user: User) -> bool:
    return user.has_perm("articles.publish_article")


def works_photo_desk(user: User) -> bool:
    return user.has_perm("desk.change_photorequest") or user.has_perm("media_assets.change_photo")


def admin_url(name: str, *args: Any, query: dict[str, Any] | None = None) -> str:
    """An admin screen's address, with the list filters in `query`."""
    url = reverse(f"admin:{name}", args=args)
    return f"{url}?{urlencode(query)}" if query else url


@register.simple_tag(takes_context=True)
def desk_dashboard(context: template.Context) -> Dashboard:
    user = context["request"].user
    panels: list[Panel] = []
    if reports(user):
        panels += reporter_panels(user)
    if reports(user) or user.has_perm("media_assets.change_photo"):
        panels.append(assignments_panel(user))  # writers' and photographers' own
    if edits(user):
        panels += editor_panels()
    if works_photo_desk(user):
        panels += photo_desk_panels()
    return Dashboard(panels)


def reporter_panels(user: User) -> list[Panel]:
    drafts, more = dashboard.first(dashboard.my_drafts(user))
    returned, more_returned = dashboard.returned_to(user)
    return [
        Panel(
            "drafts",
            "My drafts",
            "You have no drafts.",
            drafts,
            more,
            see_all=admin_url("articles_article_changelist", query={"status__exact": "draft"}),
            see_all_label="All my drafts",
        ),
        Panel(
            "returned",
            "Returned to me",
            "Nothing has been returned to you.",
            returned,
            more_returned,
        ),
    ]


@dataclass
class Assignment:
    line: BudgetLine
    role: str
    start_url: str  # where "Start the draft" posts; "" when there is nothing to start
    opens_article: bool = False  # the line's article is one the user may see

    @property
    def status(self) -> str:
        return str(LineStatus(self.line.line_status).label)  # type: ignore[attr-defined]


def assignments_panel(user: User) -> Panel:
    lines, more = dashboard.my_assignments(user)
    starts = user.has_perm("articles.add_article")
    rows = [
        Assignment(
            line,
            "writer" if line.writer_id == user.pk else "photographer",
            admin_url("desk_budgetline_start_draft", line.pk)
            if starts and line.writer_id == user.pk and line.article_id is None
            else "",
            budget.article_visible(user, line),
        )
        for line in lines
    ]
    return Panel(
        "assignments",
        "My assignments",
        "No stories are assigned to you.",
        rows,
        more,
        see_all=admin_url("desk_budgetline_changelist"),
        see_all_label="The budget",
    )


def editor_panels() -> list[Panel]:
    queues = dashboard.waiting_for_edit()
    scheduled, more_scheduled = dashboard.scheduled_today()
    lifting, more_lifting = dashboard.embargoes_lifting_today()
    corrections, more_corrections = dashboard.recent_corrections()
    today = {
        "status__exact": "published",
        "published_at__gte": str(dashboard.start_of_today()),
        "published_at__lt": str(dashboard.end_of_today()),
    }
    return [
        Panel(
            "waiting",
            "Waiting for edit",
            "Nothing is waiting for edit.",
            queues,
            count=sum(queue.count for queue in queues),
            see_all=admin_url("articles_article_changelist", query={"status__exact": "edit"}),
            see_all_label="All articles in edit",
        ),
        Panel(
            "scheduled",
            "Scheduled today",
            "Nothing else is scheduled to go live today.",
            scheduled,
            more_scheduled,
            see_all=admin_url("articles_article_changelist", query=today),
            see_all_label="All published today",
        ),
        Panel(
            "embargoes",
            "Embargoes lifting today",
            "No embargo lifts later today.",
            lifting,
            more_lifting,
        ),
        Panel(
            "corrections",
            "Recent corrections",
            f"No corrections or updates in the last {dashboard.CORRECTIONS_DAYS} days.",
            corrections,
            more_corrections,
        ),
    ]


@dataclass
class Request:
    request: PhotoRequest
    url: str


def photo_desk_panels() -> list[Panel]:
    requests, more_requests = dashboard.open_photo_requests()
    missing, few = dashboard.incomplete_photos()
    expiring, more_expiring = dashboard.licences_expiring()
    expired, more_expired = dashboard.expired_in_use()
    library = "media_assets_photo_changelist"
    return [
        Panel(
            "requests",
            "Photo requests",
            "No photo requests are open.",
            [Request(r, admin_url("desk_photorequest_change", r.pk)) for r in requests],
            more_requests,
            see_all=admin_url("desk_photorequest_changelist", query={"status__exact": "open"}),
            see_all_label="All open requests",
        ),
        Panel(
            "incomplete",
            "Photos missing credit or alt text",
            "Every photo has a credit and alt text.",
            few,
            more=missing > len(few),
            count=missing,
            see_all=admin_url(library, query={"incomplete": "yes"}),
            see_all_label=f"All {missing} to complete",
        ),
        Panel(
            "expiring",
            "Licences expiring this week",
            "No licence ends this week.",
            expiring,
            more_expiring,
            see_all=admin_url(library, query={"licence": "expiring"}),
            see_all_label="All licences expiring soon",
        ),
        Panel(
            "expired",
            "Expired licences still published",
            "No published article shows a photo whose licence has ended.",
            expired,
            more_expired,
            see_all=admin_url(library, query={"licence": "expired"}),
            see_all_label="All expired licences",
        ),
    ]
