"""Live blogs, the newsroom's side: who may post, edit, delete and close; what each change
records in the log and purges from the caches."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from articles import live, surrogate_keys
from articles.models import LiveEntry, Status
from audit.models import AuditEntry
from tests import factories
from tests.media_assets.test_admin import EMPTY_FORM

pytestmark = pytest.mark.django_db


@pytest.fixture
def blog(reporter):
    """A published live blog carrying the reporter's byline."""
    return factories.make_live_blog(bylines=[factories.make_author("Rep", user=reporter)])


def test_a_reporter_on_the_story_posts_an_entry_with_its_time_and_author(blog, reporter):
    entry = factories.post_entry(blog, reporter, "Talks begin.")
    assert entry.author == reporter
    assert entry.posted_at is not None
    assert LiveEntry.objects.get().body == "<p>Talks begin.</p>"


def test_a_reporter_not_on_the_story_cannot_post(blog, other_reporter):
    with pytest.raises(PermissionDenied):
        factories.post_entry(blog, other_reporter)
    assert not LiveEntry.objects.exists()


def test_a_reader_cannot_post(blog, reader):
    with pytest.raises(PermissionDenied):
        factories.post_entry(blog, reader)


def test_an_editor_posts_to_any_live_blog(blog, editor):
    factories.post_entry(blog, editor)
    assert LiveEntry.objects.count() == 1


def test_an_article_that_is_not_live_takes_no_entries(editor):
    article = factories.make_article(status=Status.PUBLISHED)
    with pytest.raises(PermissionDenied):
        factories.post_entry(article, editor)


def test_an_entry_is_sanitised_with_the_bodys_allow_list(blog, editor):
    entry = live.post(
        blog, editor, live.Entry(body='<p onclick="x()">Hi<script>bad()</script></p>')
    )
    assert entry.body == "<p>Hi</p>"


def test_an_entry_without_text_is_refused(blog, editor):
    with pytest.raises(ValidationError):
        live.post(blog, editor, live.Entry(body="<p> </p><script>x</script>"))
    assert not LiveEntry.objects.exists()


def test_an_entrys_photo_needs_a_credit_and_alt_text(blog, editor):
    photo = factories.make_photo(alt_text="", credit_line="")
    with pytest.raises(ValidationError, match="lacks a credit and alt text"):
        live.post(blog, editor, live.Entry(body="<p>A picture.</p>", photo=photo))
    assert not LiveEntry.objects.exists()


def test_an_entrys_embed_must_be_from_an_accepted_provider(blog, editor):
    with pytest.raises(ValidationError, match="accepted providers"):
        live.post(blog, editor, live.Entry(body="<p>x</p>", embed_url="https://evil.example/v"))
    entry = live.post(
        blog, editor, live.Entry(body="<p>x</p>", embed_url="https://youtu.be/dQw4w9WgXcQ")
    )
    assert entry.embed_url == "https://youtu.be/dQw4w9WgXcQ"


def test_a_credited_photo_is_kept_with_what_readers_see_of_it(blog, editor):
    photo = factories.make_photo(credit_line="EPA-EFE/KOCA")
    entry = live.post(blog, editor, live.Entry(body="<p>A picture.</p>", photo=photo))
    assert entry.photo_data["credit"] == photo.credit
    assert entry.photo_data["alt"] == photo.alt_text


def test_editing_an_entry_marks_it_updated_and_is_logged(blog, reporter):
    entry = factories.post_entry(blog, reporter, "Talks begni.")
    assert entry.edited_at is None
    live.edit(entry, reporter, live.Entry(body="<p>Talks begin.</p>"))
    entry.refresh_from_db()
    assert entry.edited_at is not None and entry.body == "<p>Talks begin.</p>"
    assert AuditEntry.objects.filter(action=live.LiveAction.EDITED).count() == 1


def test_a_reporter_not_on_the_story_cannot_edit_an_entry(blog, reporter, other_reporter):
    entry = factories.post_entry(blog, reporter)
    with pytest.raises(PermissionDenied):
        live.edit(entry, other_reporter, live.Entry(body="<p>Mine now.</p>"))


def test_only_editors_delete_entries(blog, reporter):
    entry = factories.post_entry(blog, reporter)
    with pytest.raises(PermissionDenied):
        live.delete(entry, reporter)
    assert LiveEntry.objects.filter(pk=entry.pk).exists()


def test_an_editors_deletion_is_recorded_in_the_log(blog, reporter, editor):
    entry = factories.post_entry(blog, reporter, "A mistaken report.")
    live.delete(entry, editor)
    assert not LiveEntry.objects.exists()
    logged = AuditEntry.objects.get(action=live.LiveAction.DELETED)
    assert logged.actor == editor
    assert logged.data["text"] == "A mistaken report."


def test_posting_is_recorded_in_the_log(blog, reporter):
    entry = factories.post_entry(blog, reporter)
    logged = AuditEntry.objects.get(action=live.LiveAction.POSTED)
    assert logged.actor == reporter and logged.data["entry"] == entry.pk


def test_closing_sets_the_coverage_end_and_stops_posting(blog, reporter, editor):
    live.close(blog, editor)
    blog.refresh_from_db()
    assert blog.live_closed_at is not None
    with pytest.raises(PermissionDenied):
        factories.post_entry(blog, editor)
    with pytest.raises(PermissionDenied):
        live.close(blog, editor)  # once


def test_a_reporter_cannot_close_a_live_blog(blog, reporter):
    with pytest.raises(PermissionDenied):
        live.close(blog, reporter)
    blog.refresh_from_db()
    assert blog.live_closed_at is None


@pytest.mark.parametrize(
    "change",
    [
        lambda blog, user: factories.post_entry(blog, user),
        lambda blog, user: live.edit(
            factories.post_entry(blog, user), user, live.Entry(body="<p>Edited.</p>")
        ),
        lambda blog, user: live.delete(factories.post_entry(blog, user), user),
        lambda blog, user: live.close(blog, user),
    ],
    ids=["post", "edit", "delete", "close"],
)
def test_every_change_to_a_published_blog_purges_its_page_fragment_and_feeds(
    blog, editor, purged, django_capture_on_commit_callbacks, change
):
    with django_capture_on_commit_callbacks(execute=True):
        change(blog, editor)
    assert purged and all(surrogate_keys.article(blog.pk) in keys for keys in purged)


def test_a_drafts_entries_purge_nothing(editor, purged, django_capture_on_commit_callbacks):
    draft = factories.make_live_blog(status=Status.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        factories.post_entry(draft, editor)
    assert purged == []


def test_a_new_credit_reaches_the_entries_showing_the_photo(blog, editor, purged, photodesk):
    photo = factories.make_photo(credit_line="OLD CREDIT")
    entry = live.post(blog, editor, live.Entry(body="<p>A picture.</p>", photo=photo))
    photo.credit_line = "NEW CREDIT"
    photo.save()
    assert "OLD CREDIT" in entry.rendered_html
    assert live.refresh_for_photo(photo) == [blog.pk]
    entry.refresh_from_db()
    assert "NEW CREDIT" in entry.photo_data["credit"]
    assert "NEW CREDIT" in entry.rendered_html and "OLD CREDIT" not in entry.rendered_html


def test_the_photo_desks_credit_correction_reaches_the_entries(client, blog, editor, photodesk):
    photo = factories.make_photo(credit_line="OLD CREDIT", caption="Before")
    entry = live.post(blog, editor, live.Entry(body="<p>A picture.</p>", photo=photo))
    client.force_login(photodesk)
    form = {**EMPTY_FORM, "caption": "After", "credit_line": "NEW CREDIT", "alt_text": "Alt"}
    form.update(focal_x="0.5", focal_y="0.5")
    response = client.post(f"/admin/media_assets/photo/{photo.pk}/change/", form)
    assert response.status_code == 302
    entry.refresh_from_db()
    assert "NEW CREDIT" in entry.photo_data["credit"]
    assert entry.photo_data["caption"] == "After"
    assert "NEW CREDIT" in entry.rendered_html and "After" in entry.rendered_html


def test_the_worker_rewrites_an_entrys_photo_once_its_renditions_are_made(
    blog, editor, task_queue, run_worker
):
    photo = factories.make_photo()
    entry = live.post(blog, editor, live.Entry(body="<p>A picture.</p>", photo=photo))
    assert entry.photo_data["pending"]
    html = entry.rendered_html
    run_worker()
    entry.refresh_from_db()
    assert not entry.photo_data["pending"]
    assert entry.rendered_html != html  # the renditions' addresses


def test_an_entry_keeps_what_readers_see_rendered_from_the_sanitised_body(blog, editor):
    entry = live.post(
        blog,
        editor,
        live.Entry(
            body='<p onclick="x()">Fish &amp; chips<script>bad()</script></p>',
            embed_url="https://youtu.be/dQw4w9WgXcQ",
        ),
    )
    assert entry.rendered_html.startswith("<p>Fish &amp; chips</p>")
    assert "onclick" not in entry.rendered_html and "bad()" not in entry.rendered_html
    assert 'class="embed embed-youtube' in entry.rendered_html
    assert entry.plain_text == "Fish & chips"
    live.edit(entry, editor, live.Entry(body="<p>Fish and chips.</p>"))
    entry.refresh_from_db()
    assert entry.rendered_html == "<p>Fish and chips.</p>" and entry.plain_text == "Fish and chips."


def test_every_entry_can_be_rendered_again(blog, editor):
    entries = [factories.post_entry(blog, editor, f"Entry {n}.") for n in range(3)]
    LiveEntry.objects.update(rendered_html="", plain_text="")
    assert live.rerender_all(batch=2) == 3
    for entry in entries:
        entry.refresh_from_db()
        assert entry.rendered_html == f"<p>{entry.plain_text}</p>" and entry.plain_text


def test_an_editor_reopens_a_closed_blog_and_it_is_logged(
    blog, reporter, editor, purged, django_capture_on_commit_callbacks
):
    live.close(blog, editor)
    with pytest.raises(PermissionDenied):
        live.reopen(blog, reporter)
    with django_capture_on_commit_callbacks(execute=True):
        live.reopen(blog, editor)
    blog.refresh_from_db()
    assert blog.live_closed_at is None
    assert AuditEntry.objects.get(action=live.LiveAction.REOPENED).actor == editor
    assert purged and surrogate_keys.article(blog.pk) in purged[-1]
    factories.post_entry(blog, reporter)  # posting again
    with pytest.raises(PermissionDenied):
        live.reopen(blog, editor)  # only a closed blog
