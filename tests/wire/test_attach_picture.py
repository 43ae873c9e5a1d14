"""The photo desk attaches the agency's file; the wire's credit becomes the photo's credit."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article, Status
from media_assets.models import Photo
from tests import factories
from tests.wire.conftest import TODAY
from wire.importer import import_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def picture(seed_bytes):
    return import_data("seed.txt", seed_bytes, today=TODAY).item.pictures.get()


def url(picture):
    return reverse("admin:wire_wirepicture_attach", args=[picture.pk])


def jpeg(name="stoltenberg.jpg"):
    return SimpleUploadedFile(name, factories.image_bytes(), content_type="image/jpeg")


def test_photo_desk_attaches_the_file_with_the_wire_credit(client, photodesk, picture):
    client.force_login(photodesk)
    assert client.get(url(picture)).status_code == 200
    response = client.post(url(picture), {"upload": jpeg(), "alt_text": "Stoltenberg speaking"})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:wire_wireitem_change", args=[picture.item_id])
    photo = Photo.objects.get()
    assert photo.credit_line == "EPA-EFE/KOCA SULEJMANOVIC"
    assert photo.credit == "© EPA-EFE/KOCA SULEJMANOVIC"
    assert photo.caption == "NATO Secretary General Jens Stoltenberg"
    assert photo.alt_text == "Stoltenberg speaking"
    assert photo.uploaded_by == photodesk
    picture.refresh_from_db()
    assert picture.photo == photo
    article = Article.objects.get()
    assert article.lead_photo == photo
    assert article.credit == "© EPA-EFE/KOCA SULEJMANOVIC"
    assert article.caption == "NATO Secretary General Jens Stoltenberg"
    assert "SULEJMANOVIC" not in article.body
    # Through the one save path: a form opened on the draft before this is now stale.
    revision = article.revisions.first()
    assert (article.version, revision.note) == (2, "Lead photo from the wire")
    assert revision.content["lead_photo"] == [photo.pk, str(photo)]


def test_the_item_page_links_to_attach_then_to_the_photo(client, editor, picture):
    client.force_login(editor)
    page = reverse("admin:wire_wireitem_change", args=[picture.item_id])
    assert url(picture) in client.get(page).content.decode()
    client.post(url(picture), {"upload": jpeg()})
    photo = Photo.objects.get()
    html = client.get(page).content.decode()
    assert reverse("admin:media_assets_photo_change", args=[photo.pk]) in html


def test_an_article_in_edit_keeps_its_lead_photo_choice(client, editor, picture):
    Article.objects.update(status=Status.EDIT)
    client.force_login(editor)
    client.post(url(picture), {"upload": jpeg()})
    assert Article.objects.get().lead_photo is None
    picture.refresh_from_db()
    assert picture.photo is not None


def test_a_bad_file_is_a_form_error_and_nothing_is_attached(client, photodesk, picture):
    client.force_login(photodesk)
    bad = SimpleUploadedFile("x.jpg", b"not a picture", content_type="image/jpeg")
    response = client.post(url(picture), {"upload": bad})
    assert response.status_code == 200
    assert response.context["form"].errors["upload"]
    assert not Photo.objects.exists()
    picture.refresh_from_db()
    assert picture.photo is None


@pytest.mark.parametrize("role", ["reporter", "reader"])
def test_only_the_photo_desk_and_editors_may_attach(client, cast, role, picture):
    client.force_login(cast[role])
    assert client.get(url(picture)).status_code == 403
    assert client.post(url(picture), {"upload": jpeg()}).status_code == 403
    assert not Photo.objects.exists()


def test_a_reporter_reading_the_item_is_not_offered_the_attach_link(client, reporter, picture):
    client.force_login(reporter)
    page = client.get(reverse("admin:wire_wireitem_change", args=[picture.item_id]))
    assert page.status_code == 200
    assert "EPA-EFE/KOCA SULEJMANOVIC" in page.content.decode()
    assert url(picture) not in page.content.decode()
