"""One fraud flag per photo pair and claim, however often a photo is sent."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from api.auth.roles import Role
from api.db.models import FraudFlag
from api.fraud.signals import FraudSignal
from tests.api.fraud.test_fraud_signals import _flags, _near_copy
from tests.fixtures import images
from tests.fixtures.harness import Harness


def test_the_same_bytes_twice_on_one_claim_answer_the_photo_already_there(harness: Harness) -> None:
    _, alice = harness.login(Role.CUSTOMER)
    _, adjuster = harness.login(Role.SUPERVISOR)
    claim = harness.create_claim(alice)
    data = images.jpeg(51)

    first = harness.upload_photo(alice, claim["id"], data)
    again = harness.upload_photo(alice, claim["id"], data)

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert len(harness.client.get(f"/claims/{claim['id']}/photos", headers=alice).json()) == 1
    audit = harness.client.get(f"/claims/{claim['id']}/audit", headers=adjuster).json()
    assert [e["action"] for e in audit].count("photo_added") == 1


def test_a_photo_sent_many_times_then_by_another_customer_gives_one_flag_per_pair(harness: Harness) -> None:
    _, alice = harness.login(Role.CUSTOMER)
    _, bob = harness.login(Role.CUSTOMER)
    _, adjuster = harness.login(Role.SUPERVISOR)
    first = harness.create_claim(alice)
    second = harness.create_claim(bob)
    for _ in range(5):  # the same bytes, five times: one photo
        harness.upload_photo(alice, first["id"], images.jpeg(52))
    harness.upload_photo(alice, first["id"], _near_copy(52))  # a second, distinct photo of the scene

    harness.upload_photo(bob, second["id"], images.jpeg(52))

    on_second = _flags(harness, second["id"], adjuster)
    on_first = _flags(harness, first["id"], adjuster)
    assert len(on_second) == len(on_first) == 2  # two distinct pairs, one flag each on each claim
    assert len({f["related_photo_id"] for f in on_second}) == 2
    assert {f["signal"] for f in on_first + on_second} == {"duplicate_photo"}


def test_the_database_refuses_a_second_flag_for_one_pair(harness: Harness) -> None:
    _, alice = harness.login(Role.CUSTOMER)
    _, bob = harness.login(Role.CUSTOMER)
    first = harness.create_claim(alice)
    second = harness.create_claim(bob)
    harness.upload_photo(alice, first["id"], images.jpeg(53))
    harness.upload_photo(bob, second["id"], images.jpeg(53))
    with harness.session() as session:
        flag = session.scalars(select(FraudFlag).where(FraudFlag.claim_id == uuid.UUID(second["id"]))).one()
        copy = {
            "claim_id": flag.claim_id,
            "photo_id": flag.photo_id,
            "related_claim_id": flag.related_claim_id,
            "related_photo_id": flag.related_photo_id,
        }
    with pytest.raises(IntegrityError), harness.session() as session:
        session.add(FraudFlag(signal=FraudSignal.DUPLICATE_PHOTO, detail="again", **copy))
        session.flush()


def test_migration_0011_keeps_one_flag_per_pair_of_the_duplicates_already_stored(harness: Harness) -> None:
    from sqlalchemy import func, text

    from api.db.migrate import downgrade, upgrade

    _, alice = harness.login(Role.CUSTOMER)
    _, bob = harness.login(Role.CUSTOMER)
    first, second = harness.create_claim(alice), harness.create_claim(bob)
    harness.upload_photo(alice, first["id"], images.jpeg(54))
    harness.upload_photo(bob, second["id"], images.jpeg(54))
    engine = harness.state.engine
    downgrade(engine, "0010_security")
    columns = "claim_id, signal, photo_id, related_claim_id, related_photo_id, hash_distance, detail, created_at"
    select_flags = text(f"SELECT {columns} FROM fraud_flags")
    insert_flag = text(f"INSERT INTO fraud_flags (id, {columns}) VALUES (:id, :{columns.replace(', ', ', :')})")
    new_id = (lambda: uuid.uuid4()) if engine.dialect.name == "postgresql" else (lambda: uuid.uuid4().hex)
    with engine.begin() as conn:  # what the old code left: the same pair flagged again and again
        for _ in range(3):
            for row in conn.execute(select_flags).all()[:2]:
                conn.execute(insert_flag, {"id": new_id(), **row._asdict()})
        assert conn.scalar(text("SELECT count(*) FROM fraud_flags")) == 8

    upgrade(engine)

    with harness.session() as session:
        assert session.scalar(select(func.count()).select_from(FraudFlag)) == 2
