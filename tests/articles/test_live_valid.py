"""The live blog page and its fragment are valid HTML (the Nu HTML checker, as in
test_pages_valid.py): the fragment is checked inside the smallest document that can hold it."""

import pytest

from articles import live, live_views
from articles.models import LiveEntry
from tests import factories
from tests.articles.test_pages_valid import nu_errors

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

SHELL = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>x</title></head><body>{}'


def test_the_live_blog_page_and_its_fragment_are_valid_html(
    client, editor, tmp_path, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(live_views, "PAGE_SIZE", 2)  # an older page, and its links, cheaply
    blog = factories.make_live_blog(headline="Summit live")
    photo = factories.make_photo()
    factories.post_entry(blog, editor, "Pinned.", pinned=True)
    factories.post_entry(blog, editor, "Deal agreed.", key_event=True, photo=photo)
    live.post(blog, editor, live.Entry(body="<p>x</p>", embed_url="https://youtu.be/dQw4w9WgXcQ"))
    entry = factories.post_entry(blog, editor, "Talks begni.")
    live.edit(entry, editor, live.Entry(body="<p>Talks begin.</p>"))
    page = tmp_path / "live.html"
    page.write_bytes(client.get(blog.get_absolute_url()).content)
    fragment = tmp_path / "fragment.html"
    html = client.get(f"/live/{blog.pk}/since/0/").content.decode()
    assert "data-live-replace" in html and "Older entries" in html
    fragment.write_text(SHELL.format(html))
    oldest = LiveEntry.objects.filter(article=blog, pinned=False).order_by("pk").first()
    older = tmp_path / "older.html"
    older.write_bytes(client.get(f"{blog.get_absolute_url()}?from={oldest.pk}").content)
    assert b"Latest entries" in older.read_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        live.close(blog, editor)
    closed = tmp_path / "closed.html"
    closed.write_bytes(client.get(blog.get_absolute_url()).content)
    assert b"Live coverage has ended" in closed.read_bytes()
    files = [str(page), str(fragment), str(older), str(closed)]
    assert nu_errors(files) == ""
