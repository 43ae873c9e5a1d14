"""The body allow-list keeps the links a newsroom writes and drops every other scheme."""

import pytest

from articles.html import sanitize_body


@pytest.mark.parametrize(
    "href",
    [
        "https://example.org/a",
        "http://example.org/a",
        "mailto:desk@example.org",
        "tel:+41441234567",
        "tel:+1-555-0100",
    ],
)
def test_links_a_newsroom_writes_are_kept(href):
    clean = sanitize_body(f'<p><a href="{href}">Call or write</a></p>')
    assert f'href="{href}"' in clean


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:x",
        "file:///etc/passwd",
    ],
)
def test_every_other_scheme_is_dropped(href):
    clean = sanitize_body(f'<p><a href="{href}">Click</a></p>')
    assert "href" not in clean and "Click" in clean


@pytest.mark.parametrize(
    ("pasted", "kept"),
    [
        ("<p><ul><li>One</li></ul></p>", "<ul><li>One</li></ul>"),
        ("<p>Text.</p><p> </p><p><br></p><p>&nbsp;</p>", "<p>Text.</p>"),
        (
            "<p><table><tr><td>1</td></tr></table></p>",
            "<table><tbody><tr><td>1</td></tr></tbody></table>",
        ),
    ],
)
def test_a_list_or_table_inside_a_paragraph_leaves_no_empty_paragraphs(pasted, kept):
    assert sanitize_body(pasted) == kept


def test_a_table_caption_becomes_a_paragraph_before_the_table_so_no_text_is_lost():
    clean = sanitize_body(
        "<table><caption>Votes <em>by party</em></caption><tr><td>A</td></tr></table>"
    )
    assert clean == (
        "<p><strong>Votes <em>by party</em></strong></p>"
        "<table><tbody><tr><td>A</td></tr></tbody></table>"
    )


def test_a_body_of_unclosed_captions_is_cleaned_with_no_caption_left():
    clean = sanitize_body("<table><caption>x" * 20_000)
    assert "caption" not in clean
