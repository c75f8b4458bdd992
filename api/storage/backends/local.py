"""Stored files on local disk: ``<root>/ab/cd/abcd…``.

Writes go to a temporary file in the same folder, are fsynced and renamed over the name
(``os.replace``), so a reader never sees a partial file. Temporary (``.tmp-…``) and set-aside
(``.aside-…``) files start with a dot: they are never listed as stored files.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from api.storage.blobstore import (
    CHUNK_BYTES,
    BlobCorrupt,
    BlobEntry,
    BlobMissing,
    BlobStream,
    StoredBlob,
    check_digest,
    digest_of,
)


class LocalBlobStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path_of(self, sha256: str) -> Path:
        """Where the file with this digest lives: ``<root>/ab/cd/abcd…``."""
        check_digest(sha256)
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def put(self, data: bytes) -> StoredBlob:
        sha256 = digest_of(data)
        path = self.path_of(sha256)
        try:
            os.utime(path)  # in use again: not an orphan candidate for another grace period
            return StoredBlob(sha256, created=False)
        except FileNotFoundError:
            pass
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp_name, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp_name)
            raise
        return StoredBlob(sha256, created=True)

    def exists(self, sha256: str) -> bool:
        return self.path_of(sha256).is_file()

    def read(self, sha256: str) -> bytes:
        try:
            data = self.path_of(sha256).read_bytes()
        except FileNotFoundError:
            raise BlobMissing(sha256[:12]) from None
        if digest_of(data) != sha256:
            raise BlobCorrupt(sha256[:12])
        return data

    def stream(self, sha256: str) -> BlobStream:
        try:
            fh = self.path_of(sha256).open("rb")
        except FileNotFoundError:
            raise BlobMissing(sha256[:12]) from None
        return BlobStream(size=os.fstat(fh.fileno()).st_size, chunks=_chunks(fh))

    def modified(self, sha256: str) -> float | None:
        try:
            return self.path_of(sha256).stat().st_mtime
        except FileNotFoundError:
            return None

    def remove(self, sha256: str) -> None:
        self.path_of(sha256).unlink(missing_ok=True)

    def set_aside(self, sha256: str) -> str | None:
        path = self.path_of(sha256)
        aside = path.with_name(f".aside-{sha256}-{uuid.uuid4().hex}")
        try:
            os.replace(path, aside)
        except FileNotFoundError:
            return None
        return str(aside.relative_to(self.root))

    def put_back(self, token: str, sha256: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.replace(self._leftover_path(token), self.path_of(sha256))

    def discard(self, token: str) -> None:
        self._leftover_path(token).unlink(missing_ok=True)

    def entries(self) -> list[BlobEntry]:
        return [BlobEntry(p.name, mtime) for p in self.files() if (mtime := _mtime(p)) is not None]

    def leftovers(self) -> list[BlobEntry]:
        if not self.root.exists():
            return []
        found = sorted(p for p in self.root.rglob(".*") if p.is_file())
        return [BlobEntry(str(p.relative_to(self.root)), mtime) for p in found if (mtime := _mtime(p)) is not None]

    def remove_leftover(self, name: str) -> None:
        self._leftover_path(name).unlink(missing_ok=True)

    def files(self) -> list[Path]:
        """Every stored file's path (temporary and set-aside files excluded)."""
        if not self.root.exists():
            return []
        return sorted(p for p in self.root.rglob("*") if p.is_file() and not p.name.startswith("."))

    def _leftover_path(self, name: str) -> Path:
        path = self.root / name
        if not path.name.startswith(".") or path.resolve().parent.parent.parent != self.root.resolve():
            raise ValueError("not a leftover of this store")
        return path


def _chunks(fh: BinaryIO) -> Iterator[bytes]:
    with fh:
        while chunk := fh.read(CHUNK_BYTES):
            yield chunk


def _mtime(path: Path) -> float | None:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        return None
