"""The one save path: every consequence of saving an article's content, each by its own test.

Each test below fails if editing.save_content(), add_note() or restore() stops making the call it
names: the revision, the version check, the old address, the audit entries, and telling readers'
pages that the article changed.
"""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from articles import editing, workflow
from articles.models import Article, Correction, PreviousSlug, Revision, Status
from audit.models import AuditEntry
from tests.articles.site_fixtures import publish
from tests.articles.test_admin import change_url, form_data
from tests.factories import make_article, make_author, make_section, save_revision

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def admin_edit(article, **overrides):
    """The change form as a browser posts it: every field, and the version it was opened at."""
    data = form_data(section=article.section, author=make_author(), **overrides)
    notes = {"corrections-TOTAL_FORMS": "0", "corrections-INITIAL_FORMS": "0"}
    return {**data, **notes, "bylines-TOTAL_FORMS": "0", "base_version": article.version}


# --- the version check ----------------------------------------------------------------------


def test_a_save_without_the_version_it_was_opened_at_is_refused(client, editor):
    article = make_article(headline="As it stands")
    save_revision(article, editor)
    client.force_login(editor)
    data = admin_edit(article, headline="Overwritten blind")
    del data["base_version"]

    response = client.post(change_url(article), data)

    assert response.status_code == 200  # the form again, with the reason
    assert "did not say which version" in response.text
    assert "Overwritten blind" in response.text  # the editor's text is kept in the form
    article.refresh_from_db()
    assert (article.headline, article.version) == ("As it stands", 1)
    assert Revision.objects.count() == 1


def test_a_save_without_a_version_passes_once_the_form_has_told_the_editor(client, editor):
    article = make_article(headline="As it stands")
    save_revision(article, editor)
    client.force_login(editor)
    data = admin_edit(article, headline="Now knowingly")
    del data["base_version"]
    form = client.post(change_url(article), data).context["adminform"].form

    again = {**data, "base_version": form["base_version"].value()}

    assert client.post(change_url(article), again).status_code == 302
    assert Article.objects.get().headline == "Now knowingly"


@pytest.mark.parametrize("expected", [None, 0, 2])
def test_save_content_refuses_any_version_but_the_stored_one(editor, expected):
    article = make_article(headline="Stored")
    save_revision(article, editor)  # version 1
    article.headline = "Changed"

    with pytest.raises(editing.StaleVersion):
        editing.save_content(
            article, user=editor, source=Revision.Source.ADMIN, expected_version=expected
        )

    assert Article.objects.get().headline == "Stored"
    assert Revision.objects.count() == 1


def test_a_restore_from_a_page_opened_before_another_save_restores_nothing(client, editor):
    article = make_article(headline="First")
    save_revision(article, editor)
    opened_at = article.version
    article.headline = "Second"
    save_revision(article, editor)
    client.force_login(editor)

    url = reverse("admin:articles_article_restore", args=[article.pk, 1])
    response = client.post(url, {"base_version": opened_at}, follow=True)

    assert "nothing was restored" in response.text
    assert Article.objects.get().headline == "Second"
    assert Revision.objects.count() == 2


# --- the revision -----------------------------------------------------------------------------


def test_each_save_keeps_a_revision_under_the_next_version(client, editor):
    article = make_article(headline="Before")
    client.force_login(editor)

    client.post(change_url(article), admin_edit(article, headline="After"))

    article.refresh_from_db()
    revision = article.revisions.get()
    assert (article.version, revision.number) == (1, 1)
    assert revision.content["headline"] == "After"
    assert revision.created_by == editor


# --- the old address --------------------------------------------------------------------------


def test_a_published_articles_old_slug_keeps_answering(editor):
    article = publish(make_article(slug="old-words"))
    article.slug = "new-words"

    save_revision(article, editor)

    assert PreviousSlug.objects.get().slug == "old-words"


def test_a_drafts_old_slug_is_not_kept(editor):
    article = make_article(slug="old-words")
    article.slug = "new-words"
    save_revision(article, editor)
    assert not PreviousSlug.objects.exists()


# --- the audit log --------------------------------------------------------------------------


def test_an_embargo_set_in_a_save_is_audited_with_its_times(editor):
    article = make_article()
    until = timezone.now() + timedelta(days=1)
    article.embargo_until = until

    save_revision(article, editor)

    entry = AuditEntry.objects.get(action="set_embargo")
    assert entry.data == {"before": None, "after": until.isoformat()}
    assert entry.actor == editor


def test_an_embargo_removed_in_a_save_is_audited_as_lifted(editor):
    article = make_article(embargo_until=timezone.now() + timedelta(days=1))
    article.embargo_until = None

    save_revision(article, editor)

    assert AuditEntry.objects.get().action == "lift_embargo"


def test_a_save_that_leaves_the_embargo_alone_writes_no_entry(editor):
    article = make_article(embargo_until=timezone.now() + timedelta(days=1))
    article.headline = "Only the words"
    save_revision(article, editor)
    assert not AuditEntry.objects.exists()


def test_a_restore_is_audited_with_its_revision(editor):
    article = make_article(headline="First")
    save_revision(article, editor)
    article.headline = "Second"
    save_revision(article, editor)

    editing.restore(article, article.revisions.get(number=1), user=editor, expected_version=2)

    entry = AuditEntry.objects.get(action="restore")
    assert (entry.detail, entry.data) == ("Restored revision #1", {"revision": 3})
    assert Article.objects.get().headline == "First"


def test_a_note_to_readers_is_audited_and_moves_the_updated_time(editor):
    article = publish(make_article())
    note = Correction(article=article, kind=Correction.Kind.CORRECTION, text="The mayor is Ann.")

    editing.add_note(note, user=editor)

    assert AuditEntry.objects.get(action="correction").actor == editor
    assert Article.objects.get().revised_at == note.published_at


# --- readers' pages -------------------------------------------------------------------------


@pytest.mark.usefixtures("page_cache_on")
def test_an_edit_to_a_published_article_reaches_its_cached_page(
    client, editor, django_capture_on_commit_callbacks
):
    article = publish(make_article(headline="Frist draft", section=make_section("World")))
    url = article.get_absolute_url()
    assert "Frist draft" in client.get(url).text  # now in the page cache
    client.force_login(editor)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            change_url(article), admin_edit(article, headline="First draft", slug=article.slug)
        )

    client.logout()
    assert "<h1>First draft</h1>" in client.get(url).text


@pytest.mark.usefixtures("page_cache_on")
def test_a_note_reaches_the_cached_page(client, editor, django_capture_on_commit_callbacks):
    article = publish(make_article())
    url = article.get_absolute_url()
    client.get(url)
    note = Correction(article=article, kind=Correction.Kind.CORRECTION, text="Ann, not Anne.")

    with django_capture_on_commit_callbacks(execute=True):
        editing.add_note(note, user=editor)

    assert "Ann, not Anne." in client.get(url).text


@pytest.mark.usefixtures("page_cache_on")
def test_a_restore_reaches_the_cached_page(client, editor, django_capture_on_commit_callbacks):
    article = publish(make_article(headline="The original words"))
    save_revision(article, editor)
    article.headline = "Words to take back"
    save_revision(article, editor)
    url = article.get_absolute_url()
    assert "Words to take back" in client.get(url).text

    with django_capture_on_commit_callbacks(execute=True):
        editing.restore(article, article.revisions.get(number=1), user=editor, expected_version=2)

    assert "The original words" in client.get(url).text


@pytest.mark.usefixtures("page_cache_on")
def test_a_drafts_save_leaves_the_cached_pages_alone(editor, django_capture_on_commit_callbacks):
    article = make_article()
    with django_capture_on_commit_callbacks() as callbacks:
        save_revision(article, editor)
    assert callbacks == []


def test_a_content_save_never_moves_the_workflow_on_or_back(editor):
    article = make_article(status=Status.EDIT)
    stale = Article.objects.get(pk=article.pk)  # read before an editor publishes it
    publish(article)
    stale.headline = "Saved from the copy read before publication"

    save_revision(stale, editor)

    stored = Article.objects.get()
    assert (stored.status, stored.published_at) == (Status.PUBLISHED, article.published_at)
    assert stored.headline == "Saved from the copy read before publication"


# --- writes beside the admin's form move the version on too ----------------------------------


def test_a_form_opened_before_an_embargo_was_lifted_is_stale(client, editor):
    article = publish(make_article(embargo_until=timezone.now() + timedelta(days=1)))
    opened = admin_edit(article, headline="A fix", slug=article.slug)  # its version as opened
    workflow.lift_embargo(article, editor)
    client.force_login(editor)

    response = client.post(change_url(article), opened)

    assert response.status_code == 200  # refused: the embargo is not silently put back
    stored = Article.objects.get()
    assert stored.embargo_until is None and stored.headline != "A fix"


def test_the_history_shows_the_whole_log_only_to_those_who_may_read_it(client, editor, reporter):
    article = make_article(created_by=reporter)
    article.embargo_until = timezone.now() + timedelta(days=1)
    save_revision(article, editor)  # an embargo entry: not a workflow step
    workflow.perform(article, "submit", reporter)

    everything = {"Submitted", "Embargo set or changed"}
    for user, expected in [(editor, everything), (reporter, {"Submitted"})]:
        client.force_login(user)
        lines = client.get(change_url(article)).context["history"]
        assert {line["what"] for line in lines} == expected
