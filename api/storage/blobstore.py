"""Content-addressed files on local disk: a file's name is the sha256 of its bytes.

Writes are atomic (temporary file in the same folder, fsync, ``os.replace``), so a reader never
sees a partial file, and identical content is stored once — so one file may serve several rows.
The store never decides on its own that a file is unused: callers check the database first
(``api.storage.lifetime``). Storing content that is already there refreshes the file's mtime, so
a file being reused is never older than the orphan grace period.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

_SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class StoredBlob:
    sha256: str
    path: Path
    created: bool  # False: the same content was already stored


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path_of(self, sha256: str) -> Path:
        """Where the file with this digest lives: ``<root>/ab/cd/abcd…``."""
        if not _SHA256_HEX.match(sha256):
            raise ValueError("not a lower-case sha256 hex digest")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def exists(self, sha256: str) -> bool:
        return self.path_of(sha256).is_file()

    def put(self, data: bytes) -> StoredBlob:
        sha256 = hashlib.sha256(data).hexdigest()
        path = self.path_of(sha256)
        try:
            os.utime(path)  # in use again: not an orphan candidate for another grace period
            return StoredBlob(sha256, path, created=False)
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
        return StoredBlob(sha256, path, created=True)

    def remove(self, sha256: str) -> None:
        """Unlink the file. Only after the database said no row uses it (``api.storage.lifetime``)."""
        self.path_of(sha256).unlink(missing_ok=True)

    def set_aside(self, sha256: str) -> Path | None:
        """Move the file out of reach (it can be put back with :meth:`put_back`); None if absent."""
        path = self.path_of(sha256)
        aside = path.with_name(f".aside-{sha256}-{uuid.uuid4().hex}")
        try:
            os.replace(path, aside)
        except FileNotFoundError:
            return None
        return aside

    def put_back(self, aside: Path, sha256: str) -> None:
        """Undo :meth:`set_aside` (if the content was stored again meanwhile, the copy is identical)."""
        with contextlib.suppress(FileNotFoundError):
            os.replace(aside, self.path_of(sha256))

    def files(self) -> list[Path]:
        """Every stored file (temporary and set-aside files excluded); for checks and tests."""
        if not self.root.exists():
            return []
        return sorted(p for p in self.root.rglob("*") if p.is_file() and not p.name.startswith("."))

    def leftovers(self) -> list[Path]:
        """Temporary and set-aside files a killed process left behind."""
        if not self.root.exists():
            return []
        return sorted(p for p in self.root.rglob(".*") if p.is_file())
