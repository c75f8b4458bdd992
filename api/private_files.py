"""Files only the service's user may read: the generated JWT secret, the SQLite database (and its
-wal/-shm), the data folder. Several processes may start at once; the first writer of the secret
wins and every process reads the same one."""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from pathlib import Path

SECRET_BYTES = 48  # random bytes behind a generated secret (>= 32)


def private_dir(path: Path) -> None:
    """Create ``path`` (and its parents) if missing; the folder created is 0700."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)


def read_or_create_secret(path: Path) -> str:
    """The secret in ``path``, generated on first use.

    The new secret is written and flushed to a 0600 temporary file in the same folder, then
    hard-linked to ``path``: the link either creates the complete file or fails because another
    process got there first, so no process ever reads a half-written or different secret.
    """
    with contextlib.suppress(FileNotFoundError):
        return _read_secret(path)
    private_dir(path.parent)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # mode 0600
    try:
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(SECRET_BYTES))
            fh.flush()
            os.fsync(fh.fileno())
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        os.unlink(temporary)
    return _read_secret(path)


def _read_secret(path: Path) -> str:
    secret = path.read_text().strip()
    if not secret:
        raise ValueError(f"{path} is empty: remove it and a new secret is generated")
    return secret


def private_sqlite_file(path: Path) -> None:
    """Make the database's folder (0700 when created) and the database file 0600 before SQLite
    opens it: SQLite gives its -wal and -shm files the database file's mode. Files left by an
    earlier version with a looser mode are narrowed."""
    private_dir(path.parent)
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
    for name in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        with contextlib.suppress(FileNotFoundError):
            if name.stat().st_mode & 0o077:
                name.chmod(0o600)
