"""``claimsight storage copy --to s3``: every local file reaches the S3 store checked against its
sha256; running it again copies nothing; a file damaged on disk is named, never copied."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.storage.backends.local import LocalBlobStore
from api.storage.backends.s3 import S3BlobStore
from api.storage.blobstore import digest_of
from api.storage.copy import CopyOutcome, copy_blobs
from tests.fixtures.blobs import names, overwrite
from tests.fixtures.s3server import ACCESS_KEY, SECRET_KEY, S3Server


def _s3_env(server: S3Server, prefix: str) -> dict[str, str]:
    return {
        "CLAIMSIGHT_STORAGE__S3__ENDPOINT_URL": server.endpoint_url,
        "CLAIMSIGHT_STORAGE__S3__BUCKET": server.bucket,
        "CLAIMSIGHT_STORAGE__S3__PREFIX": prefix,
        "CLAIMSIGHT_STORAGE__S3__ACCESS_KEY_ID": ACCESS_KEY,
        "CLAIMSIGHT_STORAGE__S3__SECRET_ACCESS_KEY": SECRET_KEY,
    }


def _s3(server: S3Server, prefix: str) -> S3BlobStore:
    from api.config import S3Settings

    return S3BlobStore.from_settings(
        S3Settings(
            endpoint_url=server.endpoint_url,
            bucket=server.bucket,
            prefix=prefix,
            access_key_id=ACCESS_KEY,
            secret_access_key=SECRET_KEY,
        )
    )


def test_every_file_is_copied_checked_and_a_second_run_copies_nothing(s3_server: S3Server, tmp_path: Path) -> None:
    local = LocalBlobStore(tmp_path / "blobs")
    files = [local.put(f"photo {i}".encode()).sha256 for i in range(4)]
    damaged = local.put(b"a document").sha256
    overwrite(local, damaged, b"bit rot")
    target = _s3(s3_server, f"t-{uuid.uuid4().hex[:12]}/")
    target.put(b"photo 0")  # an earlier run stopped after the first file

    first = copy_blobs(local, target)

    assert first.files == 5
    assert first.count(CopyOutcome.COPIED) == 3 and first.count(CopyOutcome.ALREADY_THERE) == 1
    assert first.count(CopyOutcome.CORRUPT_SOURCE) == 1 and first.failed == [damaged[:12]]
    assert names(target) == sorted(files)
    assert all(target.read(sha) == local.read(sha) for sha in files)
    assert not first.ok

    again = copy_blobs(local, target)

    assert again.count(CopyOutcome.COPIED) == 0 and again.count(CopyOutcome.ALREADY_THERE) == 4
    assert names(target) == sorted(files)


def test_a_copy_on_the_target_that_does_not_match_its_name_is_replaced(s3_server: S3Server, tmp_path: Path) -> None:
    local = LocalBlobStore(tmp_path / "blobs")
    sha = local.put(b"the real photo").sha256
    target = _s3(s3_server, f"t-{uuid.uuid4().hex[:12]}/")
    overwrite(target, sha, b"the fake photo")  # same key and size, other bytes (a manual copy gone wrong)

    report = copy_blobs(local, target)

    assert report.count(CopyOutcome.COPIED) == 1 and report.ok
    assert digest_of(target.read(sha)) == sha


def test_the_command_copies_the_local_store_to_the_configured_bucket(
    s3_server: S3Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from api.cli import app as cli
    from api.config import get_settings

    data_dir = tmp_path / "var"
    local = LocalBlobStore(data_dir / "blobs")
    sha = local.put(b"a photo").sha256
    prefix = f"t-{uuid.uuid4().hex[:12]}/"
    monkeypatch.setenv("CLAIMSIGHT_DATA_DIR", str(data_dir))
    for key, value in _s3_env(s3_server, prefix).items():
        monkeypatch.setenv(key, value)
    get_settings.cache_clear()
    try:
        assert get_settings().storage_root == local.root  # the store the service wrote
        done = CliRunner().invoke(cli, ["storage", "copy", "--to", "s3"])
        again = CliRunner().invoke(cli, ["storage", "copy", "--to", "s3"])
        refused = CliRunner().invoke(cli, ["storage", "copy", "--to", "ftp"])
    finally:
        get_settings.cache_clear()

    assert done.exit_code == 0, done.output
    assert "1 files: 1 copied, 0 already there" in done.output
    assert "0 copied, 1 already there" in again.output
    assert refused.exit_code == 2
    assert _s3(s3_server, prefix).read(sha) == b"a photo"
