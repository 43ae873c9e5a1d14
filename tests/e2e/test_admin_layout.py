"""The admin's busiest pages at a laptop's and a phone's width: no text runs out of its box or
over other text, the page is no wider than the window, and axe-core finds nothing serious.

The helpers are in tests/e2e/layout.py, for any page that should pass the same checks."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from articles import workflow
from articles.models import Article, Correction, Status
from desk.models import BudgetLine, PhotoRequest
from tests.e2e.conftest import log_in
from tests.e2e.layout import WIDTHS, layout_problems, serious_axe_violations
from tests.factories import make_article, make_photo, make_section, save_revision

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LONG_HEADLINE = (
    "Parliament’s extraordinarily protracted deliberations over the supplementary "
    "appropriations bill for regional infrastructure continue into a third consecutive week"
)
LONG_NOTE = (
    "Please verify every figure in paragraphs three through seven against the ministry’s tables: "
    "https://example.org/statistics/regional-infrastructure/supplementary-appropriations-2026"
)
LONG_BODY = (
    "<h2>What the committee heard on the third day of its hearings</h2>"
    + "<p>"
    + "Members questioned the minister about the cost of the coastal road programme. " * 30
    + "</p><ul><li>Supercalifragilisticexpialidociousantidisestablishmentarianism</li>"
    + "<li>A second point</li></ul>"
)


@pytest.fixture
def newsroom(editor, reporter, photodesk):
    """An article with a long headline and body whose history holds long workflow notes, and a
    photo with a long caption."""
    article = make_article(created_by=reporter, headline=LONG_HEADLINE, body=LONG_BODY)
    save_revision(article, reporter)
    workflow.perform(article, "submit", reporter)
    workflow.perform(article, "return", editor, note=LONG_NOTE)
    workflow.perform(article, "submit", reporter)
    photo = make_photo(caption=LONG_HEADLINE, alt_text=LONG_HEADLINE)
    desk_day(reporter, editor, photodesk)
    return {"article": article, "photo": photo}


def desk_day(reporter, editor, photodesk):
    """Something long in every panel of each role's dashboard."""
    returned = make_article(created_by=reporter, headline=LONG_HEADLINE + ", returned")
    workflow.perform(returned, "submit", reporter)
    workflow.perform(returned, "return", editor, note=LONG_NOTE)
    section = make_section("Regional infrastructure and supplementary appropriations")
    soon = timezone.now() + timedelta(minutes=30)
    line = BudgetLine.objects.create(
        slug="supplementary-appropriations-regional-infrastructure-third-week",
        pitch=LONG_HEADLINE,
        section=section,
        writer=reporter,
        photographer=photodesk,
        deadline=soon,
    )
    PhotoRequest.objects.create(line=line, brief=LONG_NOTE, needed_by=soon, assignee=photodesk)
    later = make_article(
        status=Status.PUBLISHED, section=section, headline=LONG_HEADLINE + ", later"
    )
    Article.objects.filter(pk=later.pk).update(published_at=soon, embargo_until=soon)
    Correction.objects.create(article=later, text=LONG_NOTE, created_by=editor)
    expiring = timezone.localdate() + timedelta(days=2)
    make_photo(caption=LONG_HEADLINE, alt_text="", credit_line="", licence_expires=expiring)


PAGES = {
    "dashboard": ("editor", lambda n: reverse("admin:index")),
    "dashboard, reporter": ("reporter", lambda n: reverse("admin:index")),
    "dashboard, photo desk": ("photodesk", lambda n: reverse("admin:index")),
    "article form": (
        "editor",
        lambda n: reverse("admin:articles_article_change", args=[n["article"].pk]),
    ),
    "article, read only": (
        "reporter",
        lambda n: reverse("admin:articles_article_change", args=[n["article"].pk]),
    ),
    "photo form": (
        "photodesk",
        lambda n: reverse("admin:media_assets_photo_change", args=[n["photo"].pk]),
    ),
    "preview, full page": (
        "editor",
        lambda n: reverse("admin:articles_article_preview", args=[n["article"].pk]),
    ),
    "article form, preview open": (
        "editor",
        lambda n: reverse("admin:articles_article_change", args=[n["article"].pk]),
    ),
}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_admin_pages_lay_out_their_text_cleanly_and_pass_axe(site_page, newsroom, name, width):
    page = site_page
    username, address = PAGES[name]
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, username)
    page.goto(page.base + address(newsroom))
    page.wait_for_load_state("load")
    drawer = False
    if name == "article form, preview open":
        page.get_by_role("button", name="Show preview").click()
        preview = page.frame_locator(".preview-frame")
        expect(preview.locator("h1")).to_have_text(LONG_HEADLINE)
        frame = page.locator(".preview-frame").element_handle().content_frame()
        assert layout_problems(frame) == []
        # Below 1200 px the preview is a drawer over the lower part of the form, hiding what
        # it covers by design; beside the form (1366) nothing of either may overlap.
        drawer = width < 1200

    if not drawer:
        assert layout_problems(page) == []
    assert serious_axe_violations(page) == []
