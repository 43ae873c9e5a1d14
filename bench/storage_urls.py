"""What one rendition URL costs on the local disk and in a bucket (no server needed).

The bucket's endpoint is a port nothing listens on: a URL that needed a request would fail, so the
numbers are string work only. Run: python bench/storage_urls.py
"""

import os
import sys
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("AWS_ACCESS_KEY_ID", "bench")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "bench")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from media_assets.models import Rendition  # noqa: E402
from media_assets.rendition_store import rendition_url  # noqa: E402
from newsroom import media_storage  # noqa: E402

DEAD_ENDPOINT = "http://127.0.0.1:9"
NAMES = [f"renditions/{n % 256:02x}/{n:016x}-fill-1200x675-0123456789.webp" for n in range(2000)]


def bucket(**extra: str) -> dict:
    url = f"s3://media?endpoint_url={DEAD_ENDPOINT}&region_name=eu-west-1"
    backend = media_storage.from_environment({"MEDIA_STORAGE_URL": url}).backend
    return {**backend, "OPTIONS": {**backend["OPTIONS"], **extra}}


CASES = {
    "local disk (FileSystemStorage, remembered)": {
        "BACKEND": "django.core.files.storage.FileSystemStorage"
    },
    "bucket, as newsroom configures it": bucket(),
    "bucket, URL built by botocore (no domain)": bucket(custom_domain=""),
}


def main() -> None:
    renditions = [Rendition(file=name) for name in NAMES]
    for label, backend in CASES.items():
        with override_settings(STORAGES={**settings.STORAGES, "default": backend}):
            rendition_url(renditions[0])  # the client, if any, is made once per process
            seconds = timeit.timeit(lambda: [rendition_url(r) for r in renditions], number=5)
            per_url = seconds / (5 * len(renditions)) * 1e6
            print(f"{label:45} {per_url:7.1f} µs per URL   {rendition_url(renditions[0])}")


if __name__ == "__main__":
    main()
