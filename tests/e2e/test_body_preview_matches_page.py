"""In a browser: a body with a subhead, a list, a link, an inline credited photo, an embed and a
pull quote goes through the editor and Save, is stored clean, and shows the same in the preview
as on the published page."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from articles import workflow
from articles.models import Article, Status
from tests.e2e.conftest import csp_violations, log_in
from tests.factories import make_article, make_photo, save_revision

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("fresh_cache"),
]


def messy_body(photo_id: int) -> str:
    """What a paste from elsewhere leaves: styles, scripts, handlers, a list inside a paragraph."""
    return (
        '<h2 style="color:red">What the ministers agreed</h2>'
        '<p class="MsoNormal">Six countries share the cost, says '
        '<a href="https://example.org/plan" onclick="steal()">the plan</a>.</p>'
        "<p><ul><li>Dredging</li><li>Filters</li></ul></p>"
        f'<figure data-photo="{photo_id}"></figure>'
        '<figure data-embed-url="https://www.youtube.com/watch?v=dQw4w9WgXcQ"></figure>'
        '<blockquote class="pull-quote"><p>The river belongs to all of us.</p></blockquote>'
        "<script>alert(1)</script>"
    )


def test_the_preview_and_the_published_page_show_the_same_clean_body(site_page, editor):
    page = site_page
    page.set_viewport_size({"width": 1366, "height": 900})
    photo = make_photo(credit_line="Jane Doe/Agency", alt_text="Barges on the Danube")
    article = make_article(status=Status.EDIT, headline="Danube clean-up agreed")
    save_revision(article, editor)
    Article.objects.filter(pk=article.pk).update(body=messy_body(photo.pk))  # as pasted
    log_in(page, editor.username)
    page.goto(page.base + reverse("admin:articles_article_change", args=[article.pk]))
    body = page.get_by_role("textbox", name="Body")
    body.get_by_text("Six countries share the cost").click()
    page.keyboard.press("End")
    page.keyboard.type(" It starts in May.")  # the editor now writes the body it holds
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    stored = Article.objects.get(pk=article.pk).body
    for piece in (
        "<h2>What the ministers agreed</h2>",
        '<a href="https://example.org/plan" rel="noopener noreferrer">the plan</a>. It starts',
        "<ul><li><p>Dredging</p></li><li><p>Filters</p></li></ul>",
        f'<figure data-photo="{photo.pk}"></figure>',
        'data-embed="youtube" data-embed-id="dQw4w9WgXcQ"',
        '<blockquote class="pull-quote"><p>The river belongs to all of us.</p></blockquote>',
    ):
        assert piece in stored
    for junk in ("style=", "onclick", "MsoNormal", "<script", "alert(1)", "<p></p>"):
        assert junk not in stored

    page.get_by_role("button", name="Show preview").click()
    preview = page.frame_locator(".preview-frame").locator(".story-body")
    expect(preview).to_contain_text("The river belongs to all of us.")
    previewed = preview.inner_html()

    workflow.perform(Article.objects.get(pk=article.pk), "publish", editor)
    page.goto(page.base + Article.objects.get(pk=article.pk).get_absolute_url())
    published = page.locator(".story-body").inner_html()

    assert published == previewed
    for shown in ('alt="Barges on the Danube"', "Jane Doe/Agency", "Load content from YouTube"):
        assert shown in published
    assert "<iframe" not in published
    assert not csp_violations(page)
