"""moto's standalone S3 server as a separate process on a free port, a bucket on it, and a way
to point the default storage at that bucket the way production does (MEDIA_STORAGE_URL)."""

import contextlib
import itertools
import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

import boto3

from newsroom import media_storage
from tests.processes import free_port, stop

REGION = "eu-west-1"
_buckets = itertools.count(1)


@dataclass
class MotoServer:
    process: subprocess.Popen
    endpoint: str

    @classmethod
    def start(cls, log_path) -> "MotoServer":
        port = free_port()
        log = open(log_path, "wb")  # noqa: SIM115 - the server writes to it until it stops
        process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()  # the child has its own descriptor
        server = cls(process, f"http://127.0.0.1:{port}")
        server.wait_until_up()
        return server

    def wait_until_up(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"moto_server exited with {self.process.returncode}")
            with contextlib.suppress(OSError), urllib.request.urlopen(self.endpoint, timeout=1):
                return
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"moto_server did not answer on {self.endpoint} in {timeout} s")

    def stop(self) -> None:
        stop(self.process)

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=REGION,
            aws_access_key_id="test",
            aws_secret_access_key="test",
        )

    def new_bucket(self) -> str:
        """A bucket set up as README's "Object storage" says: objects readable by anyone."""
        name = f"newsroom-media-{next(_buckets)}"
        client = self.client()
        client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
        client.put_bucket_policy(Bucket=name, Policy=json.dumps(public_read_policy(name)))
        return name


def public_read_policy(bucket: str) -> dict:
    """Anyone may GET an object (not list the bucket): the policy README gives operators."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "PublicReadMedia",
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{bucket}/*",
            }
        ],
    }


def use_bucket(settings, endpoint: str, bucket: str) -> None:
    """Point the default storage at `bucket`, read from a MEDIA_STORAGE_URL as in production."""
    url = f"s3://{bucket}?endpoint_url={endpoint}&region_name={REGION}"
    media = media_storage.from_environment({"MEDIA_STORAGE_URL": url})
    settings.STORAGES = {**settings.STORAGES, "default": media.backend}
    settings.MEDIA_URL = media.media_url


@dataclass
class Bucket:
    server: MotoServer
    name: str

    @property
    def public_url(self) -> str:
        return f"{self.server.endpoint}/{self.name}/"

    def names(self) -> list[str]:
        listing = self.server.client().list_objects_v2(Bucket=self.name)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def head(self, key: str) -> dict:
        return self.server.client().head_object(Bucket=self.name, Key=key)

    def get(self, key: str) -> bytes:
        return self.server.client().get_object(Bucket=self.name, Key=key)["Body"].read()


def fetch(url: str) -> tuple[str, bytes, str]:
    """(Content-Type, body, Cache-Control) of a public URL, fetched as a browser would."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return (
                response.headers["Content-Type"],
                response.read(),
                response.headers.get("Cache-Control", ""),
            )
    except urllib.error.HTTPError as error:
        error.close()
        raise AssertionError(f"{url} answered {error.code}") from None
