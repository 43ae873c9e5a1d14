"""Edits in the admin to what readers' pages show besides an article's own content reach them.

A section's or author's name and a photo's credit appear on every page that lists an article
they belong to; each save tells readers' pages, and each test here fails without that call.
"""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.articles.site_fixtures import publish
from tests.factories import make_article, make_author, make_photo, make_section
from tests.media_assets.test_admin import EMPTY_FORM

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def saved(client, user, url, data, capture):
    client.force_login(user)
    with capture(execute=True):
        response = client.post(url, data)
    client.logout()
    assert response.status_code == 302, response.context and response.context.get("errors")


def test_a_renamed_section_shows_on_cached_pages(
    client, editor, django_capture_on_commit_callbacks
):
    section = make_section("Wrold", slug="world")
    article = publish(make_article(section=section))
    assert (
        "Wrold" in client.get("/").text and "Wrold" in client.get(article.get_absolute_url()).text
    )

    url = reverse("admin:articles_section_change", args=[section.pk])
    form = {"name": "World", "slug": "world", "description": "", "position": 0}
    saved(client, editor, url, form, django_capture_on_commit_callbacks)

    assert "Wrold" not in client.get("/").text
    assert "Wrold" not in client.get(article.get_absolute_url()).text


def test_a_renamed_author_shows_on_cached_pages(client, editor, django_capture_on_commit_callbacks):
    author = make_author("Helen Mrash", slug="helen-marsh")
    article = publish(make_article(bylines=[author]))
    assert "Helen Mrash" in client.get("/").text

    url = reverse("admin:articles_author_change", args=[author.pk])
    form = {"name": "Helen Marsh", "slug": "helen-marsh", "kind": "person", "bio": "", "user": ""}
    saved(client, editor, url, form, django_capture_on_commit_callbacks)

    assert "Helen Mrash" not in client.get("/").text
    assert "Helen Marsh" in client.get(article.get_absolute_url()).text


def test_a_used_photos_new_credit_shows_on_cached_pages(
    client, photodesk, django_capture_on_commit_callbacks
):
    photo = make_photo(credit_line="EPA-EFE/OLD NAME")
    article = publish(make_article(lead_photo=photo))
    assert "EPA-EFE/OLD NAME" in client.get(article.get_absolute_url()).text

    url = reverse("admin:media_assets_photo_change", args=[photo.pk])
    form = {**EMPTY_FORM, "focal_x": "0.5", "focal_y": "0.5", "credit_line": "EPA-EFE/NEW NAME"}
    form.update(caption=photo.caption, alt_text=photo.alt_text)
    saved(client, photodesk, url, form, django_capture_on_commit_callbacks)

    page = client.get(article.get_absolute_url()).text
    assert "EPA-EFE/NEW NAME" in page and "EPA-EFE/OLD NAME" not in page


def test_a_deleted_article_leaves_cached_pages(client, editor, django_capture_on_commit_callbacks):
    article = publish(make_article(headline="Published by mistake"))
    assert "Published by mistake" in client.get("/").text
    url = reverse("admin:articles_article_delete", args=[article.pk])
    saved(client, editor, url, {"post": "yes"}, django_capture_on_commit_callbacks)
    assert "Published by mistake" not in client.get("/").text


def test_articles_deleted_from_the_list_leave_cached_pages(
    client, editor, django_capture_on_commit_callbacks
):
    articles = [publish(make_article(headline=f"Mistake {n}")) for n in (1, 2)]
    assert "Mistake 2" in client.get("/").text
    form = {
        "action": "delete_selected",
        "post": "yes",
        "_selected_action": [a.pk for a in articles],
    }
    saved(
        client,
        editor,
        reverse("admin:articles_article_changelist"),
        form,
        django_capture_on_commit_callbacks,
    )
    assert "Mistake" not in client.get("/").text
