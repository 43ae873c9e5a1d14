"""Choosing the media storage from the environment: MEDIA_STORAGE_URL, the AWS_* variables, or the
local disk; a wrong setting stops start-up with one line."""

import pytest

from newsroom.media_storage import (
    CACHE_CONTROL,
    FILE_SYSTEM,
    S3,
    MediaStorageError,
    from_environment,
    origins,
)
from tests.test_settings import PRODUCTION, manage

MINIO = "s3://newsroom-media/site-a?endpoint_url=http://127.0.0.1:9000&region_name=eu-west-1"


def test_without_a_bucket_media_stay_on_the_local_disk():
    media = from_environment({})
    assert media.backend == {"BACKEND": FILE_SYSTEM}
    assert media.media_url is None  # MEDIA_URL and MEDIA_ROOT as set


def test_a_media_storage_url_gives_public_immutable_objects_in_the_bucket():
    media = from_environment({"MEDIA_STORAGE_URL": MINIO})
    assert media.backend == {
        "BACKEND": S3,
        "OPTIONS": {
            "bucket_name": "newsroom-media",
            "location": "site-a",
            "endpoint_url": "http://127.0.0.1:9000",
            "region_name": "eu-west-1",
            "custom_domain": "127.0.0.1:9000/newsroom-media",
            "url_protocol": "http:",
            "querystring_auth": False,
            "default_acl": None,
            "object_parameters": {"CacheControl": CACHE_CONTROL},
            "file_overwrite": False,
        },
    }
    assert media.media_url == "http://127.0.0.1:9000/newsroom-media/site-a/"
    assert CACHE_CONTROL == "public, max-age=31536000, immutable"


@pytest.mark.parametrize(
    ("url", "media_url"),
    [
        ("s3://media?custom_domain=media.example.com", "https://media.example.com/"),
        ("s3://media?custom_domain=http://cdn.test/", "http://cdn.test/"),
        ("s3://media?region_name=eu-west-1", "https://media.s3.eu-west-1.amazonaws.com/"),
        ("s3://media", "https://media.s3.amazonaws.com/"),
    ],
)
def test_pictures_come_from_the_cdn_or_else_the_bucket(url, media_url):
    assert from_environment({"MEDIA_STORAGE_URL": url}).media_url == media_url


def test_the_aws_variables_say_the_same_as_the_url():
    variables = {
        "AWS_STORAGE_BUCKET_NAME": "newsroom-media",
        "AWS_LOCATION": "site-a",
        "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9000",
        "AWS_S3_REGION_NAME": "eu-west-1",
    }
    assert from_environment(variables) == from_environment({"MEDIA_STORAGE_URL": MINIO})


def test_an_acl_is_set_only_when_asked_for():
    media = from_environment({"MEDIA_STORAGE_URL": "s3://media?default_acl=public-read"})
    assert media.backend["OPTIONS"]["default_acl"] == "public-read"


@pytest.mark.parametrize(
    ("url", "says"),
    [
        (
            "https://media.example.com",
            "MEDIA_STORAGE_URL must start with s3:// (got https scheme).",
        ),
        ("s3://?region_name=eu-west-1", "MEDIA_STORAGE_URL names no bucket: s3://BUCKET?options."),
        (
            "s3://KEY:SECRET@media",
            "MEDIA_STORAGE_URL must not hold credentials: set AWS_ACCESS_KEY_ID and "
            "AWS_SECRET_ACCESS_KEY instead.",
        ),
        (
            "s3://media?endpont_url=http://x",
            "MEDIA_STORAGE_URL: unknown option endpont_url (known: endpoint_url, region_name, "
            "custom_domain, default_acl, addressing_style).",
        ),
        (
            "s3://media?endpoint_url=127.0.0.1:9000",
            "MEDIA_STORAGE_URL: endpoint_url must be http(s)://host[:port] (got '127.0.0.1:9000').",
        ),
    ],
)
def test_a_malformed_url_is_refused_in_one_line(url, says):
    with pytest.raises(MediaStorageError) as refused:
        from_environment({"MEDIA_STORAGE_URL": url})
    assert str(refused.value) == says


def test_a_malformed_url_stops_start_up_with_one_line():
    result = manage("check", env={**PRODUCTION, "MEDIA_STORAGE_URL": "s3://media?acl=public"})
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "MEDIA_STORAGE_URL: unknown option acl (known: endpoint_url, region_name, custom_domain, "
        "default_acl, addressing_style)."
    ]


def test_production_with_a_bucket_passes_check_deploy():
    env = {**PRODUCTION, "MEDIA_STORAGE_URL": "s3://media?custom_domain=media.example.com"}
    result = manage("check", "--deploy", "--fail-level", "DEBUG", env=env)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_pages_may_show_pictures_from_the_media_host():
    assert origins("https://media.example.com/site-a/") == ["https://media.example.com"]
    assert origins("/media/") == []  # the site's own: 'self' covers it


def test_with_a_bucket_pages_may_show_its_pictures_and_link_to_it():
    env = {**PRODUCTION, "MEDIA_STORAGE_URL": "s3://media?custom_domain=media.example.com"}
    show = "from django.conf import settings as s; print(s.MEDIA_URL, *s.SECURE_CSP['img-src'])"
    result = manage("shell", "-v", "0", "-c", show, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "https://media.example.com/",
        "'self'",
        "data:",
        "https://media.example.com",
    ]
