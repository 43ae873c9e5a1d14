"""Media storage faults, whatever the backend, and a check that the storage answers.

The library's code handles a storage fault in one way, `except OSError`: the local disk raises
OSError when it is full or unwritable, and S3MediaStorage raises StorageUnavailable (an OSError)
when the bucket is missing, refuses or does not answer. So an upload fails with a form error, a
publish leaves the picture out, exactly as with a full disk, and no other code names boto.
"""

import functools
import logging
from collections.abc import Callable
from typing import Any

from boto3.exceptions import Boto3Error
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, EndpointConnectionError
from botocore.exceptions import ConnectionError as BotoConnectionError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.db.models.fields.files import FieldFile
from storages.backends.s3 import S3Storage

logger = logging.getLogger(__name__)

# An upload waits for the storage a few seconds, not botocore's minute, before the desk is told.
TIMEOUTS = Config(
    connect_timeout=5, read_timeout=30, retries={"mode": "standard", "max_attempts": 3}
)
# About 10 MB of remembered object sizes per process (S3MediaStorage.size()).
KNOWN_SIZES_LIMIT = 100_000
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
            raise StorageUnavailable(describe(error)) from error

    return wrapper


def describe(error: Exception) -> str:
    """One line for the desk and the log, without the request's details."""
    if isinstance(error, ClientError):
        details = error.response.get("Error", {})
        said = f"{details.get('Code', 'error')}: {details.get('Message', '')}".strip(": ")
        return f"the media storage refused: {said}"
    if isinstance(error, BotoConnectionError | EndpointConnectionError):
        return "the media storage did not answer"
    return f"media storage: {error}"


class S3MediaStorage(S3Storage):
    """django-storages' S3Storage whose faults are OSErrors (StorageUnavailable), like a disk's."""

    def __init__(self, **settings: Any) -> None:
        super().__init__(**settings)
        made: Config = self.__dict__["client_config"]  # set by S3Storage, an untyped class
        self.client_config = made.merge(TIMEOUTS)
        # Sizes of objects this process stored or asked about. Every name is content-addressed
        # and never overwritten, so a size never changes: teaser rows record each rendition's
        # size, and asking the bucket each time would be a request per rendition.
        self.known_sizes: dict[str, int] = {}

    def save(self, name: str | None, content: Any, max_length: int | None = None) -> str:
        stored: str = self.save_to_bucket(name, content, max_length=max_length)
        size = getattr(content, "size", None)  # a File's; a bare file object has none
        if size is not None:
            self.remember_size(stored, size)
        return stored

    save_to_bucket = _as_os_error(S3Storage.save)

    def size(self, name: str) -> int:
        if name not in self.known_sizes:
            self.remember_size(name, self.size_in_bucket(name))
        return self.known_sizes[name]

    def remember_size(self, name: str, size: int) -> None:
        if len(self.known_sizes) >= KNOWN_SIZES_LIMIT:
            self.known_sizes.clear()  # a bound on memory; sizes are asked for again
        self.known_sizes[name] = size

    size_in_bucket = _as_os_error(S3Storage.size)

    def delete(self, name: str) -> None:
        self.delete_from_bucket(name)
        self.known_sizes.pop(name, None)

    delete_from_bucket = _as_os_error(S3Storage.delete)

    @_as_os_error
    def open(self, name: str, mode: str = "rb") -> Any:
        file = super().open(name, mode)
        if "r" in mode:
            file.file  # noqa: B018 - download now, so a fault is raised here, not on read()
        return file

    exists = _as_os_error(S3Storage.exists)
    listdir = _as_os_error(S3Storage.listdir)
    get_modified_time = _as_os_error(S3Storage.get_modified_time)


def save_whole(file: FieldFile, filename: str, data: bytes) -> None:
    """`file.save(filename, ContentFile(data), save=False)`, all or nothing.

    A local disk that fills up or turns read-only part-way through a write leaves a truncated
    (or empty) file behind; this removes it, and raises StorageUnavailable (an OSError with the
    same errno and reason) so that callers tell a storage fault from a picture Pillow cannot
    read. The name is settled first, so the file that failed is the one removed. (A bucket
    stores an object whole or not at all.)
    """
    field = file.field
    storage = file.storage
    name = storage.get_available_name(
        field.generate_filename(file.instance, filename), max_length=field.max_length
    )
    try:
        name = storage.save(name, ContentFile(data), max_length=field.max_length)
    except OSError as error:
        _remove_partial(storage, name)
        if isinstance(error, StorageUnavailable):
            raise
        raise StorageUnavailable(error.errno, error.strerror or str(error)) from error
    # What FieldFile.save() does once the storage has the file.
    file.name = name
    setattr(file.instance, field.attname, name)


def _remove_partial(storage: Storage, name: str) -> None:
    try:
        if storage.exists(name):
            storage.delete(name)
    except OSError:
        logger.warning("Could not remove %s after a failed write", name)


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
                raise StorageUnavailable("the media storage gave back another file")
    finally:
        storage.delete(name)
