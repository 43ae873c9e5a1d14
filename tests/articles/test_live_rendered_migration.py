"""Migration 0021 renders the live blog entries posted before entries kept what readers see."""

import pytest

from tests.articles.test_one_log_migration import back_to_the_latest, migrate  # noqa: F401

BEFORE = [("articles", "0020_live_revisions")]
AFTER = [("articles", "0021_live_entries_rendered")]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("back_to_the_latest")
def test_existing_entries_are_rendered():
    apps = migrate(BEFORE)
    Article = apps.get_model("articles", "Article")
    LiveEntry = apps.get_model("articles", "LiveEntry")
    blog = Article.objects.create(headline="Live", slug="live", status="published", is_live=True)
    entry = LiveEntry.objects.create(
        article=blog, body="<p>Fish &amp; chips.</p>", embed_url="https://youtu.be/dQw4w9WgXcQ"
    )

    apps = migrate(AFTER)
    entry = apps.get_model("articles", "LiveEntry").objects.get(pk=entry.pk)

    assert entry.rendered_html.startswith("<p>Fish &amp; chips.</p>")
    assert 'class="embed embed-youtube' in entry.rendered_html
    assert entry.plain_text == "Fish & chips."
