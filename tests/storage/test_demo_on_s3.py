"""`make run`'s demo with its media in a bucket: one command, pictures served from the bucket."""

import io
import re
from html import unescape

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from PIL import Image

from articles.models import Article
from media_assets.models import Photo
from tests.storage.s3 import fetch

SRC = re.compile(r'<img src="([^"]+)"')


@pytest.mark.django_db
@pytest.mark.usefixtures("fresh_cache")  # a home page kept by an earlier test is not this one
def test_the_demo_loads_into_the_bucket_and_its_home_page_shows_pictures_from_it(client, s3_media):
    call_command("load_demo", stdout=io.StringIO())
    photo = Photo.objects.get()
    assert photo.image.name in s3_media.names()

    sources = [unescape(url) for url in SRC.findall(client.get("/").text)]
    assert sources, "the seed story leads the home page with its photo"
    for url in sources:
        assert url.startswith(s3_media.public_url + "renditions/"), url
        content_type, body, _ = fetch(url)
        assert content_type == f"image/{Image.open(io.BytesIO(body)).format.lower()}"


@pytest.mark.django_db
def test_the_demo_with_the_storage_down_stops_with_one_line_and_writes_nothing(stoppable_s3):
    stoppable_s3.server.stop()
    with pytest.raises(CommandError) as refused:
        call_command("load_demo", stdout=io.StringIO())
    assert str(refused.value).startswith("stoltenberg.jpg: the picture could not be stored")
    assert not Article.objects.exists() and not Photo.objects.exists()
