"""What a photo must be to be kept, when it may be added or removed, and that a bad stored
photo never stops an assessment."""

from __future__ import annotations

import httpx
import pytest
from PIL import Image

from api.auth.roles import Role
from api.db.models import Claim
from api.workflow.states import ClaimState
from tests.fixtures import images
from tests.fixtures.blobs import overwrite
from tests.fixtures.fake_detector import FakeDetector
from tests.fixtures.harness import Harness


def _assert_problem(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == f"urn:claimsight:problem:{code}"


def _solid_png(width: int, height: int) -> bytes:
    return images.encode(Image.new("RGB", (width, height), (90, 90, 90)), "PNG")


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (_solid_png(1, 1), "photo-too-small"),
        (_solid_png(1, 30000), "photo-too-small"),
        (images.jpeg(2, size=(400, 300)), "photo-too-small"),
        (_solid_png(4000, 320), "photo-aspect-ratio"),
    ],
    ids=["1x1", "1x30000", "400x300", "panorama-12.5-to-1"],
)
def test_tiny_and_absurd_photos_are_refused_with_a_precise_422(harness: Harness, data: bytes, code: str) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    claim = harness.create_claim(customer)
    before = harness.snapshot()

    response = harness.upload_photo(customer, claim["id"], data)

    _assert_problem(response, 422, code)
    assert "px" in response.json()["detail"]
    assert harness.snapshot() == before


def test_the_smallest_accepted_photo_is_320_on_its_short_side(harness: Harness) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    claim = harness.create_claim(customer)
    assert harness.upload_photo(customer, claim["id"], images.jpeg(3, size=(320, 1280))).status_code == 201


def _set_state(harness: Harness, claim_id: str, state: ClaimState) -> None:
    import uuid

    with harness.session() as session:
        claim = session.get(Claim, uuid.UUID(claim_id))
        assert claim is not None
        claim.state = state


def test_uploads_to_a_closed_claim_are_a_409(harness: Harness) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    claim = harness.create_claim(customer)
    _set_state(harness, claim["id"], ClaimState.CLOSED)
    before = harness.snapshot()

    _assert_problem(harness.upload_photo(customer, claim["id"]), 409, "claim-closed")
    document = harness.client.post(
        f"/claims/{claim['id']}/documents", files={"file": ("q.pdf", images.minimal_pdf())}, headers=customer
    )
    _assert_problem(document, 409, "claim-closed")
    assert harness.snapshot() == before


def test_the_customer_and_an_adjuster_may_delete_a_photo_before_the_assessment(harness: Harness) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    _, stranger = harness.login(Role.CUSTOMER)
    _, adjuster = harness.login(Role.SENIOR_ADJUSTER)
    _, handler = harness.login(Role.COMPLAINT_HANDLER)
    claim = harness.create_claim(customer)
    first = harness.upload_photo(customer, claim["id"], images.jpeg(31)).json()
    second = harness.upload_photo(customer, claim["id"], images.jpeg(32)).json()
    url = f"/claims/{claim['id']}/photos"

    _assert_problem(harness.client.delete(f"{url}/{first['id']}", headers=stranger), 404, "claim-not-found")
    _assert_problem(harness.client.delete(f"{url}/{first['id']}", headers=handler), 403, "role-required")
    assert harness.client.delete(f"{url}/{first['id']}", headers=customer).status_code == 204
    assert harness.client.delete(f"{url}/{second['id']}", headers=adjuster).status_code == 204
    _assert_problem(harness.client.delete(f"{url}/{second['id']}", headers=customer), 404, "photo-not-found")

    assert harness.client.get(url, headers=customer).json() == []
    assert harness.stored_files() == []  # no other row used those files
    audit = harness.client.get(f"/claims/{claim['id']}/audit", headers=adjuster).json()
    assert [e["action"] for e in audit].count("photo_removed") == 2


def test_a_photo_cannot_be_deleted_once_it_was_assessed(harness: Harness) -> None:
    harness.state.detector = FakeDetector()
    harness.state.parts = None
    _, customer = harness.login(Role.CUSTOMER)
    _, adjuster = harness.login(Role.SENIOR_ADJUSTER)
    claim = harness.create_claim(customer)
    photo = harness.upload_photo(customer, claim["id"]).json()
    assert harness.assess(claim["id"], adjuster).status_code == 200

    response = harness.client.delete(f"/claims/{claim['id']}/photos/{photo['id']}", headers=customer)

    _assert_problem(response, 409, "photo-assessed")
    assert [p["id"] for p in harness.client.get(f"/claims/{claim['id']}/photos", headers=customer).json()] == [
        photo["id"]
    ]


def test_a_photo_cannot_be_deleted_while_an_assessment_runs(harness: Harness) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    claim = harness.create_claim(customer)
    photo = harness.upload_photo(customer, claim["id"]).json()
    _set_state(harness, claim["id"], ClaimState.ASSESSING)

    response = harness.client.delete(f"/claims/{claim['id']}/photos/{photo['id']}", headers=customer)

    _assert_problem(response, 409, "photo-assessed")


@pytest.mark.parametrize("damage", ["garbage", "missing"])
def test_an_unreadable_stored_photo_is_skipped_with_an_error_not_a_500(harness: Harness, damage: str) -> None:
    harness.state.detector = FakeDetector()
    harness.state.parts = None
    _, customer = harness.login(Role.CUSTOMER)
    _, adjuster = harness.login(Role.SENIOR_ADJUSTER)
    claim = harness.create_claim(customer)
    bad = harness.upload_photo(customer, claim["id"], images.jpeg(41)).json()
    good = harness.upload_photo(customer, claim["id"], images.jpeg(42)).json()
    if damage == "garbage":
        overwrite(harness.state.blobs, bad["sha256"], b"\xff\xd8\xff\xe0 not a jpeg any more")
    else:
        harness.state.blobs.remove(bad["sha256"])

    response = harness.assess(claim["id"], adjuster)

    assert response.status_code == 200, response.text
    by_photo = {p["photo_id"]: p for p in response.json()["photos"]}
    assert by_photo[bad["id"]]["findings"] == []
    assert [f["code"] for f in by_photo[bad["id"]]["quality_flags"]] == ["unreadable"]
    assert len(by_photo[good["id"]]["findings"]) == 1
