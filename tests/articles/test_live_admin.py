"""The live blog screens of the admin: each permission rule of articles.live, through them."""

import pytest

from articles import live
from articles.models import Article, LiveEntry
from audit.models import AuditEntry
from tests import factories

pytestmark = pytest.mark.django_db

ADD = "/admin/articles/liveentry/add/"


@pytest.fixture
def blog(reporter):
    return factories.make_live_blog(bylines=[factories.make_author("Rep", user=reporter)])


def form(blog, **fields):
    return {"article": blog.pk, "body": "<p>Talks begin.</p>", "embed_url": "", **fields}


def test_a_reporter_on_the_story_posts_an_entry_from_the_admin(client, reporter, blog):
    client.force_login(reporter)
    assert client.get(ADD + f"?article={blog.pk}").status_code == 200
    response = client.post(ADD, form(blog, key_event="on"))
    assert response.status_code == 302
    entry = LiveEntry.objects.get()
    assert entry.author == reporter and entry.key_event
    assert AuditEntry.objects.filter(action="live_posted").exists()


def test_a_reporter_not_on_the_story_cannot_choose_the_blog(client, other_reporter, blog):
    client.force_login(other_reporter)
    response = client.post(ADD, form(blog))
    assert response.status_code == 200  # the form again, with its error
    assert "article" in response.context["adminform"].form.errors
    assert not LiveEntry.objects.exists()


def test_an_entry_with_an_uncredited_photo_is_a_form_error(client, editor, blog):
    client.force_login(editor)
    photo = factories.make_photo(credit_line="")
    response = client.post(ADD, form(blog, photo=photo.pk))
    assert response.status_code == 200
    assert "lacks a credit" in response.content.decode()
    assert not LiveEntry.objects.exists()


def test_an_edit_from_the_admin_marks_the_entry_updated(client, reporter, blog):
    entry = factories.post_entry(blog, reporter)
    client.force_login(reporter)
    url = f"/admin/articles/liveentry/{entry.pk}/change/"
    response = client.post(url, {"body": "<p>Corrected.</p>", "embed_url": ""})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.body == "<p>Corrected.</p>" and entry.edited_at is not None


def test_a_reporter_cannot_delete_an_entry(client, reporter, blog):
    entry = factories.post_entry(blog, reporter)
    client.force_login(reporter)
    url = f"/admin/articles/liveentry/{entry.pk}/delete/"
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert LiveEntry.objects.filter(pk=entry.pk).exists()


def test_an_editor_deletes_an_entry_and_the_log_keeps_it(client, editor, reporter, blog):
    entry = factories.post_entry(blog, reporter, "Wrong.")
    client.force_login(editor)
    url = f"/admin/articles/liveentry/{entry.pk}/delete/"
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not LiveEntry.objects.exists()
    assert AuditEntry.objects.get(action="live_deleted").data["text"] == "Wrong."


def test_a_reporter_sees_only_the_entries_of_their_own_blogs(client, reporter, editor, blog):
    other = factories.make_live_blog()
    factories.post_entry(blog, editor, "On my story.")
    factories.post_entry(other, editor, "On another story.")
    client.force_login(reporter)
    html = client.get("/admin/articles/liveentry/").content.decode()
    assert "On my story." in html and "On another story." not in html


def test_only_an_editor_closes_the_blog(client, reporter, editor, blog):
    url = f"/admin/articles/liveentry/close/{blog.pk}/"
    client.force_login(reporter)
    assert client.post(url).status_code == 403
    client.force_login(editor)
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert Article.objects.get(pk=blog.pk).live_closed_at is not None


def test_only_an_editor_reopens_a_closed_blog(client, reporter, editor, blog):
    url = f"/admin/articles/liveentry/reopen/{blog.pk}/"
    client.force_login(editor)
    assert client.get(url).status_code == 404  # open: nothing to reopen
    live.close(blog, editor)
    html = client.get(f"/admin/articles/article/{blog.pk}/change/").content.decode()
    assert url in html
    client.force_login(reporter)
    assert client.post(url).status_code == 403
    assert Article.objects.get(pk=blog.pk).live_closed_at is not None
    client.force_login(editor)
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert Article.objects.get(pk=blog.pk).live_closed_at is None
    assert AuditEntry.objects.filter(action="live_reopened", actor=editor).exists()


def test_the_article_form_links_to_the_blogs_entries(client, editor, blog):
    client.force_login(editor)
    html = client.get(f"/admin/articles/article/{blog.pk}/change/").content.decode()
    assert f"/admin/articles/liveentry/?blog={blog.pk}" in html
    assert f"/admin/articles/liveentry/close/{blog.pk}/" in html


@pytest.mark.parametrize("count", [1, 50])
def test_the_entries_list_costs_the_same_with_1_and_50_entries(
    client, editor, blog, django_assert_max_num_queries, count
):
    for n in range(count):
        factories.post_entry(blog, editor, f"Entry {n}.")
    client.force_login(editor)
    client.get("/admin/articles/liveentry/")
    with django_assert_max_num_queries(12):
        assert client.get("/admin/articles/liveentry/").status_code == 200
