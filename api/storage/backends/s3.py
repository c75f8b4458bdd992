"""Stored files in an S3-compatible object store: ``<prefix>blobs/ab/cd/abcd…`` in one bucket.

A file is written with one ``PutObject`` carrying its ``Content-MD5`` and its sha256 as user
metadata: S3 makes an object visible only once its whole body has arrived (and matches the MD5),
so a partial upload is never seen under its key and a failed one leaves nothing. No multipart
upload is used (files are far below the 5 GiB single-PUT limit), so no incomplete upload can
linger either. A store that is less strict (s3rver, used by the tests, shows the bytes of an
interrupted PUT) still never passes them off as the file: an object counts as stored only with
its sha256 metadata, which such a store writes only after the body, and reads check the digest.

Content already stored is not uploaded again: the object is copied onto itself with a new
``refreshed-at`` in its metadata (stores differ on whether such a copy renews ``LastModified``;
the time a file was last stored is the later of the two). A file set aside is copied to ``<prefix>aside/…`` and then
deleted under its key; an aside object a killed process left is a leftover for reconcile.
"""

from __future__ import annotations

import base64
import hashlib
import time
import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from api.storage.blobstore import (
    CHUNK_BYTES,
    BlobCorrupt,
    BlobEntry,
    BlobMissing,
    BlobStoreUnavailable,
    BlobStream,
    StoredBlob,
    check_digest,
    digest_of,
)

if TYPE_CHECKING:
    from api.config import S3Settings

_MISSING = {"404", "NoSuchKey", "NotFound"}
_DIGEST = "sha256"  # user metadata: the object's digest, which marks a complete upload
_REFRESHED = "refreshed-at"  # user metadata: when content already stored was stored again


class S3BlobStore:
    def __init__(self, client: Any, bucket: str, prefix: str = "") -> None:
        self.client = client
        self.bucket = bucket
        self.prefix = prefix

    @classmethod
    def from_settings(cls, s3: S3Settings) -> S3BlobStore:
        """A client for the configured endpoint; credentials from the settings, else boto3's
        usual sources (``AWS_ACCESS_KEY_ID`` …, a profile, an instance role). Fails if the
        bucket cannot be reached."""
        assert s3.bucket is not None  # the settings refuse backend=s3 without a bucket
        client = boto3.client(
            "s3",
            endpoint_url=s3.endpoint_url,
            region_name=s3.region,
            aws_access_key_id=s3.access_key_id.get_secret_value() if s3.access_key_id else None,
            aws_secret_access_key=s3.secret_access_key.get_secret_value() if s3.secret_access_key else None,
            config=Config(
                s3={"addressing_style": s3.addressing_style},
                connect_timeout=s3.timeout_seconds,
                read_timeout=s3.timeout_seconds,
                retries={"max_attempts": 3, "mode": "standard"},
                # Content-MD5 guards uploads; the newer default checksums are not served by every S3-compatible store.
                request_checksum_calculation="when_required",
                response_checksum_validation="when_required",
            ),
        )
        try:
            client.head_bucket(Bucket=s3.bucket)
        except (BotoCoreError, ClientError) as exc:
            where = s3.endpoint_url or "AWS"
            raise BlobStoreUnavailable(f"cannot reach bucket {s3.bucket!r} at {where}: {type(exc).__name__}") from exc
        return cls(client, s3.bucket, s3.prefix)

    def key_of(self, sha256: str) -> str:
        check_digest(sha256)
        return f"{self.prefix}blobs/{sha256[:2]}/{sha256[2:4]}/{sha256}"

    def put(self, data: bytes) -> StoredBlob:
        sha256 = digest_of(data)
        key = self.key_of(sha256)
        head = self._head(key, sha256)
        if head is not None and int(head["ContentLength"]) == len(data) and self._refresh(key, sha256, head):
            return StoredBlob(sha256, created=False)
        md5 = base64.b64encode(hashlib.md5(data, usedforsecurity=False).digest()).decode()
        self.client.put_object(Bucket=self.bucket, Key=key, Body=data, ContentMD5=md5, Metadata={_DIGEST: sha256})
        return StoredBlob(sha256, created=True)

    def _refresh(self, key: str, sha256: str, head: dict[str, Any]) -> bool:
        """Copy the object onto itself, unchanged since ``head``, with a new refresh time."""
        try:
            self.client.copy_object(
                Bucket=self.bucket,
                Key=key,
                CopySource={"Bucket": self.bucket, "Key": key},
                CopySourceIfMatch=head["ETag"],
                Metadata={_DIGEST: sha256, _REFRESHED: f"{time.time():.3f}"},
                MetadataDirective="REPLACE",
            )
        except ClientError as exc:
            if _missing(exc) or _code(exc) in {"412", "PreconditionFailed"}:
                return False
            raise
        return True

    def _head(self, key: str, sha256: str) -> dict[str, Any] | None:
        """The object's headers if a complete upload of ``sha256`` is stored under ``key``."""
        try:
            head: dict[str, Any] = self.client.head_object(Bucket=self.bucket, Key=key)
        except ClientError as exc:
            if _missing(exc):
                return None
            raise
        return head if _complete(head, sha256) else None

    def exists(self, sha256: str) -> bool:
        return self.modified(sha256) is not None

    def read(self, sha256: str) -> bytes:
        body = self._get(sha256)["Body"]
        try:
            data: bytes = body.read()
        finally:
            body.close()
        if digest_of(data) != sha256:
            raise BlobCorrupt(sha256[:12])
        return data

    def stream(self, sha256: str) -> BlobStream:
        response = self._get(sha256)
        return BlobStream(size=int(response["ContentLength"]), chunks=_chunks(response["Body"]))

    def _get(self, sha256: str) -> dict[str, Any]:
        try:
            response: dict[str, Any] = self.client.get_object(Bucket=self.bucket, Key=self.key_of(sha256))
        except ClientError as exc:
            if _missing(exc):
                raise BlobMissing(sha256[:12]) from None
            raise
        if not _complete(response, sha256):
            response["Body"].close()
            raise BlobMissing(sha256[:12])
        return response

    def modified(self, sha256: str) -> float | None:
        head = self._head(self.key_of(sha256), sha256)
        if head is None:
            return None
        written = float(head["LastModified"].timestamp())
        refreshed = head.get("Metadata", {}).get(_REFRESHED)
        return max(written, float(refreshed)) if refreshed else written

    def remove(self, sha256: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self.key_of(sha256))

    def set_aside(self, sha256: str) -> str | None:
        key = self.key_of(sha256)
        token = f"{sha256}-{uuid.uuid4().hex}"
        try:
            self.client.copy_object(
                Bucket=self.bucket, Key=self._aside_key(token), CopySource={"Bucket": self.bucket, "Key": key}
            )
        except ClientError as exc:
            if _missing(exc):
                return None
            raise
        self.client.delete_object(Bucket=self.bucket, Key=key)
        return token

    def put_back(self, token: str, sha256: str) -> None:
        try:
            self.client.copy_object(
                Bucket=self.bucket,
                Key=self.key_of(sha256),
                CopySource={"Bucket": self.bucket, "Key": self._aside_key(token)},
            )
        except ClientError as exc:
            if _missing(exc):
                return
            raise
        self.discard(token)

    def discard(self, token: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._aside_key(token))

    def entries(self) -> list[BlobEntry]:
        found = []
        for key, modified in self._list(f"{self.prefix}blobs/"):
            name = key.rsplit("/", 1)[-1]
            if key == self._key_or_none(name):  # anything else under the prefix is not ours to judge
                found.append(BlobEntry(name, modified))
        return sorted(found, key=lambda e: e.name)

    def leftovers(self) -> list[BlobEntry]:
        start = len(f"{self.prefix}aside/")
        return sorted(
            (BlobEntry(key[start:], modified) for key, modified in self._list(f"{self.prefix}aside/")),
            key=lambda e: e.name,
        )

    def remove_leftover(self, name: str) -> None:
        self.discard(name)

    def _aside_key(self, token: str) -> str:
        if "/" in token or not token:
            raise ValueError("not a leftover of this store")
        return f"{self.prefix}aside/{token}"

    def _key_or_none(self, name: str) -> str | None:
        try:
            return self.key_of(name)
        except ValueError:
            return None

    def _list(self, prefix: str) -> Iterator[tuple[str, float]]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=prefix)
        for page in pages:
            for item in page.get("Contents", []):
                yield item["Key"], float(item["LastModified"].timestamp())


def _chunks(body: Any) -> Iterator[bytes]:
    try:
        yield from body.iter_chunks(CHUNK_BYTES)
    finally:
        body.close()


def _code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code"))


def _missing(exc: ClientError) -> bool:
    return _code(exc) in _MISSING


def _complete(response: dict[str, Any], sha256: str) -> bool:
    # The digest is user metadata sent with the PUT: on S3 it appears with the whole body or not at
    # all, and a store that shows an upload before it finished (s3rver does) shows it without it.
    return bool(response.get("Metadata", {}).get(_DIGEST) == sha256)
