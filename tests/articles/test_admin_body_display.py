"""Those who may not write an article's text read its body as readers will: rendered, cleaned
HTML, not markup."""

import pytest
from django.test import Client

from articles.models import Article, Status
from tests.articles.test_admin import change_url
from tests.factories import make_article, make_photo

STORED = '<p>The <b>road</b> shut <a href="https://example.org/">at noon</a>.</p>'


def page_for(user, article):
    client = Client()
    client.force_login(user)
    return client.get(change_url(article)).text


@pytest.mark.parametrize("who", ["reporter", "photodesk"])
def test_a_reader_of_the_form_sees_the_body_rendered_not_as_markup(request, reporter, who):
    article = make_article(created_by=reporter, status=Status.EDIT)
    # As if written by a path that did not clean it: the display cleans it again.
    hostile = STORED + '<script>alert(1)</script><p onclick="steal()">Tail.</p>'
    Article.objects.filter(pk=article.pk).update(body=hostile)

    page = page_for(request.getfixturevalue(who), article)

    shown = STORED.replace('">at noon', '" rel="noopener noreferrer">at noon') + "<p>Tail.</p>"
    assert f'<div class="body-display">{shown}</div>' in page
    assert "&lt;p&gt;" not in page
    assert "alert(1)" not in page and "steal()" not in page
    assert 'name="body"' not in page


def test_whoever_may_write_the_text_still_edits_the_markup(editor, reporter):
    article = make_article(created_by=reporter, status=Status.EDIT, body=STORED)

    page = page_for(editor, article)

    assert 'name="body"' in page
    assert "body-display" not in page


def test_the_read_only_body_shows_an_inline_photo_with_its_credit(photodesk, reporter):
    photo = make_photo(credit_line="Jane Doe/Agency", alt_text="A flooded road")
    body = f'<p>Before.</p><figure data-photo="{photo.pk}"></figure>'
    article = make_article(created_by=reporter, status=Status.EDIT, body=body)

    page = page_for(photodesk, article)

    assert 'alt="A flooded road"' in page and "Jane Doe/Agency" in page
    assert "data-photo" not in page
