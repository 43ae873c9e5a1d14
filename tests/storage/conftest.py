"""S3 API servers for the tests: `moto_server` for the session; `s3_media`, the default storage on
a fresh bucket there (configured from MEDIA_STORAGE_URL as in production); `stoppable_s3`, a test's
own server and bucket, to stop."""

import pytest

from tests.storage.s3 import Bucket, MotoServer, use_bucket


@pytest.fixture(scope="session")
def moto_server(tmp_path_factory):
    server = MotoServer.start(tmp_path_factory.mktemp("moto") / "server.log")
    yield server
    server.stop()


@pytest.fixture
def aws_credentials(monkeypatch):
    # Any key works with moto; boto3 must find one, and never the machine's own.
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    monkeypatch.delenv("AWS_PROFILE", raising=False)


@pytest.fixture
def s3_media(settings, moto_server, aws_credentials) -> Bucket:
    bucket = Bucket(moto_server, moto_server.new_bucket())
    use_bucket(settings, moto_server.endpoint, bucket.name)
    return bucket


@pytest.fixture
def stoppable_s3(settings, aws_credentials, tmp_path):
    """A server of the test's own, with the default storage on a bucket there, to stop."""
    server = MotoServer.start(tmp_path / "moto.log")
    try:
        bucket = Bucket(server, server.new_bucket())
        use_bucket(settings, server.endpoint, bucket.name)
        yield bucket
    finally:
        server.stop()
