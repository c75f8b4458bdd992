"""Both blob store backends keep one contract: content-addressed names, storing again writes
nothing, streamed reads, set-aside and put-back, checked digests — and an S3 upload cut off
half-way never becomes the file."""

from __future__ import annotations

import contextlib
import hashlib
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from api.storage.backends.s3 import S3BlobStore
from api.storage.blobstore import (
    CHUNK_BYTES,
    BlobCorrupt,
    BlobMissing,
    BlobStore,
    BlobStoreUnavailable,
    open_blob_store,
)
from tests.fixtures.blobs import location, names, overwrite
from tests.fixtures.harness import make_settings
from tests.fixtures.s3server import ACCESS_KEY, SECRET_KEY, S3Server


@pytest.fixture
def store(blob_backend: dict[str, Any], tmp_path: Path) -> BlobStore:
    return open_blob_store(make_settings("sqlite://", tmp_path / "var", storage=blob_backend))


def test_a_file_is_stored_under_its_sha256(store: BlobStore) -> None:
    data = b"a photo's bytes"
    sha256 = hashlib.sha256(data).hexdigest()

    stored = store.put(data)

    assert (stored.sha256, stored.created) == (sha256, True)
    assert store.exists(sha256) and store.read(sha256) == data
    assert location(store, sha256) == f"{sha256[:2]}/{sha256[2:4]}/{sha256}"
    assert names(store) == [sha256] and store.leftovers() == []
    with pytest.raises(ValueError, match="sha256"):
        store.exists("../../etc/passwd")


def test_storing_the_same_content_again_writes_nothing_but_makes_it_young(store: BlobStore) -> None:
    first = store.put(b"the same bytes twice")
    written = store.modified(first.sha256)
    assert written is not None
    time.sleep(0.05)

    again = store.put(b"the same bytes twice")

    assert (again.sha256, again.created) == (first.sha256, False)
    assert names(store) == [first.sha256] and store.leftovers() == []
    refreshed = store.modified(first.sha256)
    assert refreshed is not None and refreshed > written


def test_a_download_streams_the_file_in_chunks(store: BlobStore) -> None:
    data = os.urandom(3 * CHUNK_BYTES + 5)
    sha256 = store.put(data).sha256

    opened = store.stream(sha256)
    chunks = list(opened.chunks)

    assert opened.size == len(data) and b"".join(chunks) == data
    assert len(chunks) >= 4 and max(len(c) for c in chunks) <= CHUNK_BYTES
    with pytest.raises(BlobMissing):
        store.stream(hashlib.sha256(b"never stored").hexdigest())


def test_reads_refuse_a_missing_or_altered_file(store: BlobStore) -> None:
    sha256 = store.put(b"original").sha256
    overwrite(store, sha256, b"bit rot")
    with pytest.raises(BlobCorrupt):
        store.read(sha256)
    store.remove(sha256)
    assert not store.exists(sha256) and store.modified(sha256) is None
    with pytest.raises(BlobMissing):
        store.read(sha256)


def test_a_file_set_aside_is_out_of_reach_until_put_back_or_discarded(store: BlobStore) -> None:
    sha256 = store.put(b"a deleted photo").sha256

    token = store.set_aside(sha256)

    assert token is not None and not store.exists(sha256) and names(store) == []
    assert len(store.leftovers()) == 1
    store.put_back(token, sha256)
    assert store.read(sha256) == b"a deleted photo" and store.leftovers() == []
    token = store.set_aside(sha256)
    assert token is not None
    store.discard(token)
    assert names(store) == [] and store.leftovers() == []
    assert store.set_aside(sha256) is None  # nothing left to set aside


def test_an_upload_cut_off_half_way_never_becomes_the_file(store: BlobStore) -> None:
    if not isinstance(store, S3BlobStore):
        pytest.skip("local writes are a temporary file renamed into place; this is about the S3 PUT")
    data = os.urandom(256 * 1024)
    sha256 = hashlib.sha256(data).hexdigest()
    endpoint = store.client.meta.endpoint_url
    with _cutting_proxy(endpoint, after_bytes=64 * 1024) as proxy_url:
        cut = S3BlobStore(_client(store, proxy_url), store.bucket, store.prefix)
        with pytest.raises(Exception):  # noqa: B017 - botocore's connection errors differ by version
            cut.put(data)

    assert not store.exists(sha256) and store.modified(sha256) is None
    with pytest.raises(BlobMissing):
        store.read(sha256)
    with pytest.raises(BlobMissing):
        store.stream(sha256)
    stored = store.put(data)  # the next upload stores the whole file instead of "refreshing" a torn one
    assert stored.created and store.read(sha256) == data


def _client(store: S3BlobStore, endpoint_url: str) -> Any:
    import boto3
    from botocore.config import Config

    credentials = store.client._request_signer._credentials
    return boto3.client(
        "s3",
        endpoint_url=endpoint_url,
        region_name=store.client.meta.region_name,
        aws_access_key_id=credentials.access_key,
        aws_secret_access_key=credentials.secret_key,
        config=Config(
            s3={"addressing_style": "path"},
            retries={"max_attempts": 1},
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required",
        ),
    )


@contextlib.contextmanager
def _cutting_proxy(endpoint_url: str, *, after_bytes: int) -> Iterator[str]:
    """A TCP proxy to the S3 server that drops each connection after ``after_bytes`` of request."""
    host, port = endpoint_url.removeprefix("http://").split(":")
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    stop = threading.Event()

    def pipe(source: socket.socket, target: socket.socket, limit: int | None) -> None:
        sent = 0
        with contextlib.suppress(OSError):
            while (chunk := source.recv(16384)) and (limit is None or sent < limit):
                chunk = chunk if limit is None else chunk[: limit - sent]
                target.sendall(chunk)
                sent += len(chunk)
        for sock in (source, target):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def serve() -> None:
        while not stop.is_set():
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            upstream = socket.create_connection((host, int(port)))
            threading.Thread(target=pipe, args=(client, upstream, after_bytes), daemon=True).start()
            threading.Thread(target=pipe, args=(upstream, client, None), daemon=True).start()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(timeout=5)
        listener.close()
        time.sleep(0.3)  # the server has seen the connection close


def test_the_s3_backend_needs_a_bucket_it_can_reach(s3_server: S3Server, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match=r"needs storage\.s3\.bucket"):
        make_settings("sqlite://", tmp_path, storage={"backend": "s3"})
    s3 = {"endpoint_url": s3_server.endpoint_url, "bucket": "no-such-bucket"}
    settings = make_settings("sqlite://", tmp_path, storage={"backend": "s3", "s3": {**s3, **_KEYS}})
    with pytest.raises(BlobStoreUnavailable, match="no-such-bucket"):
        open_blob_store(settings)


_KEYS = {"access_key_id": ACCESS_KEY, "secret_access_key": SECRET_KEY}
