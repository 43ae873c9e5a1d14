"""Media storage faults, whatever the backend, and a check that the storage answers.

The library's code handles a storage fault in one way, `except OSError`: the local disk raises
OSError when it is full or unwritable, and S3MediaStorage raises StorageUnavailable (an OSError)
when the bucket is missing, refuses or does not answer. So an upload fails with a form error, a
publish leaves the picture out, exactly as with a full disk, and no code names boto.
"""

import functools
from collections.abc import Callable
from typing import Any

from boto3.exceptions import Boto3Error
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, ConnectionError, EndpointConnectionError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from storages.backends.s3 import S3Storage

# An upload waits for the storage a few seconds, not botocore's minute, before the desk is told.
TIMEOUTS = Config(
    connect_timeout=5, read_timeout=30, retries={"mode": "standard", "max_attempts": 3}
)
# What boto3 and botocore raise: refused requests, unreachable endpoints, failed transfers.
BOTO_ERRORS = (BotoCoreError, ClientError, Boto3Error)


class StorageUnavailable(OSError):
    """The media storage refused a request or did not answer."""


def _as_os_error[**P, R](method: Callable[P, R]) -> Callable[P, R]:
    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except BOTO_ERRORS as error:
            raise StorageUnavailable(f"media storage: {describe(error)}") from error

    return wrapper


def describe(error: Exception) -> str:
    """One line for the desk and the log, without the request's details."""
    if isinstance(error, ClientError):
        details = error.response.get("Error", {})
        return f"{details.get('Code', 'error')}: {details.get('Message', '')}".strip(": ")
    if isinstance(error, ConnectionError | EndpointConnectionError):
        return "the storage did not answer"
    return str(error)


class S3MediaStorage(S3Storage):
    """django-storages' S3Storage whose faults are OSErrors (StorageUnavailable), like a disk's."""

    def __init__(self, **settings: Any) -> None:
        super().__init__(**settings)
        made: Config = self.__dict__["client_config"]  # set by S3Storage, an untyped class
        self.client_config = made.merge(TIMEOUTS)

    @_as_os_error
    def open(self, name: str, mode: str = "rb") -> Any:
        file = super().open(name, mode)
        if "r" in mode:
            file.file  # noqa: B018 - download now, so a fault is raised here, not on read()
        return file

    save = _as_os_error(S3Storage.save)
    delete = _as_os_error(S3Storage.delete)
    exists = _as_os_error(S3Storage.exists)
    size = _as_os_error(S3Storage.size)
    listdir = _as_os_error(S3Storage.listdir)
    get_modified_time = _as_os_error(S3Storage.get_modified_time)


PROBE_NAME = "healthz/probe.txt"


def check_storage(storage: Storage | None = None) -> None:
    """Write, read back and delete a small file; raises OSError if the storage cannot.

    For /healthz: proves the storage takes uploads, not only that it answers. Writes a fixed
    name, so however often it is called it leaves at most one small object behind.
    """
    storage = storage or default_storage
    name = storage.save(PROBE_NAME, ContentFile(b"ok\n"))
    try:
        with storage.open(name, "rb") as probe:
            if probe.read() != b"ok\n":
                raise StorageUnavailable("media storage: the probe file came back changed")
    finally:
        storage.delete(name)
