"""Guided capture through the API: each photo's shot, zone and side are stored and read back,
validated against the vocabulary, checked for quality by the assessment job (the upload only
refuses what it must: type, size, shape), and taken by the assessment as the part where the
models name none."""

from __future__ import annotations

import io
import uuid
from typing import Any

import pytest
from PIL import Image, ImageFilter

from api.assessments.service import run_assessment
from api.auth.actor import Actor
from api.auth.roles import Role
from api.db.models.assessment import Finding
from tests.fixtures import images
from tests.fixtures.blobs import overwrite
from tests.fixtures.fake_detector import FakeDetector
from tests.fixtures.harness import Harness

SHARP = (1280, 960)


def _sharp_jpeg(seed: int) -> bytes:
    """Fine random texture: sharp, well exposed, large enough."""
    return images.encode(images.pattern(seed, (160, 120)).resize(SHARP, Image.Resampling.NEAREST), quality=95)


def _upload(harness: Harness, headers: dict[str, str], claim_id: str, data: bytes, **tags: str) -> Any:
    return harness.client.post(
        f"/claims/{claim_id}/photos", files={"file": ("p.jpg", data, "image/jpeg")}, data=tags, headers=headers
    )


def test_tags_are_stored_and_read_back_with_the_quality_check(harness: Harness) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    claim = harness.create_claim(customer)

    tags = {"shot": "damage_close", "zone": "front_door", "side": "left"}
    created = _upload(harness, customer, claim["id"], _sharp_jpeg(1), **tags)
    plate = _upload(harness, customer, claim["id"], _sharp_jpeg(2), shot="plate")

    assert created.status_code == 201, created.text
    assert created.json()["quality"] == [] and "quality_json" not in created.json()
    assert created.json()["quality_checked"] is True  # blur, exposure and size, at upload
    listed = {p["id"]: p for p in harness.client.get(f"/claims/{claim['id']}/photos", headers=customer).json()}
    door = listed[created.json()["id"]]
    assert (door["shot"], door["zone"], door["zone_side"]) == ("damage_close", "front_door", "left")
    assert (listed[plate.json()["id"]]["shot"], listed[plate.json()["id"]]["zone"]) == ("plate", None)


@pytest.mark.parametrize(
    ("tags", "field"),
    [
        ({"shot": "damage_far", "zone": "front_door"}, "left or right"),  # a zone on both sides needs its side
        ({"shot": "damage_far", "zone": "hood", "side": "left"}, "no left or right"),
        ({"shot": "damage_close"}, "needs the zone"),
        ({"shot": "plate", "zone": "hood"}, "takes no zone"),
        ({"zone": "bonnet_of_mars"}, "zone"),
        ({"shot": "selfie"}, "shot"),
    ],
)
def test_an_invalid_tag_is_a_422_problem_and_nothing_is_stored(
    harness: Harness, tags: dict[str, str], field: str
) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    claim = harness.create_claim(customer)
    before = harness.snapshot()

    response = _upload(harness, customer, claim["id"], _sharp_jpeg(3), **tags)

    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert field in response.text
    assert harness.snapshot() == before


def _photos(harness: Harness, headers: dict[str, str], claim_id: str) -> dict[str, Any]:
    return {p["id"]: p for p in harness.client.get(f"/claims/{claim_id}/photos", headers=headers).json()}


def test_the_upload_and_then_the_assessment_job_name_blur_and_low_resolution(harness: Harness) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    _, adjuster = harness.login(Role.SENIOR_ADJUSTER)
    claim = harness.create_claim(customer)
    blurred = images.pattern(4, SHARP).filter(ImageFilter.GaussianBlur(12))
    buffer = io.BytesIO()
    blurred.save(buffer, "JPEG")

    blurry = _upload(harness, customer, claim["id"], buffer.getvalue()).json()
    small = _upload(harness, customer, claim["id"], images.jpeg(5, (480, 360))).json()
    assert blurry["quality_checked"] is True and [c["code"] for c in blurry["quality"]] == ["blurred"]  # at once
    assert [c["code"] for c in small["quality"]] == ["low_resolution"]

    assert harness.assess(claim["id"], adjuster).status_code == 200
    photos = _photos(harness, customer, claim["id"])

    checked = photos[blurry["id"]]
    assert checked["quality_checked"] is True
    assert "blurred" in [c["code"] for c in checked["quality"]]
    assert any(c["message_zh"].startswith("照片模糊") for c in checked["quality"])
    assert "low_resolution" in [c["code"] for c in photos[small["id"]]["quality"]]


def test_a_photo_the_job_cannot_read_is_flagged_and_kept(harness: Harness) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    _, adjuster = harness.login(Role.SENIOR_ADJUSTER)
    claim = harness.create_claim(customer)
    good = _upload(harness, customer, claim["id"], _sharp_jpeg(8)).json()
    damaged = _upload(harness, customer, claim["id"], _sharp_jpeg(9)).json()
    overwrite(harness.state.blobs, damaged["sha256"], b"\xff\xd8\xff not a photo any more")

    assert harness.assess(claim["id"], adjuster).status_code == 200
    photos = _photos(harness, customer, claim["id"])

    assert set(photos) == {good["id"], damaged["id"]}  # flagged, not lost
    assert [c["code"] for c in photos[damaged["id"]]["quality"]] == ["unreadable"]
    assert "unreadable" not in [c["code"] for c in photos[good["id"]]["quality"]]
    assert photos[good["id"]]["quality_checked"] is True


def test_a_photo_under_320_px_is_refused_with_the_reason(harness: Harness) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    claim = harness.create_claim(customer)

    response = _upload(harness, customer, claim["id"], images.jpeg(6, (400, 300)))

    assert response.status_code == 422 and "320" in response.json()["detail"]


def _findings(harness: Harness, claim_id: str) -> dict[uuid.UUID, Finding]:
    assessment = run_assessment(
        harness.state.session_factory,
        claim_id=uuid.UUID(claim_id),
        actor=Actor.system("test"),
        detector=FakeDetector(),
        parts=None,  # no part model: the models name no part, the zone tag does
        blobs=harness.state.blobs,
    )
    with harness.session() as session:
        rows = session.query(Finding).filter(Finding.assessment_id == assessment.id).all()
        return {row.photo_id: row for row in rows}


def test_the_assessment_takes_the_zone_as_the_part_when_the_models_name_none(harness: Harness) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    claim = harness.create_claim(customer)
    door = _upload(harness, customer, claim["id"], _sharp_jpeg(7), shot="damage_close", zone="rear_door", side="right")
    tyre = _upload(harness, customer, claim["id"], _sharp_jpeg(8), shot="damage_far", zone="tyre", side="left")
    roof = _upload(harness, customer, claim["id"], _sharp_jpeg(9), shot="damage_far", zone="roof")
    window = _upload(
        harness, customer, claim["id"], _sharp_jpeg(11), shot="damage_far", zone="side_window", side="left"
    )
    untagged = _upload(harness, customer, claim["id"], _sharp_jpeg(10))

    found = _findings(harness, claim["id"])

    def part(response: Any) -> tuple[str, str, str | None]:
        row = found[uuid.UUID(response.json()["id"])]
        return row.part, row.part_method, row.side

    assert part(door) == ("back_right_door", "capture_zone", None)
    assert part(tyre) == ("tyre", "capture_zone", "left")  # the tyre code names no side: the tag's goes with it
    assert part(roof) == ("roof", "capture_zone", None)
    assert part(window) == ("unknown", "no_part_model", None)  # front or rear door glass? nothing guessed
    assert part(untagged) == ("unknown", "no_part_model", None)


@pytest.mark.parametrize(
    ("method", "source"),
    [("capture_zone", "capture_zone"), ("mask_overlap", "car_parts_segmenter"), ("no_part_model", None)],
)
def test_a_finding_says_what_named_its_part(method: str, source: str | None) -> None:
    from api.assessments.schemas import FindingRead

    finding = FindingRead(
        id=uuid.uuid4(),
        damage_type="dent",
        confidence=0.9,
        xyxy=[0, 0, 1, 1],
        part="hood",
        part_method=method,
        severity="minor",
        severity_rule="R",
    )
    assert finding.model_dump()["part_source"] == source
