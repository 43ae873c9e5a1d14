"""The local disk's faults reach the desk the way a bucket's do: a form error, nothing stored."""

import errno

from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile

from media_assets.models import Photo
from tests.media_assets import images
from tests.media_assets.test_admin import ADD, EMPTY_FORM, files_in


def test_a_full_disk_on_upload_is_a_clear_error_for_the_desk_and_stores_nothing(
    client, photodesk, media_root, monkeypatch
):
    def disk_full(self, name, content, max_length=None):
        raise OSError(errno.ENOSPC, "No space left on device", str(media_root / name))

    monkeypatch.setattr(FileSystemStorage, "save", disk_full)
    client.force_login(photodesk)
    upload = SimpleUploadedFile("full.jpg", images.jpeg(), content_type="image/jpeg")
    response = client.post(ADD, {**EMPTY_FORM, "caption": "Typed by the desk", "upload": upload})
    assert response.status_code == 200  # the form again, with the error and what was typed
    assert "Typed by the desk" in response.text
    said = " ".join(response.context["adminform"].form.errors["upload"])
    assert said == (
        "full.jpg: the picture could not be stored (No space left on device). "
        "Nothing was saved; try again."
    )
    assert str(media_root) not in said  # no server path shown
    assert not Photo.objects.exists() and files_in(media_root) == []
