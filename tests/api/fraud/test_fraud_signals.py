from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from PIL import Image, ImageEnhance

from api.auth.roles import Role
from api.storage.images import hamming
from tests.fixtures import images
from tests.fixtures.harness import Harness


def _flags(harness: Harness, claim_id: str, headers: dict[str, str]) -> list[dict[str, Any]]:
    body = harness.client.get(f"/claims/{claim_id}", headers=headers).json()
    return list(body["fraud_flags"])


def _near_copy(seed: int) -> bytes:
    """The same scene, re-encoded smaller and a little brighter: a near-duplicate."""
    image = images.pattern(seed, (480, 320)).resize((600, 400))
    return images.encode(ImageEnhance.Brightness(image).enhance(1.05), "JPEG", quality=70)


def test_near_copy_is_close_and_other_photos_are_far() -> None:
    from io import BytesIO

    import imagehash

    def phash(data: bytes) -> str:
        return str(imagehash.phash(Image.open(BytesIO(data))))

    assert 0 < hamming(phash(images.jpeg(21)), phash(_near_copy(21))) <= 6
    assert hamming(phash(images.jpeg(21)), phash(images.jpeg(22))) > 6


def test_same_photo_in_another_customers_claim_flags_both(harness: Harness) -> None:
    _, alice = harness.login(Role.CUSTOMER)
    _, bob = harness.login(Role.CUSTOMER)
    _, adjuster = harness.login(Role.SENIOR_ADJUSTER)
    first = harness.create_claim(alice)
    second = harness.create_claim(bob)
    original = harness.upload_photo(alice, first["id"], images.jpeg(21)).json()
    assert _flags(harness, first["id"], adjuster) == []
    copy = harness.upload_photo(bob, second["id"], _near_copy(21)).json()

    [on_second] = _flags(harness, second["id"], adjuster)
    [on_first] = _flags(harness, first["id"], adjuster)
    assert on_second["signal"] == on_first["signal"] == "duplicate_photo"
    assert (on_second["photo_id"], on_second["related_claim_id"], on_second["related_photo_id"]) == (
        copy["id"],
        first["id"],
        original["id"],
    )
    assert on_first["related_claim_id"] == second["id"]
    assert on_first["hash_distance"] <= 6
    audit = harness.client.get(f"/claims/{first['id']}/audit", headers=adjuster).json()
    assert audit[-1]["action"] == "fraud_flagged"


def test_flags_are_never_shown_to_customers(harness: Harness) -> None:
    _, alice = harness.login(Role.CUSTOMER)
    _, bob = harness.login(Role.CUSTOMER)
    first = harness.create_claim(alice)
    second = harness.create_claim(bob)
    harness.upload_photo(alice, first["id"], images.jpeg(23))
    harness.upload_photo(bob, second["id"], images.jpeg(23))
    for headers, claim in ((alice, first), (bob, second)):
        for path in (
            f"/claims/{claim['id']}",
            "/claims",
            f"/claims/{claim['id']}/timeline",
            f"/claims/{claim['id']}/photos",
        ):
            text = harness.client.get(path, headers=headers).text
            assert "fraud" not in text and "duplicate" not in text, path
        assert harness.client.get(f"/claims/{claim['id']}/audit", headers=headers).status_code == 403


def test_same_customer_reusing_a_photo_on_another_claim_is_flagged_as_reuse(harness: Harness) -> None:
    _, alice = harness.login(Role.CUSTOMER)
    _, adjuster = harness.login(Role.SUPERVISOR)
    first = harness.create_claim(alice)
    second = harness.create_claim(alice)
    original = harness.upload_photo(alice, first["id"], images.jpeg(24)).json()
    again = harness.upload_photo(alice, second["id"], _near_copy(24)).json()

    [on_second] = _flags(harness, second["id"], adjuster)
    [on_first] = _flags(harness, first["id"], adjuster)
    assert on_second["signal"] == on_first["signal"] == "reused_photo"
    assert (on_second["photo_id"], on_second["related_photo_id"]) == (again["id"], original["id"])
    assert on_first["related_claim_id"] == second["id"]
    assert "own claim" in on_second["detail"]


def test_different_photos_are_not_flagged(harness: Harness) -> None:
    _, alice = harness.login(Role.CUSTOMER)
    _, bob = harness.login(Role.CUSTOMER)
    _, adjuster = harness.login(Role.SUPERVISOR)
    first = harness.create_claim(alice)
    second = harness.create_claim(bob)
    harness.upload_photo(alice, first["id"], images.jpeg(25))
    harness.upload_photo(bob, second["id"], images.jpeg(26))
    assert _flags(harness, first["id"], adjuster) == _flags(harness, second["id"], adjuster) == []


def test_hash_distance_threshold_is_configurable(harness_factory: Callable[..., Any]) -> None:
    with harness_factory(fraud={"max_hash_distance": 0}) as h:
        _, alice = h.login(Role.CUSTOMER)
        _, bob = h.login(Role.CUSTOMER)
        _, adjuster = h.login(Role.SUPERVISOR)
        first = h.create_claim(alice)
        second = h.create_claim(bob)
        h.upload_photo(alice, first["id"], images.jpeg(21))
        h.upload_photo(bob, second["id"], _near_copy(21))
        assert _flags(h, second["id"], adjuster) == []  # the near copy is 2 bits away
        h.upload_photo(bob, second["id"], images.jpeg(21))
        assert [f["hash_distance"] for f in _flags(h, second["id"], adjuster)] == [0]


@pytest.mark.parametrize(
    ("captured", "signals"),
    [
        (timedelta(hours=-1), set()),  # taken an hour before reporting: fine
        (timedelta(hours=3), {"captured_after_report"}),
        (None, {"captured_before_policy"}),
    ],
    ids=["before-report", "after-report", "before-policy"],
)
def test_capture_time_signals(harness: Harness, captured: timedelta | None, signals: set[str]) -> None:
    _, alice = harness.login(Role.CUSTOMER)
    _, adjuster = harness.login(Role.SUPERVISOR)
    claim = harness.create_claim(alice, policy_start="2026-01-01")
    if captured is None:
        local = datetime(2025, 12, 30, 10, 0)  # before the policy started
    else:
        reported = datetime.fromisoformat(claim["reported_at"])
        local = (reported + captured).astimezone(harness.state.tz).replace(tzinfo=None)
    response = harness.upload_photo(alice, claim["id"], images.jpeg(27, captured_at=local))
    assert response.status_code == 201
    assert {f["signal"] for f in _flags(harness, claim["id"], adjuster)} == signals
    assert response.json()["captured_at"] is not None
    assert datetime.fromisoformat(response.json()["captured_at"]).tzinfo is not None
    assert datetime.now(UTC) > datetime(2026, 1, 1, tzinfo=UTC)  # the fixture's policy has started
