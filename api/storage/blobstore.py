"""Content-addressed files on local disk: a file's name is the sha256 of its bytes.

Writes are atomic (temporary file in the same folder, fsync, ``os.replace``), so a reader never
sees a partial file, and identical content is stored once.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
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
        if path.is_file():
            return StoredBlob(sha256, path, created=False)
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
        self.path_of(sha256).unlink(missing_ok=True)

    def files(self) -> list[Path]:
        """Every stored file (temporary files excluded); for checks and tests."""
        if not self.root.exists():
            return []
        return sorted(p for p in self.root.rglob("*") if p.is_file())
