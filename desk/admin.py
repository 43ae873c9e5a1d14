"""The planning desk's screens: the day's budget, used in the morning meeting, and the photo
desk's queue of requests. The rules behind their buttons are in desk/budget.py."""

from datetime import date, datetime, timedelta
from functools import partial
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, F, IntegerField, Prefetch, QuerySet, Value, When
from django.forms import ModelChoiceField
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from articles.models import Byline
from articles.permissions import sees_every_article
from desk import budget
from desk.forms import PersonChoiceField
from desk.models import BudgetLine, LineStatus, PhotoRequest


def chosen_day(value: str | None) -> date | None:
    """The day a `?day=` asks for: today when absent, None (every day) for "all"."""
    if not value:
        return timezone.localdate()
    if value == "all":
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise IncorrectLookupParameters(f"Not a day: {value}") from None


class DayFilter(admin.SimpleListFilter):
    """One day's budget (today unless another is chosen), or every day's."""

    title = "day"
    parameter_name = "day"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        today = timezone.localdate()
        days = [("all", "All days")]
        for offset, label in ((-1, "Yesterday"), (0, "Today"), (1, "Tomorrow")):
            days.append(((today + timedelta(days=offset)).isoformat(), label))
        day = chosen_day(self.value())
        if day and day.isoformat() not in dict(days):
            days.append((day.isoformat(), f"{day:%d %b %Y}"))
        return days

    def choices(self, changelist: Any) -> Any:
        day = chosen_day(self.value())
        chosen = day.isoformat() if day else "all"
        for value, label in self.lookup_choices:
            yield {
                "selected": value == chosen,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        day = chosen_day(self.value())
        return queryset if day is None else queryset.filter(day=day)


class StatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request: HttpRequest, model_admin: Any) -> Any:
        return LineStatus.choices

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(line_status=self.value()) if self.value() else queryset


def on_the_day(line: BudgetLine, moment: datetime | None) -> str:
    """A time on the line's own day as "15:00", any other moment with its date."""
    if moment is None:
        return "—"
    local = timezone.localtime(moment)
    return f"{local:%H:%M}" if local.date() == line.day else f"{local:%d %b %Y, %H:%M}"


def status_badge(value: str) -> str:
    return format_html(
        '<span class="line-status line-status-{}">{}</span>', value, LineStatus(value).label
    )


def article_link(user: Any, line: BudgetLine) -> str:
    """The started line's article, by headline, for those who may see it; to anyone else (a
    reporter looking at a colleague's line) only that it is started: a draft's headline is its
    writer's until they file it."""
    if not budget.article_visible(user, line):
        return "Started"
    url = reverse("admin:articles_article_change", args=[line.article_id])
    return format_html('<a href="{}">{}</a>', url, line.article)


def person_label(user: Any) -> str:
    return budget.person(user) if user else "—"


class PhotoRequestInline(admin.TabularInline):
    """Ask the photo desk for a picture; the desk answers in its queue, not here."""

    model = PhotoRequest
    extra = 1  # a blank row to fill without JavaScript; left empty, it is ignored
    fields = ["brief", "needed_by", "status", "assignee", "photo"]
    readonly_fields = ["status", "assignee", "photo"]
    can_delete = False
    verbose_name = "photo request"

    def get_queryset(self, request: HttpRequest) -> QuerySet[PhotoRequest]:
        return super().get_queryset(request).select_related("assignee", "photo")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("desk.add_photorequest")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # requests are worked in the desk's queue


@admin.register(BudgetLine)
class BudgetLineAdmin(admin.ModelAdmin):
    list_display = [
        "day",
        "slug",
        "pitch",
        "status",
        "section",
        "writer_name",
        "photographer_name",
        "due",
        "expected_words",
        "goes_live",
    ]
    list_display_links = ["slug"]
    list_filter = [DayFilter, "section", StatusFilter, ("writer", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["section", "writer", "photographer", "article"]
    search_fields = ["slug", "pitch"]
    search_help_text = "Words of the slug or the pitch, on the chosen day (or all days)."
    fields = [
        "slug",
        "pitch",
        "section",
        "day",
        "writer",
        "photographer",
        "deadline",
        "expected_words",
        "publish_at",
    ]
    inlines = [PhotoRequestInline]
    actions = ["spike_lines", "unspike_lines"]
    list_per_page = 100

    # --- who may see and change what -------------------------------------------------------

    def get_queryset(self, request: HttpRequest) -> QuerySet[BudgetLine]:
        lines = BudgetLine.objects.with_status()
        if sees_every_article(request.user):
            return lines
        # The articles' bylines, for budget.article_visible: one query for the whole page.
        bylines = Byline.objects.select_related("author")
        return lines.prefetch_related(Prefetch("article__bylines", queryset=bylines))

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None:
            return request.user.has_perm("desk.change_budgetline")
        return budget.may_change(request.user, obj)

    def has_assign_permission(self, request: HttpRequest) -> bool:
        return budget.may_assign(request.user)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # Reporters pitch; who writes and who shoots is the editors' decision in the meeting.
        if not budget.may_assign(request.user):
            return ["writer", "photographer"]
        # The started draft is the writer's and carries their byline: another writer would be
        # on a line whose article they cannot open. The byline is changed on the article.
        return ["writer"] if obj is not None and obj.article_id else []

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        # Writers among those who may write, photographers among those who add photos.
        pools = {"writer": "articles.add_article", "photographer": "media_assets.add_photo"}
        for role, permission in pools.items():
            if isinstance(field := form.base_fields.get(role), ModelChoiceField):
                field.queryset = budget.holders(permission, keep=getattr(obj, f"{role}_id", None))
        return form

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name in ("writer", "photographer"):
            kwargs["form_class"] = PersonChoiceField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: BudgetLine, form: Any, change: bool) -> None:
        if not change:
            obj.created_by_id = request.user.pk
        super().save_model(request, obj, form, change)
        assigned = [role for role in ("writer", "photographer") if role in form.changed_data]
        budget.tell_assigned(obj, assigned, actor=request.user)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        for photo_request in formset.save(commit=False):
            if photo_request.pk is None:
                budget.request_photo(photo_request, user=request.user)

    # --- list columns ---------------------------------------------------------------------

    def get_list_display(self, request: HttpRequest) -> Any:
        # One day's budget (the usual view) says its day in the title, not on every row.
        columns = [c for c in self.list_display if c != "day" or request.GET.get("day") == "all"]
        return [*columns, self.article_column(request)]

    @admin.display(description="deadline", ordering="deadline")
    def due(self, line: BudgetLine) -> str:
        return on_the_day(line, line.deadline)

    @admin.display(description="planned publication", ordering="publish_at")
    def goes_live(self, line: BudgetLine) -> str:
        return on_the_day(line, line.publish_at)

    @admin.display(description="writer", ordering="writer__username")
    def writer_name(self, line: BudgetLine) -> str:
        return person_label(line.writer)

    @admin.display(description="photographer", ordering="photographer__username")
    def photographer_name(self, line: BudgetLine) -> str:
        return person_label(line.photographer)

    @admin.display(description="status", ordering="line_status")
    def status(self, line: Any) -> str:
        return status_badge(line.line_status)

    def article_column(self, request: HttpRequest) -> Any:
        @admin.display(description="article")
        def article(line: BudgetLine) -> str:
            if line.article_id:
                return article_link(request.user, line)
            if not budget.offers_start(request.user, line):
                return "—"
            # A button of the list's own form, posting to the start URL instead (no nested form).
            url = reverse("admin:desk_budgetline_start_draft", args=[line.pk])
            return format_html(
                '<button type="submit" class="button" formaction="{}">Start the draft</button>', url
            )

        return article

    # --- the day's navigation and the line's page -------------------------------------------

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> Any:
        try:
            day = chosen_day(request.GET.get("day"))
        except IncorrectLookupParameters:
            # Django would answer with its "?e=1" page, which blames the database.
            query = request.GET.copy()
            query.pop("day")
            self.message_user(
                request, "That is not a day (YYYY-MM-DD): here is today's.", messages.ERROR
            )
            return HttpResponseRedirect(f"{request.path}?{query.urlencode()}")
        extra_context = {**(extra_context or {}), **self.day_links(request, day)}
        return super().changelist_view(request, extra_context)

    def day_links(self, request: HttpRequest, day: date | None) -> dict[str, Any]:
        def at(other: date) -> str:
            query = request.GET.copy()
            query["day"] = other.isoformat()
            query.pop("p", None)
            return "?" + query.urlencode()

        kept = [(k, v) for k, v in request.GET.items() if k not in ("day", "p", "e")]
        title = f"Budget for {day:%A} {day.day} {day:%B %Y}" if day else "Budget: all days"
        links: dict[str, Any] = {
            "title": title,
            "budget_day": day,
            "kept_params": kept,
            "today": at(timezone.localdate()),
        }
        if day is not None:
            # No link past the calendar's first or last day (date.min, date.max).
            if day > date.min:
                links["previous_day"] = at(day - timedelta(days=1))
            if day < date.max:
                links["next_day"] = at(day + timedelta(days=1))
        return links

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> Any:
        line = self.get_object(request, object_id)
        if line is not None:
            user = request.user
            extra_context = {
                **(extra_context or {}),
                "line_status": status_badge(line.line_status),
                "article_link": article_link(user, line) if line.article_id else "",
                "may_start": budget.offers_start(user, line),
                "may_assign": budget.may_assign(user),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self) -> Any:
        def bound(view: Any, route: str, name: str) -> Any:
            view = self.admin_site.admin_view(require_POST(partial(view, self)))
            return path(f"<path:object_id>/{route}", view, name=f"desk_budgetline_{name}")

        return [
            bound(start_draft_view, "start/", "start_draft"),
            bound(spike_view, "spike/", "spike"),
            bound(unspike_view, "unspike/", "unspike"),
            *super().get_urls(),
        ]

    # --- actions --------------------------------------------------------------------------

    @admin.action(description="Spike the chosen lines", permissions=["assign"])
    def spike_lines(self, request: HttpRequest, queryset: QuerySet[BudgetLine]) -> None:
        count = budget.spike(queryset, user=request.user)
        self.message_user(request, f"{count} line(s) spiked.", messages.SUCCESS)

    @admin.action(description="Restore the chosen spiked lines", permissions=["assign"])
    def unspike_lines(self, request: HttpRequest, queryset: QuerySet[BudgetLine]) -> None:
        count = budget.unspike(queryset, user=request.user)
        self.message_user(request, f"{count} line(s) restored to the budget.", messages.SUCCESS)


# --- the line's own POST pages ------------------------------------------------------------------


def _line(admin_: BudgetLineAdmin, request: HttpRequest, object_id: str) -> BudgetLine:
    line = admin_.get_object(request, object_id)
    if line is None or not admin_.has_view_permission(request, line):
        raise PermissionDenied
    return line


def start_draft_view(admin_: BudgetLineAdmin, request: HttpRequest, object_id: str) -> HttpResponse:
    line = _line(admin_, request, object_id)
    try:
        article, made = budget.start_draft(line, user=request.user)
    except ValidationError as refused:
        admin_.message_user(request, " ".join(refused.messages), messages.ERROR)
        return HttpResponseRedirect(budget.line_url(line))
    if made:
        admin_.message_user(request, f"The draft of {line.slug} is started.", messages.SUCCESS)
    else:
        admin_.message_user(
            request, "This line's draft was started already: here it is.", messages.INFO
        )
    return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))


def spike_view(admin_: BudgetLineAdmin, request: HttpRequest, object_id: str) -> HttpResponse:
    line = _line(admin_, request, object_id)
    budget.spike(BudgetLine.objects.filter(pk=line.pk), user=request.user)
    admin_.message_user(request, f"{line.slug} is spiked.", messages.SUCCESS)
    return HttpResponseRedirect(budget.line_url(line))


def unspike_view(admin_: BudgetLineAdmin, request: HttpRequest, object_id: str) -> HttpResponse:
    line = _line(admin_, request, object_id)
    budget.unspike(BudgetLine.objects.filter(pk=line.pk), user=request.user)
    admin_.message_user(request, f"{line.slug} is back on the budget.", messages.SUCCESS)
    return HttpResponseRedirect(budget.line_url(line))


# --- the photo desk's queue ---------------------------------------------------------------------


@admin.register(PhotoRequest)
class PhotoRequestAdmin(admin.ModelAdmin):
    """Open requests first, the most urgent on top; the desk takes one, answers it with a photo
    from the library and marks it done."""

    list_display = ["line_link", "pitch", "brief", "needed_by", "assignee_name", "status", "photo"]
    list_filter = ["status", ("assignee", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["line", "assignee", "photo"]
    search_fields = ["line__slug", "line__pitch", "brief"]
    fields = [
        "line_link",
        "pitch",
        "brief",
        "needed_by",
        "requested_by",
        "status",
        "assignee",
        "photo",
    ]
    readonly_fields = ["line_link", "pitch", "brief", "needed_by", "requested_by"]
    autocomplete_fields = ["photo"]
    actions = ["mark_done"]

    def get_ordering(self, request: HttpRequest) -> Any:
        open_first = Case(
            When(status=PhotoRequest.Status.OPEN, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return [open_first.asc(), F("needed_by").asc(nulls_last=True), "pk"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a request is made on its budget line

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # cancelled, not deleted: the line keeps its history

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "assignee":
            kwargs["queryset"] = budget.holders("desk.change_photorequest")
            kwargs["form_class"] = PersonChoiceField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="budget line", ordering="line__slug")
    def line_link(self, photo_request: PhotoRequest) -> str:
        line = photo_request.line
        return format_html('<a href="{}">{}</a>', budget.line_url(line), line)

    @admin.display(description="pitch")
    def pitch(self, photo_request: PhotoRequest) -> str:
        return photo_request.line.pitch

    @admin.display(description="assignee", ordering="assignee__username")
    def assignee_name(self, photo_request: PhotoRequest) -> str:
        return person_label(photo_request.assignee)

    @admin.action(description="Mark the chosen requests done", permissions=["change"])
    def mark_done(self, request: HttpRequest, queryset: QuerySet[PhotoRequest]) -> None:
        count = budget.mark_done(queryset)
        self.message_user(request, f"{count} request(s) marked done.", messages.SUCCESS)
