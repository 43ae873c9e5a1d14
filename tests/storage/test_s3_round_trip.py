"""Media in an S3 bucket, for real: moto's server runs as its own process and everything goes over
HTTP, from the photo desk's upload through the admin to the public page's pictures."""

import io
import logging
import re
from html import unescape

import pytest
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from articles import workflow
from articles.models import Article, Status, Teaser
from media_assets.models import Photo
from media_assets.rendition_store import rendition_url
from media_assets.storage import StorageUnavailable, check_storage
from tests import factories
from tests.media_assets import images
from tests.media_assets.test_admin import ADD, EMPTY_FORM
from tests.storage.s3 import fetch

IMMUTABLE = "public, max-age=31536000, immutable"
SRCSET = re.compile(r'srcset="([^"]+)"')

# Django's delete collector loads Article rows, and Article.from_db() lacks Django 6.1's
# fetch_mode argument (see tests/media_assets/test_admin.py).
pytestmark = pytest.mark.filterwarnings(
    "ignore:Article.from_db:django.utils.deprecation.RemovedInDjango2028Warning"
)


def desk_uploads(client, data: bytes, name: str = "summit.jpg", **fields):
    form = {
        **EMPTY_FORM,
        "caption": "Leaders at the summit",
        "alt_text": "Two leaders shake hands in front of flags",
        "credit_line": "EPA-EFE/TEST PHOTOGRAPHER",
        **fields,
    }
    upload = SimpleUploadedFile(name, data, content_type="image/jpeg")
    return client.post(ADD, {**form, "upload": upload}, follow=True)


def srcset_entries(html: str) -> list[tuple[str, int]]:
    """(URL, declared width) of every source in every srcset on the page."""
    entries = []
    for srcset in SRCSET.findall(html):
        for candidate in unescape(srcset).split(", "):
            url, width = candidate.rsplit(" ", 1)
            entries.append((url, int(width.removesuffix("w"))))
    return entries


def test_a_photo_goes_from_the_desk_through_the_bucket_to_the_public_page(
    client, photodesk, editor, s3_media, django_capture_on_commit_callbacks
):
    original = images.jpeg((2400, 1600), color=(30, 90, 160))
    client.force_login(photodesk)
    response = desk_uploads(client, original)
    assert response.status_code == 200
    photo = Photo.objects.get()
    assert (photo.width, photo.height) == (2400, 1600)

    # The original is in the bucket, byte for byte, typed and cacheable for ever.
    assert photo.image.name in s3_media.names()
    assert s3_media.get(photo.image.name) == original
    head = s3_media.head(photo.image.name)
    assert (head["ContentType"], head["CacheControl"]) == ("image/jpeg", IMMUTABLE)

    client.logout()
    article = factories.make_article(status=Status.EDIT, lead_photo=photo, no_photo=False)
    workflow.perform(article, "publish", editor)
    page = client.get(article.get_absolute_url())
    assert page.status_code == 200
    html = page.text

    # Every picture on the page comes from the bucket, and is there to fetch.
    sources = srcset_entries(html)
    assert sources, "the article page shows its lead photo"
    for url, width in sources:
        assert url.startswith(s3_media.public_url + "renditions/"), url
        content_type, body, cache_control = fetch(url)
        picture = Image.open(io.BytesIO(body))
        assert content_type == f"image/{picture.format.lower()}"
        assert picture.format in ("JPEG", "WEBP")
        assert picture.width == width
        assert cache_control == IMMUTABLE
    widest_url, widest = max(sources, key=lambda source: source[1])  # the lead's fill-1200x675
    assert widest == 1200 and Image.open(io.BytesIO(fetch(widest_url)[1])).size == (1200, 675)

    # The social card too (an absolute URL, already on the bucket's host).
    card = re.search(r'<meta property="og:image" content="([^"]+)"', html)
    assert card is not None
    card_picture = Image.open(io.BytesIO(fetch(unescape(card.group(1)))[1]))
    assert (card_picture.format, card_picture.size) == ("JPEG", (1200, 675))

    # Deleting the photo (once no article uses it) removes its objects from the bucket.
    stored = s3_media.names()
    assert len(stored) > 1 + len(sources)  # the original, the page's renditions, the thumbnail
    Article.objects.filter(pk=article.pk).delete()
    client.force_login(photodesk)
    delete = reverse("admin:media_assets_photo_delete", args=[photo.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not Photo.objects.exists()
    assert s3_media.names() == []


def test_the_same_upload_twice_stores_one_original(client, photodesk, s3_media):
    client.force_login(photodesk)
    data = images.jpeg((800, 600))
    desk_uploads(client, data)
    again = desk_uploads(client, data)
    assert "already in the library" in " ".join(str(m) for m in get_messages(again.wsgi_request))
    photo = Photo.objects.get()
    assert [key for key in s3_media.names() if key.startswith("originals/")] == [photo.image.name]


def test_a_missing_bucket_is_a_clear_error_for_the_desk_and_stores_nothing(
    client, photodesk, s3_media, settings
):
    s3_media.server.client().delete_bucket(Bucket=s3_media.name)
    client.force_login(photodesk)
    response = desk_uploads(client, images.jpeg((800, 600)))
    assert response.status_code == 200
    assert response.redirect_chain == []  # the form again, with the error and what was typed
    said = " ".join(response.context["adminform"].form.errors["upload"])
    assert "summit.jpg: the picture could not be stored" in said
    assert "(the media storage refused: NoSuchBucket: The specified bucket does not exist)" in said
    assert said.endswith("Nothing was saved; try again.")
    assert not Photo.objects.exists()


def test_a_stopped_storage_server_is_a_clear_error_for_the_desk_and_stores_nothing(
    client, photodesk, stoppable_s3
):
    client.force_login(photodesk)
    assert desk_uploads(client, images.jpeg((800, 600), color=(1, 2, 3))).status_code == 200
    assert Photo.objects.count() == 1  # the bucket works until the server stops

    stoppable_s3.server.stop()
    response = desk_uploads(client, images.jpeg((800, 600), color=(4, 5, 6)), name="late.jpg")
    assert response.status_code == 200
    said = " ".join(response.context["adminform"].form.errors["upload"])
    assert said == (
        "late.jpg: the picture could not be stored (the media storage did not answer). "
        "Nothing was saved; try again."
    )
    assert Photo.objects.count() == 1


def test_deleting_a_photo_while_the_storage_is_down_deletes_the_row_and_logs_the_files(
    client, photodesk, stoppable_s3, django_capture_on_commit_callbacks, caplog
):
    client.force_login(photodesk)
    desk_uploads(client, images.jpeg((800, 600)))
    photo = Photo.objects.get()
    stoppable_s3.server.stop()
    delete = reverse("admin:media_assets_photo_delete", args=[photo.pk])
    with (
        caplog.at_level(logging.WARNING, logger="media_assets"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not Photo.objects.exists()
    assert f"Could not delete {photo.image.name} from the media storage" in caplog.text


@pytest.mark.django_db
def test_publishing_while_the_storage_is_down_publishes_with_the_original_and_retries_later(
    editor, stoppable_s3, run_worker
):
    photo = factories.make_photo()
    article = factories.make_article(status=Status.EDIT, lead_photo=photo, no_photo=False)
    stoppable_s3.server.stop()
    workflow.perform(article, "publish", editor)
    run_worker()
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    # The row points at the original (its URL is built without the bucket) until the renditions
    # exist; the task that could not make them is recorded for another attempt.
    shown = Teaser.objects.get(article=article).data["photo"]
    lead = shown["figures"]["fill-1200x675"]
    assert lead["pending"] and lead["src"].endswith(photo.image.name) and not lead["srcset"]
    photo.refresh_from_db()
    assert (photo.renditions_state, photo.renditions_attempts) == ("queued", 1)
    assert photo.renditions_error.startswith("StorageUnavailable")


@pytest.mark.django_db
def test_a_rendition_url_is_built_without_asking_the_storage(s3_media, settings):
    """Pages hold many rendition URLs: making one must be string work, never a request."""
    photo = factories.make_photo()
    thumbnail = photo.renditions.get()
    # Same bucket name, on a port nothing listens on: a request would fail.
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            **settings.STORAGES["default"],
            "OPTIONS": {
                **settings.STORAGES["default"]["OPTIONS"],
                "endpoint_url": "http://127.0.0.1:9",
            },
        },
    }
    thumbnail = type(thumbnail).objects.get(pk=thumbnail.pk)
    assert rendition_url(thumbnail) == s3_media.public_url + thumbnail.file.name


def test_the_storage_check_writes_reads_and_deletes_a_probe_in_the_bucket(s3_media):
    check_storage()
    assert s3_media.names() == []  # nothing left behind


def test_the_storage_check_fails_with_the_storage_server_stopped(stoppable_s3):
    check_storage()
    stoppable_s3.server.stop()
    with pytest.raises(StorageUnavailable, match="^the media storage did not answer$"):
        check_storage()


def test_the_storage_check_works_on_the_local_disk(media_root):
    check_storage()
    assert [path for path in media_root.rglob("*") if path.is_file()] == []


def test_a_rendition_size_is_known_without_asking_the_bucket_again(stoppable_s3):
    """Teaser rows record every rendition's size: one request per object at most, not per row."""
    stored = default_storage.save("renditions/ab/one.jpg", ContentFile(b"x" * 1234))
    stoppable_s3.server.client().put_object(
        Bucket=stoppable_s3.name, Key="renditions/ab/two.jpg", Body=b"y" * 99
    )
    assert default_storage.size("renditions/ab/two.jpg") == 99  # asked once
    stoppable_s3.server.stop()
    assert default_storage.size(stored) == 1234
    assert default_storage.size("renditions/ab/two.jpg") == 99
