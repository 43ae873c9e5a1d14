"""Revisions: every save is kept, any two can be compared, and restore never rewrites history."""

import pytest
from django.urls import reverse

from articles import editing, revisions
from articles.models import Revision, Status
from audit.models import AuditEntry
from tests.articles.test_admin import change_url, form_data
from tests.factories import make_article, make_author, make_section, save_revision


@pytest.fixture
def story(editor):
    """A published article with two saved revisions: #1 as written, #2 after an edit."""
    article = make_article(
        status=Status.PUBLISHED,
        headline="Storm closes the coast road",
        body="<p>The road was shut at noon by the police.</p>",
        bylines=[make_author("Helen Marsh")],
        tags=["weather"],
    )
    save_revision(article, editor)
    article.headline = "Storm closes the coast road for two days"
    article.body = "<p>The road was shut at dawn by the council.</p>"
    article.save()
    article.tags.add("roads")
    save_revision(article, editor)
    return article


def test_every_admin_save_keeps_a_revision_with_bylines_and_tags(client, editor):
    section, author = make_section("World"), make_author("Helen Marsh")
    client.force_login(editor)

    client.post(reverse("admin:articles_article_add"), form_data(section=section, author=author))

    revision = Revision.objects.get()
    assert (revision.number, revision.created_by, revision.source) == (1, editor, "admin")
    assert revision.article.version == 1
    content = revision.content
    assert content["headline"] == "Storm closes the coast road"
    assert content["bylines"] == [
        {"author": author.pk, "name": "Helen Marsh", "role": "writer", "position": 0}
    ]
    assert content["tags"] == ["roads", "weather"]
    assert content["section"] == [section.pk, "World"]
    assert content["dateline_date"] == "2026-10-31"


def test_history_lists_every_revision(client, editor, story):
    client.force_login(editor)
    response = client.get(reverse("admin:articles_article_revisions", args=[story.pk]))
    assert [r.number for r in response.context["revisions"]] == [2, 1]
    assert "Storm closes the coast road for two days" in response.text


def test_compare_marks_words_removed_and_added_field_by_field(client, editor, story):
    client.force_login(editor)

    response = client.get(
        reverse("admin:articles_article_compare", args=[story.pk]), {"a": 1, "b": 2}
    )

    changes = {c.label: str(c.html) for c in response.context["changes"]}
    assert set(changes) == {"Headline", "Body", "Tags"}
    assert changes["Headline"] == "Storm closes the coast road<ins> for two days</ins>"
    assert "<del>noon</del><ins>dawn</ins>" in changes["Body"]
    assert "<del>police.</del><ins>council.</ins>" in changes["Body"]
    assert changes["Tags"] == "<ins>roads, </ins>weather"


def test_compare_escapes_what_editors_wrote():
    old = {"headline": "<b>x</b>"}
    new = {"headline": "<b>y</b>"}
    [change] = [c for c in revisions.diff(old, new) if c.label == "Headline"]
    assert "<b>" not in change.html and "&lt;b&gt;" in change.html


def test_restore_makes_a_new_revision_and_leaves_the_old_ones_alone(client, editor, story):
    client.force_login(editor)
    before = list(Revision.objects.order_by("number").values_list("number", "content"))

    url = reverse("admin:articles_article_restore", args=[story.pk, 1])
    response = client.post(url, {"base_version": story.version})

    assert response.status_code == 302
    story.refresh_from_db()
    assert story.headline == "Storm closes the coast road"
    assert story.body == "<p>The road was shut at noon by the police.</p>"
    assert list(story.tags.names()) == ["weather"]
    assert story.version == 3
    after = list(Revision.objects.order_by("number").values_list("number", "content"))
    assert after[:2] == before
    assert after[2][1] == before[0][1]
    newest = story.revisions.first()
    assert (newest.source, newest.note, newest.created_by) == ("restore", "#1", editor)
    assert AuditEntry.objects.filter(action="restore", object_id=str(story.pk)).exists()


def test_restore_asks_first(client, editor, story):
    client.force_login(editor)
    response = client.get(reverse("admin:articles_article_restore", args=[story.pk, 1]))
    assert response.status_code == 200
    assert "<del>for two days</del>" not in response.text  # the diff runs current → restored
    assert "<del> for two days</del>" in response.text
    assert Revision.objects.count() == 2


def test_a_reporter_cannot_restore_once_the_article_left_their_hands(client, reporter):
    article = make_article(status=Status.EDIT, created_by=reporter)
    save_revision(article, reporter)
    client.force_login(reporter)

    url = reverse("admin:articles_article_restore", args=[article.pk, 1])

    assert client.post(url).status_code == 403
    assert Revision.objects.count() == 1


def test_restore_keeps_the_bylines_in_order(editor):
    first, second = make_author("A Writer"), make_author("B Writer")
    article = make_article(bylines=[first, second])
    save_revision(article, editor)
    article.bylines.all().delete()

    editing.restore(article, article.revisions.get(), user=editor, expected_version=article.version)

    assert article.byline == "By A Writer and B Writer"


def test_change_page_links_to_the_history(client, editor, story):
    client.force_login(editor)
    response = client.get(change_url(story))
    assert "Revisions (2)" in response.text
