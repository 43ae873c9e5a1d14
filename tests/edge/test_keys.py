"""Each change purges exactly the surrogate keys of what it touched (not the whole site)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles import editing, workflow
from articles.models import Article, Correction, Revision, Status
from tests import factories
from tests.articles.test_tag_admin import inline

pytestmark = pytest.mark.django_db

EVERY_ARTICLE_LIST = {"home", "feeds", "ninjs", "corrections"}


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def story(db):
    author = factories.make_author("Ana Lima")
    return factories.make_article(
        status=Status.PUBLISHED,
        section=factories.make_section("World"),
        bylines=[author],
        tags=["Floods", "Rain"],
    )


def keys_of(article, *tags, authors=None):
    article = Article.objects.get(pk=article.pk)
    tag_keys = {f"t{Tag.objects.get(name=name).pk}" for name in tags}
    authors = authors if authors is not None else [b.author for b in article.bylines.all()]
    return {f"a{article.pk}", f"s{article.section_id}", *tag_keys, *(f"au{a.pk}" for a in authors)}


def save(article, user, write_related=None):
    editing.save_content(
        article,
        user=user,
        source=Revision.Source.ADMIN,
        expected_version=Article.objects.get(pk=article.pk).version,
        write_related=write_related,
    )


def test_an_edit_purges_the_article_and_the_lists_it_left_and_joined(
    story, editor, purged, on_commit
):
    before = keys_of(story, "Floods", "Rain")
    sport = factories.make_section("Sport")
    story.headline, story.section = "Moved", sport
    story.tags.add("Storms")  # written beside the save, as the admin's form does

    with on_commit():
        save(story, editor, lambda article: article.tags.remove("Rain"))

    after = keys_of(story, "Floods", "Storms")
    assert purged == [before | after | {"sitemaps", "search"}]
    assert not purged[0] & EVERY_ARTICLE_LIST  # it was on them and still is, in its place


def test_a_note_to_readers_purges_the_article_and_the_corrections(story, editor, purged, on_commit):
    note = Correction(article=story, kind=Correction.Kind.CORRECTION, text="The date was wrong.")
    with on_commit():
        editing.add_note(note, user=editor)

    assert purged == [keys_of(story, "Floods", "Rain") | {"corrections", "sitemaps", "search"}]


def test_unpublishing_purges_every_list_it_was_on(story, editor, purged, on_commit):
    keys = keys_of(story, "Floods", "Rain")
    with on_commit():
        workflow.perform(story, "unpublish", editor, note="Legal")

    assert purged == [keys | EVERY_ARTICLE_LIST | {"sitemaps", "search"}]


def test_lifting_an_embargo_purges_the_lists_it_joins(editor, purged, on_commit):
    until = timezone.now() + timedelta(days=1)
    article = factories.make_article(status=Status.PUBLISHED, embargo_until=until)
    with on_commit():
        workflow.lift_embargo(article, editor)

    [keys] = purged
    assert EVERY_ARTICLE_LIST | {f"a{article.pk}", f"s{article.section_id}"} <= keys


def test_renaming_a_tag_purges_its_pages_and_its_articles(story, client, editor, purged, on_commit):
    tag = Tag.objects.get(name="Floods")
    client.force_login(editor)
    with on_commit():
        response = client.post(
            reverse("admin:taggit_tag_change", args=[tag.pk]),
            {"name": "Flooding", "slug": "flooding", **inline(tag.pk)},
        )

    assert response.status_code == 302
    assert purged == [keys_of(story, "Flooding", "Rain") | {"sitemaps", "search"}]


def test_renaming_an_author_purges_their_pages_and_their_articles(
    story, client, editor, purged, on_commit
):
    author = story.bylines.get().author
    client.force_login(editor)
    with on_commit():
        response = client.post(
            reverse("admin:articles_author_change", args=[author.pk]),
            {"name": "Ana Lima Souza", "slug": author.slug, "kind": author.kind, "user": ""},
        )

    assert response.status_code == 302, response.context and response.context["errors"]
    assert purged == [keys_of(story, "Floods", "Rain") | {"sitemaps", "search"}]


def test_nothing_is_purged_when_the_change_rolls_back(story, editor, purged, on_commit):
    story.headline = "Never saved"
    with pytest.raises(editing.StaleVersion), on_commit():
        editing.save_content(
            story, user=editor, source=Revision.Source.ADMIN, expected_version=story.version - 1
        )
    assert purged == []
