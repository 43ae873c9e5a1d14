"""Where media (originals and renditions) are stored: the local disk, or an S3-compatible bucket.

Read once by settings.py from the environment. Either one URL,

    MEDIA_STORAGE_URL=s3://BUCKET[/PREFIX]?endpoint_url=...&region_name=...&custom_domain=...

or the usual django-storages variables (AWS_STORAGE_BUCKET_NAME, AWS_S3_ENDPOINT_URL, ...); with
neither, FileSystemStorage under MEDIA_ROOT. Credentials never go in the URL: boto3 finds them
(AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a profile, an instance role).

Every stored name is content-addressed (originals by SHA-256, renditions by hash, spec and
`Photo.rendition_key()`), so every object is immutable: served publicly, cached for a year.
Public pages keep rendition URLs in their teaser rows, so URLs must not expire: never signed.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlsplit

FILE_SYSTEM = "django.core.files.storage.FileSystemStorage"
S3 = "media_assets.storage.S3MediaStorage"
# What MEDIA_STORAGE_URL's query string may set; anything else is a mistake, said at start-up.
URL_OPTIONS = ("endpoint_url", "region_name", "custom_domain", "default_acl", "addressing_style")
# The same, as the django-storages variables name them.
AWS_VARIABLES = {
    "endpoint_url": "AWS_S3_ENDPOINT_URL",
    "region_name": "AWS_S3_REGION_NAME",
    "custom_domain": "AWS_S3_CUSTOM_DOMAIN",
    "default_acl": "AWS_DEFAULT_ACL",
    "addressing_style": "AWS_S3_ADDRESSING_STYLE",
}
# Immutable names: a browser or CDN may keep any object for a year without asking again.
CACHE_CONTROL = "public, max-age=31536000, immutable"


class MediaStorageError(ValueError):
    """A storage setting that cannot work; its message is the one line start-up prints."""


@dataclass(frozen=True)
class MediaStorage:
    backend: dict[str, Any]  # STORAGES["default"]
    media_url: str | None  # MEDIA_URL for a bucket; None keeps MEDIA_URL as set


def from_environment(environ: Mapping[str, str]) -> MediaStorage:
    """The default storage the environment asks for. Raises MediaStorageError if it is wrong."""
    url = environ.get("MEDIA_STORAGE_URL", "").strip()
    if url:
        return s3_storage(*parse_url(url))
    bucket = environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
    if bucket:
        options = {
            name: environ[variable].strip()
            for name, variable in AWS_VARIABLES.items()
            if environ.get(variable, "").strip()
        }
        return s3_storage(bucket, environ.get("AWS_LOCATION", "").strip("/"), options)
    return MediaStorage({"BACKEND": FILE_SYSTEM}, None)


def parse_url(url: str) -> tuple[str, str, dict[str, str]]:
    """(bucket, prefix, options) from `s3://bucket/prefix?option=value&...`."""
    parts = urlsplit(url)
    if parts.scheme != "s3":
        raise MediaStorageError(
            f"MEDIA_STORAGE_URL must start with s3:// (got {parts.scheme or 'no'} scheme)."
        )
    if "@" in parts.netloc:
        raise MediaStorageError(
            "MEDIA_STORAGE_URL must not hold credentials: set AWS_ACCESS_KEY_ID and "
            "AWS_SECRET_ACCESS_KEY instead."
        )
    if not parts.hostname:
        raise MediaStorageError("MEDIA_STORAGE_URL names no bucket: s3://BUCKET?options.")
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    unknown = sorted({name for name, _ in pairs} - set(URL_OPTIONS))
    if unknown:
        raise MediaStorageError(
            f"MEDIA_STORAGE_URL: unknown option {', '.join(unknown)} "
            f"(known: {', '.join(URL_OPTIONS)})."
        )
    # netloc, not hostname: bucket names are case-sensitive in the API.
    return parts.netloc, parts.path.strip("/"), {name: value for name, value in pairs if value}


def s3_storage(bucket: str, prefix: str, options: dict[str, str]) -> MediaStorage:
    """STORAGES["default"] for `bucket`, with public, immutable, content-typed objects."""
    endpoint = options.get("endpoint_url", "")
    if endpoint:
        parsed = urlsplit(endpoint)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise MediaStorageError(
                f"MEDIA_STORAGE_URL: endpoint_url must be http(s)://host[:port] (got {endpoint!r})."
            )
    domain, protocol = public_domain(bucket, options)
    backend_options: dict[str, Any] = {
        "bucket_name": bucket,
        "location": prefix,
        "custom_domain": domain,
        "url_protocol": protocol,
        # Public objects with plain URLs: teaser rows keep them, so they must never expire.
        "querystring_auth": False,
        # Access comes from the bucket policy unless the operator asks for object ACLs.
        "default_acl": options.get("default_acl") or None,
        # Content type from the name (renditions are .jpg or .webp by their encoder's choice).
        "object_parameters": {"CacheControl": CACHE_CONTROL},
        # A name already taken gets a suffix, as on the local disk: the upload and rendition code
        # deletes its own copy after losing a race, which must never be the winner's object.
        "file_overwrite": False,
    }
    for name in ("endpoint_url", "region_name", "addressing_style"):
        if options.get(name):
            backend_options[name] = options[name]
    prefix_path = f"{prefix}/" if prefix else ""
    return MediaStorage(
        {"BACKEND": S3, "OPTIONS": backend_options}, f"{protocol}//{domain}/{prefix_path}"
    )


def public_domain(bucket: str, options: dict[str, str]) -> tuple[str, str]:
    """Host (and path) readers fetch objects from, and its protocol.

    URLs built from it are string work (botocore's own URL building is thirty times slower, and
    teaser rows hold many): a CDN's `custom_domain` if given, else the endpoint path-style (what
    every S3-compatible server answers), else AWS's virtual-hosted name for the bucket.
    """
    domain = options.get("custom_domain", "")
    if domain:
        # `https://media.example.com` or just the host (then https).
        scheme, _, host = domain.rpartition("://")
        return host.strip("/"), f"{scheme or 'https'}:"
    endpoint = options.get("endpoint_url")
    if endpoint:
        parsed = urlsplit(endpoint)
        return f"{parsed.netloc}{parsed.path.rstrip('/')}/{bucket}", f"{parsed.scheme}:"
    region = options.get("region_name")
    return (f"{bucket}.s3.{region}.amazonaws.com" if region else f"{bucket}.s3.amazonaws.com"), (
        "https:"
    )


def origins(media_url: str) -> list[str]:
    """The origin pictures come from when it is not the site's own (for img-src in the CSP)."""
    parts = urlsplit(media_url)
    return [f"{parts.scheme}://{parts.netloc}"] if parts.scheme and parts.netloc else []
