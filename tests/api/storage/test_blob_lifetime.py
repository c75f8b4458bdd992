"""A stored file lives as long as a row uses it: shared files survive a deletion or a failed
upload elsewhere, orphans are reconciled, and concurrent uploads of one photo never deadlock."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select

from api.auth.actor import Actor
from api.auth.roles import Role
from api.claims import repository as claims_repository
from api.db.engine import rollback_and_run_hooks, unit_of_work, write_session
from api.db.models import FraudFlag, Photo, User
from api.storage import lifetime
from api.storage import service as storage
from tests.api.fraud.test_fraud_signals import _near_copy
from tests.fixtures import images
from tests.fixtures.blobs import names
from tests.fixtures.harness import Harness


def test_deleting_one_of_two_photos_that_share_a_file_keeps_the_file(harness: Harness) -> None:
    _, alice = harness.login(Role.CUSTOMER)
    _, bob = harness.login(Role.CUSTOMER)
    first, second = harness.create_claim(alice), harness.create_claim(bob)
    data = images.jpeg(61)
    mine = harness.upload_photo(alice, first["id"], data).json()
    theirs = harness.upload_photo(bob, second["id"], data).json()
    assert mine["sha256"] == theirs["sha256"] and len(harness.stored_files()) == 1

    assert harness.client.delete(f"/claims/{first['id']}/photos/{mine['id']}", headers=alice).status_code == 204

    content = harness.client.get(f"/claims/{second['id']}/photos/{theirs['id']}/content", headers=bob)
    assert content.status_code == 200 and content.content == data
    assert harness.client.delete(f"/claims/{second['id']}/photos/{theirs['id']}", headers=bob).status_code == 204
    assert harness.stored_files() == []


def test_a_deletion_that_rolls_back_puts_the_file_back(harness: Harness) -> None:
    user, alice = harness.login(Role.CUSTOMER)
    claim = harness.create_claim(alice)
    photo = harness.upload_photo(alice, claim["id"], images.jpeg(62)).json()
    session = write_session(harness.state.session_factory)
    try:
        locked = claims_repository.get(session, claim_id=uuid.UUID(claim["id"]), for_update=True)
        assert locked is not None
        storage.remove_photo(
            session, claim=locked, photo_id=uuid.UUID(photo["id"]), actor=Actor.of(user), blobs=harness.state.blobs
        )
        assert harness.stored_files() == []  # set aside while the transaction is open
    finally:
        rollback_and_run_hooks(session)
        session.close()
    assert harness.state.blobs.exists(photo["sha256"])
    assert harness.client.get(f"/claims/{claim['id']}/photos", headers=alice).json()[0]["id"] == photo["id"]


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_a_failed_upload_never_removes_a_file_another_upload_committed(harness: Harness) -> None:
    factory = harness.state.session_factory
    alice_user, alice = harness.login(Role.CUSTOMER)
    bob_user, bob = harness.login(Role.CUSTOMER)
    first, second = harness.create_claim(alice), harness.create_claim(bob)
    data = images.jpeg(63)
    outcome: dict[str, Any] = {}

    def bob_uploads() -> None:
        with unit_of_work(factory) as session:
            claim = claims_repository.get(session, claim_id=uuid.UUID(second["id"]), for_update=True)
            assert claim is not None
            photo = _add(session, harness, claim, bob_user, data)
            outcome["sha256"] = photo.sha256

    session = write_session(factory)
    try:
        claim = claims_repository.get(session, claim_id=uuid.UUID(first["id"]), for_update=True)
        assert claim is not None
        assert lifetime.store(session, harness.state.blobs, data).created  # alice's upload wrote the file...
        other = threading.Thread(target=bob_uploads)
        other.start()
        other.join(timeout=1.0)  # ...bob's upload of the same bytes runs meanwhile (it waits for the blob lock)
    finally:
        rollback_and_run_hooks(session)  # ...and alice's fails
        session.close()
    other.join(timeout=30)
    assert not other.is_alive()
    assert harness.state.blobs.exists(outcome["sha256"])
    content = harness.client.get(f"/claims/{second['id']}/photos", headers=bob).json()
    assert [p["sha256"] for p in content] == [outcome["sha256"]]
    assert alice_user.id != bob_user.id


def _add(session: Any, harness: Harness, claim: Any, user: User, data: bytes) -> Photo:
    rules = storage.PhotoRules.of(harness.state)
    return storage.upload_photo(session, claim=claim, data=data, actor=Actor.of(user), rules=rules).photo


# Ages are real: S3 keeps no modification time a test could set, only when an object was written
# (to the second). Files written before a pause of PAUSE seconds are older than GRACE; later ones are not.
GRACE, PAUSE = 1.6, 2.2


def test_reconcile_removes_only_old_files_no_row_uses(harness: Harness) -> None:
    _, alice = harness.login(Role.CUSTOMER)
    claim = harness.create_claim(alice)
    used = harness.upload_photo(alice, claim["id"], images.jpeg(64)).json()
    blobs = harness.state.blobs
    old_orphan = blobs.put(b"nobody uses this any more").sha256
    killed = blobs.put(b"set aside by a process killed before its commit").sha256
    assert blobs.set_aside(killed) is not None  # a leftover
    time.sleep(PAUSE)
    new_orphan = blobs.put(b"an upload still in flight").sha256
    refreshed = blobs.put(b"nobody uses this any more")  # stored again: young again
    assert not refreshed.created and refreshed.sha256 == old_orphan

    report = lifetime.reconcile(harness.state.session_factory, blobs, grace_seconds=GRACE)

    assert (report.files, report.in_use, report.too_recent, report.removed, report.leftovers_removed) == (3, 1, 2, 0, 1)
    assert blobs.leftovers() == []
    assert sorted(names(blobs)) == sorted([used["sha256"], old_orphan, new_orphan])
    time.sleep(PAUSE)

    report = lifetime.reconcile(harness.state.session_factory, blobs, grace_seconds=GRACE)

    assert (report.files, report.in_use, report.too_recent, report.removed) == (3, 1, 0, 2)
    assert names(blobs) == [used["sha256"]]


def test_orphans_are_reconciled_at_start_and_by_the_cli(harness_factory: Callable[..., Any]) -> None:
    from typer.testing import CliRunner

    from api.cli import app
    from api.config import get_settings

    with harness_factory() as h:
        orphan = h.state.blobs.put(b"left by a crash").sha256
        settings = h.state.settings
    time.sleep(PAUSE)
    with harness_factory(storage={"orphan_grace_seconds": GRACE}) as h:
        assert not h.state.blobs.exists(orphan)  # the lifespan reconciled it
        second = h.state.blobs.put(b"another").sha256
    time.sleep(PAUSE)
    env = {"CLAIMSIGHT_DATABASE_URL": str(settings.database_url), "CLAIMSIGHT_DATA_DIR": str(settings.data_dir)}
    if settings.storage.backend == "s3":
        s3 = settings.storage.s3
        assert s3.access_key_id is not None and s3.secret_access_key is not None
        env |= {
            "CLAIMSIGHT_STORAGE__BACKEND": "s3",
            "CLAIMSIGHT_STORAGE__S3__ENDPOINT_URL": str(s3.endpoint_url),
            "CLAIMSIGHT_STORAGE__S3__BUCKET": str(s3.bucket),
            "CLAIMSIGHT_STORAGE__S3__PREFIX": s3.prefix,
            "AWS_ACCESS_KEY_ID": s3.access_key_id.get_secret_value(),  # credentials the usual way
            "AWS_SECRET_ACCESS_KEY": s3.secret_access_key.get_secret_value(),
        }
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["storage", "reconcile", "--grace-seconds", str(GRACE)], env=env)
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert "1 unused removed" in result.output
    with harness_factory() as h:
        assert not h.state.blobs.exists(second)


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_eight_concurrent_uploads_of_one_photo_to_other_customers_claims_never_fail(harness: Harness) -> None:
    """Each claim already holds near-copies of the photo, so every upload inserts flags on the
    other claims while they upload too: the lock order must not deadlock."""
    factory = harness.state.session_factory
    owners = [harness.login(Role.CUSTOMER) for _ in range(8)]
    claims = [harness.create_claim(headers) for _, headers in owners]
    for (_, headers), claim in zip(owners, claims, strict=True):
        assert harness.upload_photo(headers, claim["id"], _near_copy(65)).status_code == 201
    data = images.jpeg(65)
    barrier = threading.Barrier(len(owners))
    errors: list[BaseException] = []

    def upload(user: User, claim_id: str) -> None:
        try:
            barrier.wait(timeout=30)
            with unit_of_work(factory) as session:
                claim = claims_repository.get(session, claim_id=uuid.UUID(claim_id), for_update=True)
                assert claim is not None
                _add(session, harness, claim, user, data)
        except BaseException as exc:
            errors.append(exc)

    threads = [
        threading.Thread(target=upload, args=(user, claim["id"]))
        for (user, _), claim in zip(owners, claims, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    with harness.session() as session:
        assert session.scalar(select(func.count()).select_from(Photo)) == 16
        flags = session.scalar(select(func.count()).select_from(FraudFlag))
    # 16 photos of one scene on 8 claims: every pair of photos on different claims, flagged once on each side
    assert flags == 2 * (16 * 15 // 2 - 8)
