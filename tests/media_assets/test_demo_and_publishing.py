"""The demo photo enters like any upload; a badly credited lead photo keeps an article back."""

import datetime

import pytest
from django.utils import timezone

from articles import workflow
from articles.models import Status
from media_assets.demo import demo_photo_bytes
from media_assets.uploads import import_photo
from tests import factories
from tests.media_assets import images

DEMO = {
    "caption": "NATO Secretary General Jens Stoltenberg",
    "credit_line": "EPA-EFE/KOCA SULEJMANOVIC",
    "creator": "KOCA SULEJMANOVIC",
    "source": "EPA-EFE",
}


@pytest.mark.django_db
def test_the_demo_photo_gets_its_credit_and_caption_from_its_own_metadata():
    data = demo_photo_bytes(**DEMO)
    photo, created = import_photo(data, filename="stoltenberg.jpg")
    assert created
    assert photo.credit == "© EPA-EFE/KOCA SULEJMANOVIC"
    assert photo.caption == "NATO Secretary General Jens Stoltenberg"
    assert (photo.creator, photo.source) == ("KOCA SULEJMANOVIC", "EPA-EFE")
    assert "lectern" in photo.alt_text
    assert (photo.width, photo.height) == (1600, 1067)


@pytest.mark.django_db
def test_loading_the_demo_twice_finds_the_same_photo():
    first, _ = import_photo(demo_photo_bytes(**DEMO), filename="stoltenberg.jpg")
    again, created = import_photo(demo_photo_bytes(**DEMO), filename="stoltenberg.jpg")
    assert (again, created) == (first, False)


def lead_photo(**fields):
    data = images.jpeg(color=(fields.pop("shade", 1), 2, 3))
    return import_photo(data, filename="lead.jpg", fields=fields)[0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "says"),
    [
        ({"alt_text": "A man"}, "lacks a credit"),
        ({"credit_line": "EPA"}, "lacks alt text"),
        ({}, "lacks a credit and alt text"),
        (
            {"credit_line": "EPA", "alt_text": "A man", "licence_expires": "yesterday"},
            "its licence expired on",
        ),
    ],
)
def test_an_editor_cannot_publish_with_an_uncredited_undescribed_or_expired_lead_photo(
    editor, fields, says
):
    if fields.get("licence_expires") == "yesterday":
        fields["licence_expires"] = timezone.localdate() - datetime.timedelta(days=1)
    photo = lead_photo(caption="Summit photo", **fields)
    article = factories.make_article(status=Status.EDIT, lead_photo=photo, no_photo=False)
    with pytest.raises(workflow.TransitionBlocked) as blocked:
        workflow.perform(article, "publish", editor)
    message = " ".join(blocked.value.messages)
    assert says in message and "Summit photo" in message and f"#{photo.pk}" in message
    article.refresh_from_db()
    assert article.status == Status.EDIT


@pytest.mark.django_db
def test_an_editor_publishes_with_a_credited_described_licensed_lead_photo(editor):
    photo = lead_photo(credit_line="EPA", alt_text="A man", licence_expires=timezone.localdate())
    article = factories.make_article(status=Status.EDIT, lead_photo=photo, no_photo=False)
    workflow.perform(article, "publish", editor)
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
