"""Storage faults (issue 12, failure 8): a media disk that fills up or turns read-only part-way
through a write. The desk is told storage failed (not that the picture is bad), no truncated
original or zero-byte rendition stays on disk, no row points at a missing file, and readers'
pages still answer."""

import errno
import os
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage

from articles import teasers, workflow
from articles.models import Status
from media_assets.models import Photo, Rendition, RenditionState
from media_assets.rendition_store import make_renditions
from media_assets.uploads import import_photo
from tests import factories
from tests.media_assets import images
from tests.media_assets.test_admin import ADD, BULK, EMPTY_FORM, files_in, upload

FAULTS = {errno.ENOSPC: "No space left on device", errno.EROFS: "Read-only file system"}
FAULTS[errno.EACCES] = "Permission denied"


def fail_writes(monkeypatch, number: int, *, under: str = "", keep: float = 0.5) -> None:
    """Writes of names starting with `under` stop after `keep` of the bytes with OSError
    `number`, leaving what was written on disk, as a full or read-only disk does."""
    real_save = getattr(FileSystemStorage, "_save")  # noqa: B009 - private in the stubs

    def partial_save(self, name, content):
        if not name.startswith(under):
            return real_save(self, name, content)
        path = Path(self.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content.read()
        path.write_bytes(data[: int(len(data) * keep)])
        raise OSError(number, os.strerror(number), str(path))

    monkeypatch.setattr(FileSystemStorage, "_save", partial_save)


@pytest.mark.django_db
@pytest.mark.parametrize("number", list(FAULTS))
def test_a_write_of_the_original_failing_part_way_leaves_nothing(number, monkeypatch, media_root):
    fail_writes(monkeypatch, number, under="originals/")
    with pytest.raises(ValidationError) as refused:
        import_photo(images.jpeg(), filename="cut.jpg")
    assert refused.value.messages == [
        f"cut.jpg: the picture could not be stored ({FAULTS[number]}). "
        "Nothing was saved; try again."
    ]
    assert not Photo.objects.exists() and files_in(media_root) == []


@pytest.mark.django_db
@pytest.mark.parametrize("keep", [0.0, 0.5])
def test_a_thumbnail_write_failing_blames_the_storage_and_leaves_nothing(
    keep, monkeypatch, media_root
):
    fail_writes(monkeypatch, errno.ENOSPC, under="renditions/", keep=keep)
    with pytest.raises(ValidationError) as refused:
        import_photo(images.jpeg(), filename="thumb.jpg")
    assert refused.value.messages == [
        "thumb.jpg: the picture could not be stored (No space left on device). "
        "Nothing was saved; try again."
    ]
    assert not Photo.objects.exists() and not Rendition.objects.exists()
    assert files_in(media_root) == []


@pytest.mark.parametrize("number", list(FAULTS))
def test_the_add_form_says_storage_failed_and_stores_nothing(
    number, client, photodesk, monkeypatch, media_root
):
    fail_writes(monkeypatch, number)
    client.force_login(photodesk)
    typed = {**EMPTY_FORM, "caption": "Typed by the desk"}
    response = client.post(ADD, {**typed, "upload": upload(images.jpeg(), "desk.jpg")})
    assert response.status_code == 200  # the form again, with the error and what was typed
    said = " ".join(response.context["adminform"].form.errors["upload"])
    assert f"could not be stored ({FAULTS[number]})" in said
    assert "Typed by the desk" in response.text
    assert "processed" not in said and str(media_root) not in said
    assert not Photo.objects.exists() and files_in(media_root) == []


def test_a_bulk_upload_on_a_full_disk_reports_each_file_and_keeps_nothing_half_stored(
    client, photodesk, monkeypatch, media_root
):
    client.force_login(photodesk)
    first = upload(images.jpeg(color=(1, 2, 3)), "first.jpg")
    response = client.post(BULK, {"files": [first]})
    assert response.context["results"][0]["status"] == "stored"
    fail_writes(monkeypatch, errno.ENOSPC)  # the disk fills up
    files = [upload(images.jpeg(color=(9, 9, i)), f"late{i}.jpg") for i in range(2)]
    response = client.post(BULK, {"files": files})
    assert response.status_code == 200
    results = response.context["results"]
    assert [r["status"] for r in results] == ["error", "error"]
    assert all("could not be stored (No space left on device)" in r["message"] for r in results)
    photo = Photo.objects.get()
    on_disk = {str(p.relative_to(media_root)) for p in files_in(media_root)}
    assert on_disk == {photo.image.name, *(r.file.name for r in photo.renditions.all())}


@pytest.mark.django_db
@pytest.mark.parametrize("keep", [0.0, 0.5])
def test_the_workers_rendition_writes_leave_no_partial_file(keep, monkeypatch, media_root):
    photo = import_photo(images.jpeg((1600, 900)), filename="w.jpg")[0]
    before = set(files_in(media_root))
    fail_writes(monkeypatch, errno.ENOSPC, under="renditions/", keep=keep)
    with pytest.raises(OSError, match="No space left on device"):
        make_renditions(photo, ["width-800", "crop-16x9"])
    assert set(files_in(media_root)) == before
    for rendition in Rendition.objects.all():  # every row has its whole file
        assert rendition.file.storage.exists(rendition.file.name)


def test_the_article_page_answers_when_its_renditions_cannot_be_written(
    client, editor, monkeypatch, media_root
):
    photo = factories.make_photo(alt_text="A man at a lectern")
    article = factories.make_article(status=Status.EDIT, lead_photo=photo)
    Rendition.objects.exclude(spec="max-160x160").delete()
    fail_writes(monkeypatch, errno.EROFS, under="renditions/", keep=0.0)
    workflow.perform(article, "publish", editor)  # the worker runs now, and fails
    photo.refresh_from_db()
    assert photo.renditions_state == RenditionState.FAILED
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    card = re.search(r'<meta property="og:image" content="([^"]+)"', html)
    assert card and card.group(1).endswith(photo.image.url)  # the original stands in
    assert not [p for p in files_in(media_root) if p.stat().st_size == 0]


def test_the_article_page_answers_when_the_storage_cannot_be_read(client, editor, monkeypatch):
    photo = factories.make_photo()
    article = factories.make_article(status=Status.PUBLISHED, lead_photo=photo)

    def unreadable(self, name):
        raise PermissionError(errno.EACCES, "Permission denied", name)

    monkeypatch.setattr(FileSystemStorage, "size", unreadable)
    teasers.refresh([article.pk])  # the row is rebuilt while the disk refuses reads
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    card = re.search(r'<meta property="og:image" content="([^"]+)"', response.content.decode())
    assert card and card.group(1).endswith(photo.image.url)
