"""The photo desk's screens as articles extend them: which articles lead with each photo."""

from django.contrib import admin
from django.urls import reverse

from articles.models import Status
from articles.photo_desk import PhotoDeskAdmin
from media_assets.admin import PhotoAdmin
from media_assets.models import Photo
from media_assets.uploads import import_photo
from tests.factories import make_article
from tests.media_assets import images

LIST = reverse("admin:media_assets_photo_changelist")


def make_photo(**fields) -> Photo:
    """A photo whose file differs from every other's, so none is taken for another."""
    data = images.jpeg(color=(Photo.objects.count() * 20 % 256, 90, 90))
    return import_photo(data, filename="p.jpg", fields=fields)[0]


def ids(response) -> set[int]:
    return {p.pk for p in response.context["cl"].result_list}


def test_the_photo_library_is_the_desks_admin_extended_by_articles():
    registered = admin.site.get_model_admin(Photo)
    assert isinstance(registered, PhotoDeskAdmin) and isinstance(registered, PhotoAdmin)
    assert "use_count" not in PhotoAdmin.list_display  # the desk's own list knows no articles


def test_the_library_counts_the_articles_leading_with_each_photo_in_few_queries(
    client, photodesk, django_assert_max_num_queries
):
    for n in range(12):
        photo = make_photo(caption=f"Photo {n}")
        for _ in range(n % 3):
            make_article(lead_photo=photo, no_photo=False)
    client.force_login(photodesk)
    with django_assert_max_num_queries(10):
        response = client.get(LIST)
    assert "use_count" in response.context["cl"].list_display
    counts = {p.caption: p.lead_article_count for p in response.context["cl"].result_list}
    assert counts == {f"Photo {n}": n % 3 for n in range(12)}
    html = response.content.decode()
    assert "column-use_count" in html and '<td class="field-use_count">2</td>' in html


def test_the_use_filter_parts_photos_leading_an_article_from_the_rest(client, photodesk):
    unused = make_photo()
    used_twice, used_once = make_photo(), make_photo()
    for photo in (used_twice, used_twice, used_once):
        make_article(lead_photo=photo, no_photo=False)
    client.force_login(photodesk)
    assert ids(client.get(LIST, {"used": "no"})) == {unused.pk}
    assert ids(client.get(LIST, {"used": "yes"})) == {used_twice.pk, used_once.pk}
    counted = client.get(LIST, {"used": "yes"}).context["cl"].result_list
    assert sorted(p.lead_article_count for p in counted) == [1, 2]  # a subquery, not a join


def test_a_photos_page_links_the_articles_leading_with_it(client, photodesk):
    photo = make_photo()
    article = make_article(headline="Summit opens", lead_photo=photo, no_photo=False)
    client.force_login(photodesk)
    page = client.get(reverse("admin:media_assets_photo_change", args=[photo.pk]))
    link = reverse("admin:articles_article_change", args=[article.pk])
    assert f'<a href="{link}">Summit opens ({Status.DRAFT.label})</a>' in page.content.decode()


def test_a_photo_no_article_uses_says_so(client, photodesk):
    photo = make_photo()
    client.force_login(photodesk)
    page = client.get(reverse("admin:media_assets_photo_change", args=[photo.pk]))
    assert "No article uses this photo." in page.content.decode()
