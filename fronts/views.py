"""The front pages: the home page and the section fronts, curated slots first.

They live here rather than in articles (which knows nothing of fronts); newsroom/urls.py puts
them in the public `articles` namespace, so `articles:home` and `articles:section` still name
them. Page 2 onwards, and a front nobody arranged, are the automatic list exactly as before.
"""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from articles import surrogate_keys
from articles.cache import public_page, shows, shows_articles
from articles.models import Section
from articles.views import PER_PAGE, Window, list_page, listed
from fronts import read, schedule
from fronts.models import HOME, section_page


def front_page(request, page: str, automatic, template: str, context: dict, *, slots=None):
    """The front `page` (its live slots, or `slots` for a preview) over the `automatic` list."""
    shows(schedule.key(page))
    if request.GET.get("page", "1") != "1":
        return list_page(request, template, automatic, context)
    now = timezone.now()
    if slots is None:
        found = read.live(page, now)
        front = read.compose(found.slots, found.rows, automatic, now, per_page=PER_PAGE)
        # Hidden and expired slots' articles too: one coming back must purge this page.
        shows_articles(found.article_ids)
    else:  # a preview's unsaved slots
        visible = read.visible_rows({slot.article_id for slot in slots})
        front = read.compose(slots, visible, automatic, now, per_page=PER_PAGE)
    if front is None:
        return list_page(request, template, automatic, context)
    rows = front.rows()
    shows_articles(row.article_id for row in rows)
    window = Window(1, front.latest, front.more)
    # No Last-Modified: a slot expiring or its article leaving changes the page without
    # changing any row's time, so only the ETag (of the bytes) can say it is unchanged.
    return render(request, template, {**context, "front": front, "page": window})


def page_of(section: Section | None):
    """The automatic list, template and context of the home page (None) or a section front:
    the readers' pages and the editor's preview choose them here alike."""
    if section is None:
        return listed(), "articles/home.html", {}
    return listed().filter(section=section), "articles/section.html", {"section": section}


@require_safe
@public_page
def home(request):
    shows(surrogate_keys.HOME)
    return front_page(request, HOME, *page_of(None))


@require_safe
@public_page
def section(request, slug):
    section = get_object_or_404(Section, slug=slug)
    shows(surrogate_keys.section(section.pk))
    return front_page(request, section_page(section.pk), *page_of(section))
