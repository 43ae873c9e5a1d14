"""In a browser: a reporter writes the body in the editor (django-prose-editor), under the site's
CSP, and what is stored is exactly the allow-listed HTML."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Article
from tests.e2e.conftest import csp_violations, log_in
from tests.factories import make_article, make_photo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"

# Records what the browser blocks, whether or not it also says so in the console.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}`);
});
"""


def open_article(page, user, article, *, width=1366):
    page.set_viewport_size({"width": width, "height": 900})
    page.add_init_script(RECORD_VIOLATIONS)
    log_in(page, user.username)
    page.goto(page.base + reverse("admin:articles_article_change", args=[article.pk]))
    editor = page.get_by_role("textbox", name="Body")
    expect(editor).to_be_visible()
    return editor


def save(page):
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")


def no_violations(page) -> list[str]:
    return [*csp_violations(page), *page.evaluate("window.cspViolations")]


def serious_axe_violations(page, selector: str) -> list[str]:
    page.evaluate(AXE.read_text())
    found = page.evaluate("selector => axe.run(selector).then(r => r.violations)", selector)
    return [
        f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes']]}"
        for v in found
        if v["impact"] in ("serious", "critical")
    ]


def menu(page, name):
    return page.locator(".prose-menubar").get_by_role("button", name=name, exact=True)


def back_in(editor):
    """Wait for the editor to have the focus again and to have caught up: Tiptap gives the focus
    back on the next frame after a menu button or a dialog, and ProseMirror reads typed text and
    selection changes from the page a moment after the browser made them; keys pressed before
    then go elsewhere or act on what was before. (People do not type that fast.)"""
    expect(editor).to_be_focused()
    editor.evaluate("() => new Promise((done) => requestAnimationFrame(() => setTimeout(done)))")


def test_a_reporter_writes_a_structured_body_and_exactly_the_allowed_html_is_stored(
    site_page, reporter
):
    page = site_page
    article = make_article(created_by=reporter, body="")
    editor = open_article(page, reporter, article)
    keyboard = page.keyboard

    # Empty, the editor takes the form row's width (the old one was 26 px wide).
    row = page.locator(".form-row.field-body").bounding_box()
    box = editor.bounding_box()
    assert row["width"] - 40 <= box["width"] <= row["width"]
    assert box["height"] > 200

    editor.click()
    keyboard.type("## What happened")  # a markdown-style subhead
    keyboard.press("Enter")
    keyboard.type("Ministers met ")
    keyboard.press("Control+b")
    keyboard.type("on Tuesday")
    keyboard.press("Control+b")
    keyboard.type(" in ")
    keyboard.press("Control+i")
    keyboard.type("Brussels")
    keyboard.press("Control+i")
    keyboard.type(".")
    keyboard.press("Enter")
    keyboard.type("- Rivers")
    keyboard.press("Enter")
    keyboard.type("Forests")
    keyboard.press("Enter")
    keyboard.press("Enter")

    keyboard.type("Read the report")
    back_in(editor)  # ProseMirror reads typed text from the DOM a moment later
    for _ in "the report":
        keyboard.press("Shift+ArrowLeft")
    back_in(editor)  # and the selection a moment after the browser moved it
    keyboard.press("Control+k")
    page.get_by_label("URL").fill("example.org/report")  # made https://
    page.get_by_role("dialog").get_by_role("button", name="Update").click()
    back_in(editor)
    keyboard.press("End")
    back_in(editor)
    keyboard.type(" and the notes.")
    back_in(editor)
    keyboard.press("ArrowLeft")
    for _ in "notes":
        keyboard.press("Shift+ArrowLeft")
    back_in(editor)
    menu(page, "insert link").click()
    page.get_by_label("URL").fill("https://example.org/notes")
    page.get_by_role("dialog").get_by_role("button", name="Update").click()
    back_in(editor)
    expect(editor.locator("a")).to_have_count(2)
    editor.locator("a", has_text="notes").click()
    menu(page, "remove link").click()
    back_in(editor)
    expect(editor.locator("a")).to_have_count(1)
    keyboard.press("End")
    back_in(editor)
    keyboard.press("Enter")

    keyboard.type("We will clean the river.")
    menu(page, "Pull quote").click()
    back_in(editor)
    keyboard.press("End")
    back_in(editor)
    keyboard.press("Enter")
    keyboard.press("Enter")  # an empty paragraph leaves the quote

    keyboard.type("The deal")
    menu(page, "Fact box").click()
    back_in(editor)
    keyboard.press("End")
    back_in(editor)
    keyboard.press("Enter")
    keyboard.type("- Six countries")
    keyboard.press("Enter")
    keyboard.press("Enter")
    keyboard.press("Enter")

    menu(page, "Insert table").click()
    page.get_by_label("Rows").fill("2")
    page.get_by_label("Columns").fill("2")
    page.get_by_label("Include header row").select_option("Yes")
    page.get_by_role("dialog").get_by_role("button", name="Insert Table").click()
    back_in(editor)
    for text in ["Country", "Share", "Austria"]:
        keyboard.type(text)
        keyboard.press("Tab")
    keyboard.type("10%")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    save(page)
    assert Article.objects.get().body == (
        "<h2>What happened</h2>"
        "<p>Ministers met <strong>on Tuesday</strong> in <em>Brussels</em>.</p>"
        "<ul><li><p>Rivers</p></li><li><p>Forests</p></li></ul>"
        '<p>Read <a href="https://example.org/report" rel="noopener noreferrer">the report</a>'
        " and the notes.</p>"
        '<blockquote class="pull-quote"><p>We will clean the river.</p></blockquote>'
        '<aside class="fact-box"><p>The deal</p><ul><li><p>Six countries</p></li></ul></aside>'
        "<table><tbody><tr><th><p>Country</p></th><th><p>Share</p></th></tr>"
        "<tr><td><p>Austria</p></td><td><p>10%</p></td></tr></tbody></table>"
    )
    # The saved body comes back into the editor as it was written.
    expect(editor.locator("blockquote.pull-quote")).to_have_count(1)
    expect(editor.locator("aside.fact-box li")).to_have_text("Six countries")
    assert not no_violations(page)


def test_the_menu_makes_subheads_and_typing_1_dot_an_ordered_list(site_page, reporter):
    page = site_page
    article = make_article(created_by=reporter, body="")
    editor = open_article(page, reporter, article)
    editor.click()
    page.keyboard.type("Key dates")
    heading = menu(page, "heading 3")
    heading.focus()  # a button the keyboard reaches, not a drop-down
    page.keyboard.press("Enter")
    back_in(editor)
    page.keyboard.press("End")
    back_in(editor)
    page.keyboard.press("Enter")
    page.keyboard.type("1. First")
    page.keyboard.press("Enter")
    page.keyboard.type("Second")
    save(page)
    assert Article.objects.get().body == (
        "<h3>Key dates</h3><ol><li><p>First</p></li><li><p>Second</p></li></ol>"
    )
    assert not no_violations(page)


def test_a_library_photo_and_an_embed_are_stored_as_data(site_page, reporter):
    page = site_page
    make_photo(caption="Flooded street in Vienna", credit_line="EPA/Jane Roe", alt_text="Water")
    photo = make_photo(caption="The Danube at dawn", credit_line="Reuters/Ann Lee", alt_text="Bank")
    article = make_article(created_by=reporter, body="<p>Before.</p>")
    editor = open_article(page, reporter, article)
    editor.locator("p").click()
    back_in(editor)
    page.keyboard.press("End")
    back_in(editor)
    page.keyboard.press("Enter")

    menu(page, "Photo from the library").click()
    dialog = page.get_by_role("dialog", name="Photo from the library")
    dialog.get_by_label("Search the library").fill("danube")
    dialog.get_by_label("Search the library").press("Enter")  # searches, does not save
    choices = dialog.locator(".body-photo-choice")
    expect(choices).to_have_count(1)
    expect(choices).to_contain_text("© Reuters/Ann Lee")
    choices.click()
    back_in(editor)
    expect(editor.locator(".body-photo img")).to_have_attribute("alt", "Bank")
    expect(editor.locator(".body-photo")).to_contain_text("The Danube at dawn")

    menu(page, "Embed a video, post, chart or map by its address").click()
    page.get_by_role("dialog").get_by_role("textbox").fill("https://example.org/not-a-provider")
    page.get_by_role("dialog").get_by_role("button", name="Insert").click()
    expect(page.get_by_text("is not an address we can embed")).to_be_visible()
    address = page.get_by_role("dialog").get_by_role("textbox")
    expect(address).to_have_value("https://example.org/not-a-provider")  # kept to correct
    address.fill("https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    address.press("Enter")  # inserts the embed, does not save the article
    back_in(editor)
    expect(editor.locator(".body-embed")).to_contain_text("youtube")

    save(page)
    body = Article.objects.get().body
    assert body.startswith(f'<p>Before.</p><figure data-photo="{photo.pk}"></figure><figure ')
    assert 'data-embed="youtube"' in body
    assert 'data-embed-id="dQw4w9WgXcQ"' in body
    assert 'data-embed-url="https://www.youtube.com/watch?v=dQw4w9WgXcQ"' in body
    # On reopening, the photo is shown from the library again.
    expect(editor.locator(".body-photo")).to_contain_text("© Reuters/Ann Lee")
    assert not no_violations(page)


# Every block and mark of the contract (articles/html.py), as stored.
EVERY_BLOCK = (
    "<h2>Subhead</h2>"
    '<p>Plain, <strong>strong</strong>, <em>em</em>, <a href="https://example.org/"'
    ' title="Example" rel="noopener noreferrer">a link</a>, <a href="mailto:desk@example.org"'
    ' rel="noopener noreferrer">mail</a>, <a href="/world/" rel="noopener noreferrer">a page of'
    ' ours</a>, <q cite="https://example.org/">said</q>,'
    " <cite>The Book</cite>, H<sub>2</sub>O, x<sup>2</sup><br>and a break.</p>"
    "<h3>Third</h3><h4>Fourth</h4>"
    "<ul><li><p>bullet</p></li></ul><ol><li><p>first</p></li></ol>"
    "<blockquote><p>A quote.</p></blockquote>"
    '<blockquote class="pull-quote"><p>A pull quote.</p></blockquote>'
    '<aside class="fact-box"><h3>Facts</h3><p>Fact.</p><ul><li><p>one</p></li></ul></aside>'
    '<figure data-photo="PHOTO"></figure>'
    '<figure data-embed="vimeo" data-embed-id="76979871" data-embed-url="https://vimeo.com/76979871">'
    "</figure>"
    "<table><tbody><tr><th><p>Year</p></th><th><p>Share</p></th></tr>"
    "<tr><td><p>2025</p></td><td><p>10%</p></td></tr></tbody></table>"
)


def test_every_block_of_the_body_comes_back_from_the_editor_as_it_was_stored(site_page, reporter):
    page = site_page
    photo = make_photo()
    article = make_article(created_by=reporter, body=EVERY_BLOCK.replace("PHOTO", str(photo.pk)))
    stored = Article.objects.get().body
    editor = open_article(page, reporter, article)
    expect(editor.locator(".body-photo img")).to_be_visible()
    assert serious_axe_violations(page, ".field-body") == []
    editor.locator("p").first.click()
    back_in(editor)
    page.keyboard.type("x")  # a change, so the form posts what the editor makes of the body
    page.keyboard.press("Backspace")
    save(page)
    assert Article.objects.get().body == stored
    assert not no_violations(page)


# Word, Google Docs (its whole paste wrapped in a <b> that is not bold) and web pages.
MESSY_HTML = "\n".join(
    [
        '<meta charset="utf-8">',
        '<b style="font-weight:normal;" id="docs-internal-guid-1a2b3c4d-7fff-1234">',
        '<h1 class="MsoTitle" style="mso-line-height-rule:exactly">',
        '<span lang="EN-GB">Flood report<o:p></o:p></span></h1>',
        '<p class="MsoNormal" style="margin:0cm;mso-pagination:widow-orphan">',
        '<span style="font-size:11pt;font-family:Calibri">The river',
        'rose <b><span style="color:red">two metres</span></b> overnight.',
        "<o:p></o:p></span></p>",
        '<p dir="ltr" style="line-height:1.38">',
        '<span style="font-size:11pt;font-weight:700">Docs bold</span>',
        '<span style="font-size:11pt">',
        ' and <a href="https://example.org/flood" style="text-decoration:none" target="_blank"',
        ' class="x">a link</a></span></p>',
        '<ul style="margin-top:0"><li style="list-style-type:disc" dir="ltr">',
        '<p dir="ltr"><span>One</span></p></li><li><span>Two</span></li></ul>',
        "<script>window.pasted = true</script>",
        '<p><font face="Arial" color="red">Old font</font>',
        '<img src="x" onerror="window.pasted = true"></p>',
        '<p><a href="javascript:alert(1)">bad link</a>',
        ' <span class="Apple-converted-space">text</span></p>',
        '<div class="mw-parser-output"><h3 id="Web">From the web</h3>',
        "<div><p>Web paragraph</p></div></div>",
        "</b>",
    ]
)


def test_messy_html_pasted_from_word_google_docs_and_the_web_comes_out_clean(site_page, reporter):
    page = site_page
    article = make_article(created_by=reporter, body="")
    editor = open_article(page, reporter, article)
    editor.click()
    editor.evaluate(
        """(target, html) => {
            const data = new DataTransfer();
            data.setData("text/html", html);
            data.setData("text/plain", "plain text fallback");
            const paste = { clipboardData: data, bubbles: true, cancelable: true };
            target.dispatchEvent(new ClipboardEvent("paste", paste));
        }""",
        MESSY_HTML,
    )
    expect(editor).to_contain_text("Web paragraph")
    save(page)
    body = Article.objects.get().body
    assert body == (
        "<h2>Flood report</h2>"  # Word's title, a level the body does not use, as a subhead
        "<p>The river rose <strong>two metres</strong> overnight.</p>"
        '<p><strong>Docs bold</strong> and <a href="https://example.org/flood"'
        ' rel="noopener noreferrer">a link</a></p>'
        "<ul><li><p>One</p></li><li><p>Two</p></li></ul>"
        "<p>Old font</p>"
        "<p>bad link text</p>"
        "<h3>From the web</h3>"
        "<p>Web paragraph</p>"
    )
    assert not page.evaluate("window.pasted === true")
    assert not no_violations(page)


def test_the_editor_fits_a_phone_screen(site_page, reporter):
    page = site_page
    photo = make_photo(caption="A caption long enough to wrap on a phone " * 2)
    wide_row = "".join(f"<td><p>Column{n}WithAVeryLongName</p></td>" for n in range(6))
    body = (
        "<p>" + "Long words " * 80 + "</p>"
        f'<figure data-photo="{photo.pk}"></figure>'
        '<figure data-embed="datawrapper" data-embed-id="dZ9FV"'
        ' data-embed-url="https://datawrapper.dwcdn.net/dZ9FV/1/?a-long-query-string-without-spaces'
        '-that-goes-on-and-on-and-on"></figure>'
        f"<table><tbody><tr>{wide_row}</tr></tbody></table>"
    )
    article = make_article(created_by=reporter, body=body)
    editor = open_article(page, reporter, article, width=390)
    expect(editor.locator(".body-photo img")).to_be_visible()
    box = editor.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    menubar = page.locator(".prose-menubar").bounding_box()
    assert menubar["x"] + menubar["width"] <= 390
    assert not no_violations(page)
