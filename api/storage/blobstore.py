"""Content-addressed file storage behind one protocol: a file's name is the sha256 of its bytes.

Two backends (``api.storage.backends``): local disk (the default) and an S3-compatible object
store, chosen by ``CLAIMSIGHT_STORAGE__BACKEND``. Both keep the same guarantees:

- a reader never sees a partial file under its name (local: temporary file, fsync, ``os.replace``;
  S3: one ``PutObject``, which stores the whole object or nothing);
- identical content is stored once, so one file may serve several rows; storing content that is
  already there writes nothing and refreshes the file's modification time, so a file being reused
  is never older than the orphan grace period;
- the store never decides on its own that a file is unused: callers check the database first
  (``api.storage.lifetime``), which also reconciles orphans and leftovers by listing the store.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from api.config import Settings

_SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")
CHUNK_BYTES = 256 * 1024


class BlobMissing(FileNotFoundError):
    """No file is stored under this digest."""


class BlobCorrupt(OSError):
    """The stored bytes no longer hash to their name."""


class BlobStoreUnavailable(RuntimeError):
    """The configured store cannot be reached (checked at start)."""


def check_digest(sha256: str) -> str:
    if not _SHA256_HEX.match(sha256):
        raise ValueError("not a lower-case sha256 hex digest")
    return sha256


def digest_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class StoredBlob:
    sha256: str
    created: bool  # False: the same content was already stored


@dataclass(frozen=True)
class BlobEntry:
    name: str  # a stored file: its sha256; a leftover: the backend's name for it
    modified: float  # seconds since the epoch


@dataclass
class BlobStream:
    """An opened stored file, read in chunks (for downloads); the chunks close it when exhausted."""

    size: int
    chunks: Iterator[bytes]


class BlobStore(Protocol):
    def put(self, data: bytes) -> StoredBlob:
        """Store ``data`` under its sha256 (atomically); content already stored is only refreshed."""
        ...

    def exists(self, sha256: str) -> bool: ...

    def read(self, sha256: str) -> bytes:
        """The whole file, checked against its digest; :class:`BlobMissing` if absent."""
        ...

    def stream(self, sha256: str) -> BlobStream:
        """The file opened for a streamed download; :class:`BlobMissing` if absent."""
        ...

    def modified(self, sha256: str) -> float | None:
        """When the file was stored or last refreshed; None if absent."""
        ...

    def remove(self, sha256: str) -> None:
        """Delete the file. Only after the database said no row uses it (``api.storage.lifetime``)."""
        ...

    def set_aside(self, sha256: str) -> str | None:
        """Move the file out of reach; returns a token for :meth:`put_back` / :meth:`discard`, None if absent."""
        ...

    def put_back(self, token: str, sha256: str) -> None:
        """Undo :meth:`set_aside` (if the content was stored again meanwhile, the copy is identical)."""
        ...

    def discard(self, token: str) -> None:
        """Delete a file set aside."""
        ...

    def entries(self) -> list[BlobEntry]:
        """Every stored file (named by its digest), sorted; leftovers excluded. A listed time may
        be earlier than :meth:`modified` (a refresh a listing does not show): judge by the latter."""
        ...

    def leftovers(self) -> list[BlobEntry]:
        """Temporary and set-aside files a killed process left behind."""
        ...

    def remove_leftover(self, name: str) -> None: ...


def open_blob_store(settings: Settings) -> BlobStore:
    """The store the settings choose (``storage.backend``); checks that it can be reached."""
    if settings.storage.backend == "s3":
        from api.storage.backends.s3 import S3BlobStore

        return S3BlobStore.from_settings(settings.storage.s3)
    from api.storage.backends.local import LocalBlobStore

    root = settings.storage_root
    root.mkdir(parents=True, exist_ok=True)
    return LocalBlobStore(root)
