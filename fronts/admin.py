"""The front editor: editors arrange the home page and each section front, preview, schedule.

One screen per front (admin/fronts/front/arrange/<page>/). Rows are plain form rows: "Move up"
and "Move down" are submit buttons that reorder on the server without JavaScript; with it,
static/fronts/arrange.js moves the rows in place (buttons and a drag handle). Saving writes a
new Arrangement (the old ones stay: the front's history), records it in the audit log and
purges the front.
"""

from functools import partial
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponseBadRequest, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control

from articles.models import Article, Section, Teaser
from audit.models import record
from fronts import schedule
from fronts.forms import ScheduleForm, SlotFormSet
from fronts.log import FrontAction
from fronts.models import HOME, Arrangement, Front, Slot, section_page
from fronts.read import Placing
from fronts.views import front_page, page_of
from newsroom.numbers import whole_number

CHOICES_SHOWN = 200  # the newest published articles offered as you type
FOUND_SHOWN = 20  # the articles a search lists


def page_section(page: str) -> Section | None:
    """The section of a front page name, None for home; 404 for anything else."""
    if page == HOME:
        return None
    prefix, _, pk = page.partition("-")
    if prefix != "section" or not pk.isdigit():
        raise Http404("No such front.")
    return get_object_or_404(Section, pk=int(pk))


def initial_rows(page: str) -> list[dict]:
    """The newest arrangement's slots (scheduled or live), as form rows."""
    newest = Arrangement.objects.filter(front__page=page).order_by("-goes_live_at", "-pk").first()
    if newest is None:
        return []
    return [
        {
            "place": slot.place,
            "block": slot.block,
            "article": slot.article_id,
            "headline": slot.headline,
            "standfirst": slot.standfirst,
            "crop": slot.crop,
            "expires_at": slot.expires_at,
            "position": rank,
        }
        for rank, slot in enumerate(newest.slots.order_by("position", "pk"))
    ]


def posted_total(data: QueryDict) -> int | None:
    """The number of rows posted, None when it is not a number the formset could take."""
    total = whole_number(data.get("form-TOTAL_FORMS"))
    return total if total is not None and total <= SlotFormSet.absolute_max else None


def rank(value: Any, otherwise: int) -> int:
    """A row's posted position, or `otherwise` when it is not a whole number."""
    number = whole_number(None if value is None else str(value))
    return otherwise if number is None else number


def moved(data: QueryDict, move: str) -> QueryDict:
    """The posted rows with one row swapped with its neighbour ("3:up"), for the no-JS buttons."""
    data = data.copy()
    index, _, direction = move.partition(":")
    total = posted_total(data) or 0
    order = sorted(range(total), key=lambda i: rank(data.get(f"form-{i}-position"), i))
    if not index.isdigit() or int(index) not in order:
        return data
    at = order.index(int(index))
    other = at - 1 if direction == "up" else at + 1
    if 0 <= other < len(order):
        order[at], order[other] = order[other], order[at]
    for shown, i in enumerate(order):
        data[f"form-{i}-position"] = str(shown)
    return data


def find_articles(term: str) -> list[tuple[int, str]]:
    """Published articles whose headline holds every word of `term` (or whose number it is),
    newest first: any article an editor may place, not only the newest offered as they type."""
    words = term[:200].split()[:10]
    if not words:
        return []
    matches = Q()
    for word in words:
        matches &= Q(headline__icontains=word)
    if (pk := whole_number(term.strip())) is not None:
        matches |= Q(pk=pk)
    found = Article.objects.published().filter(matches).order_by("-published_at", "-pk")
    return list(found.values_list("pk", "headline")[:FOUND_SHOWN])


def articles_view(request):
    """The search of the front editor's script: `?q=` words of a headline, as JSON."""
    if not request.user.has_perm("fronts.change_front"):
        raise PermissionDenied
    found = find_articles(request.GET.get("q", ""))
    return JsonResponse({"results": [{"id": pk, "headline": text} for pk, text in found]})


def slot_columns(row: dict) -> dict:
    """A form row as a slot's columns."""
    return {
        "place": row["place"],
        "block": row["block"].strip(),
        "article_id": row["article"],
        "headline": row["headline"].strip(),
        "standfirst": row["standfirst"].strip(),
        "crop": row["crop"] or "",
        "expires_at": row["expires_at"],
    }


def slots_of(rows: list[dict], arrangement: Arrangement) -> list[Slot]:
    return [
        Slot(arrangement=arrangement, position=rank, **slot_columns(row))
        for rank, row in enumerate(rows)
    ]


def save(request, page: str, section: Section | None, rows: list[dict], goes_live_at) -> None:
    with transaction.atomic():
        front, _ = Front.objects.get_or_create(page=page, defaults={"section": section})
        arrangement = Arrangement.objects.create(
            front=front, goes_live_at=goes_live_at or timezone.now(), created_by=request.user
        )
        Slot.objects.bulk_create(slots_of(rows, arrangement))
        when = arrangement.goes_live_at
        record(
            FrontAction.ARRANGE,
            front,
            actor=request.user,
            detail=f"{len(rows)} slots, live from {timezone.localtime(when):%Y-%m-%d %H:%M}",
            data={
                "arrangement": arrangement.pk,
                "goes_live_at": when.isoformat(),
                "slots": rows_data(rows),
            },
        )
        schedule.arranged(arrangement)


def rows_data(rows: list[dict]) -> list[dict]:
    return [
        {**row, "expires_at": row["expires_at"].isoformat() if row["expires_at"] else None}
        for row in rows
        if row
    ]


def preview(request, page: str, section: Section | None, rows: list[dict]):
    """The front with the unsaved arrangement, through the public templates; never kept."""
    slots = [Placing(**{**slot_columns(row), "position": rank}) for rank, row in enumerate(rows)]
    response = front_page(request, page, *page_of(section), slots=slots)
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    patch_cache_control(response, private=True, no_store=True, max_age=0)
    return response


@admin.register(Front)
class FrontAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False  # fronts are made by arranging them

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        # A front changes only through its arrange screen (audited, purged), never through
        # the plain change form, which would let its page be edited with neither.
        return obj is None and super().has_change_permission(request)

    def get_readonly_fields(self, request, obj=None) -> Any:
        return ("page", "section")

    def get_urls(self) -> Any:
        arrange = self.admin_site.admin_view(partial(arrange_view, self))
        articles = self.admin_site.admin_view(articles_view)
        return [
            path("arrange/<str:page>/", arrange, name="fronts_front_arrange"),
            path("articles/", articles, name="fronts_front_articles"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        if not request.user.has_perm("fronts.change_front"):
            raise PermissionDenied
        pages = [(HOME, "Home page")] + [
            (section_page(s.pk), s.name) for s in Section.objects.order_by("position", "name")
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": "Fronts",
            "opts": self.model._meta,
            "pages": [(reverse("admin:fronts_front_arrange", args=[p]), name) for p, name in pages],
        }
        return render(request, "admin/fronts/index.html", context)


def arrange_view(model_admin: FrontAdmin, request, page: str):
    if not request.user.has_perm("fronts.change_front"):
        raise PermissionDenied
    section = page_section(page)
    if request.method == "POST" and posted_total(request.POST) is None:
        return HttpResponseBadRequest("The form's rows were not posted as the editor sends them.")
    action = request.POST.get("action", "")
    move = request.POST.get("move", "")
    data = moved(request.POST, move) if request.method == "POST" and move else request.POST
    if request.method == "POST":
        formset, when = SlotFormSet(data), ScheduleForm(data)
        # "Find" (the search without JavaScript), like a move, shows the rows again unsaved.
        if not move and action != "find" and formset.is_valid() and when.is_valid():
            rows = formset.filled()
            if action == "preview":
                return preview(request, page, section, rows)
            if action == "schedule" and not when.cleaned_data["goes_live_at"]:
                when.add_error("goes_live_at", "Choose when this arrangement goes live.")
            else:
                at = when.cleaned_data["goes_live_at"] if action == "schedule" else None
                save(request, page, section, rows, at)
                messages.success(
                    request, "The front was scheduled." if at else "The front is live."
                )
                return redirect("admin:fronts_front_arrange", page)
    else:
        formset, when = SlotFormSet(initial=initial_rows(page)), ScheduleForm()
    return render(
        request,
        "admin/fronts/arrange.html",
        arrange_context(model_admin, request, page, section, formset, when),
    )


def arrange_context(model_admin, request, page, section, formset, when) -> dict:
    term = request.POST.get("find", "") if request.method == "POST" else ""

    def position(pair):
        index, form = pair
        return rank(form["position"].value(), 1000 + index)

    rows = [form for _, form in sorted(enumerate(formset.forms), key=position)]
    for shown, form in enumerate(rows):
        form.rank = shown  # the order shown; posted back in the position field
    name = section.name if section else "Home page"
    upcoming = Arrangement.objects.filter(front__page=page, goes_live_at__gt=timezone.now())
    return {
        **model_admin.admin_site.each_context(request),
        "title": f"Arrange the front: {name}",
        "opts": Front._meta,
        "front_name": name,
        "formset": formset,
        "rows": rows,
        "when": when,
        "upcoming": upcoming.order_by("goes_live_at"),
        "choices": Teaser.objects.visible().values_list("article_id", "data__headline")[
            :CHOICES_SHOWN
        ],
        "find": term,
        "found": find_articles(term) if term.strip() else None,
        "public_url": section.get_absolute_url() if section else reverse("articles:home"),
    }
