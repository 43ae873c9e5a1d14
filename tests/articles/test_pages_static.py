"""In production the pages point at WhiteNoise's hashed, compressed copies of the static files."""

import io
import re

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]


def test_pages_link_the_hashed_stylesheet_that_whitenoise_serves(client, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0, stdout=io.StringIO())
    html = client.get("/").content.decode()
    stylesheet = re.search(r'href="/static/(site/site\.[0-9a-f]{12}\.css)"', html)
    assert stylesheet, "the page should link the hashed stylesheet"
    assert (settings.STATIC_ROOT / stylesheet.group(1)).exists()
    assert (settings.STATIC_ROOT / (stylesheet.group(1) + ".gz")).exists()
