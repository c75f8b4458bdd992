"""The damaged-part model in the assessment, both ways: present (a tiny ONNX model built in the test,
no training), the finding's part comes from its family sided by the photo or the zone tag; absent
(nothing under models/damaged-parts/), the findings are exactly what they were without it."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

from api.assessments.runtime import load_parts
from api.assessments.service import run_assessment
from api.auth.actor import Actor
from api.auth.roles import Role
from api.config import PartsSettings
from api.db.models.assessment import Finding
from inference.artifact import ModelCard
from inference.damaged_parts import (
    DamagedPartsWithEnds,
    SeesDamagedParts,
    SegmenterWithDamagedParts,
    load_damaged_part_model,
)
from inference.parts import PartSegmenter
from tests.fixtures import images
from tests.fixtures.damaged_parts_model import FAMILIES, IMGSZ, LeftMirrorOnly, write_damaged_part_model
from tests.fixtures.fake_detector import FakeDetector
from tests.fixtures.harness import Harness

pytest.importorskip("onnx")


def _sharp_jpeg(seed: int) -> bytes:
    """Fine random texture, large enough to pass the capture checks."""
    return images.encode(images.pattern(seed, (160, 120)).resize((1280, 960), Image.Resampling.NEAREST), quality=95)


def _upload(harness: Harness, headers: dict[str, str], claim_id: str, data: bytes, **tags: str) -> Any:
    return harness.client.post(
        f"/claims/{claim_id}/photos", files={"file": ("p.jpg", data, "image/jpeg")}, data=tags, headers=headers
    )


def _model(tmp_path: Path, family: str) -> Path:
    rows = np.array([[0, 0, IMGSZ, IMGSZ, 0.8, FAMILIES.index(family)]], np.float32)  # the whole photo
    return write_damaged_part_model(tmp_path / family / "1.0.0", rows)


def _parts(harness: Harness, claim_id: str, parts: PartSegmenter) -> dict[uuid.UUID, tuple[str, str, str | None]]:
    assessment = run_assessment(
        harness.state.session_factory,
        claim_id=uuid.UUID(claim_id),
        actor=Actor.system("test"),
        detector=FakeDetector(),
        parts=parts,
        blobs=harness.state.blobs,
    )
    with harness.session() as session:
        rows = session.query(Finding).filter(Finding.assessment_id == assessment.id).all()
        return {row.photo_id: (row.part, row.part_method, row.side) for row in rows}


def _claim(harness: Harness) -> tuple[dict[str, str], str, dict[str, Any]]:
    _, customer = harness.login(Role.CUSTOMER)
    claim = harness.create_claim(customer)
    photos = {
        "untagged": _upload(harness, customer, claim["id"], _sharp_jpeg(21)),
        "rear_door_right": _upload(
            harness, customer, claim["id"], _sharp_jpeg(22), shot="damage_close", zone="rear_door", side="right"
        ),
    }
    return customer, claim["id"], {k: uuid.UUID(v.json()["id"]) for k, v in photos.items()}


def test_with_the_model_the_family_names_the_part_sided_by_the_photo_or_the_zone(
    harness: Harness, tmp_path: Path
) -> None:
    _, claim_id, photo = _claim(harness)
    door = load_damaged_part_model(_model(tmp_path, "door"))

    found = _parts(harness, claim_id, SegmenterWithDamagedParts(LeftMirrorOnly(), door))

    # The photo shows the left side; front or rear door is not told: unknown, the family a hint.
    assert found[photo["untagged"]] == ("unknown", "hint:door:left", None)
    # The zone tag tells the row; the photo's left side beats the tag's right side.
    assert found[photo["rear_door_right"]] == ("back_left_door", "damaged_part_model", None)


def test_a_family_that_names_one_part_needs_no_side(harness: Harness, tmp_path: Path) -> None:
    _, claim_id, photo = _claim(harness)
    hood = load_damaged_part_model(_model(tmp_path, "hood"))

    found = _parts(harness, claim_id, SegmenterWithDamagedParts(LeftMirrorOnly(), hood))

    assert found[photo["untagged"]] == ("hood", "damaged_part_model", None)
    assert found[photo["rear_door_right"]] == ("hood", "damaged_part_model", None)  # the model before the zone


def test_without_the_model_the_findings_are_as_before(harness: Harness) -> None:
    _, claim_id, photo = _claim(harness)

    found = _parts(harness, claim_id, LeftMirrorOnly())

    assert found[photo["untagged"]] == ("unknown", "no_part_visible", None)
    assert found[photo["rear_door_right"]] == ("back_right_door", "capture_zone", None)


def test_the_finding_reads_with_its_source_and_hint(harness: Harness, tmp_path: Path) -> None:
    customer, claim_id, photo = _claim(harness)
    door = load_damaged_part_model(_model(tmp_path, "door"))
    _parts(harness, claim_id, SegmenterWithDamagedParts(LeftMirrorOnly(), door))

    response = harness.client.get(f"/claims/{claim_id}/assessments/latest", headers=customer)

    assert response.status_code == 200, response.text
    findings = {f["photo_id"]: f["findings"][0] for f in response.json()["photos"]}
    rear_door = findings[str(photo["rear_door_right"])]
    assert (rear_door["part_source"], rear_door["part_kind"]) == ("damaged_part_model", "rear_door")
    untagged = findings[str(photo["untagged"])]
    assert untagged["part_source"] is None and untagged["part_hint"] == "door, left side"
    assert untagged["part_kind"] is None
    assert response.json()["damaged_part_model_version"] == "1.0.0"


def test_an_assessment_without_the_model_records_none(harness: Harness) -> None:
    customer, claim_id, _ = _claim(harness)
    _parts(harness, claim_id, LeftMirrorOnly())

    body = harness.client.get(f"/claims/{claim_id}/assessments/latest", headers=customer).json()

    assert body["damaged_part_model_version"] is None and body["part_model_version"] is not None
    assert body["bumper_end_model_version"] is None


class _SaysFront:
    """A bumper-end classifier that answers ``front``, under a card of version 9.9.9."""

    def __init__(self, card: ModelCard) -> None:
        self._card = card.model_copy(update={"name": "bumper-end", "version": "9.9.9"})

    @property
    def card(self) -> ModelCard:
        return self._card

    def end_of(self, image_rgb: np.ndarray, xyxy: np.ndarray) -> str | None:
        return "front"


def test_the_bumper_end_classifier_names_a_close_up_bumper_and_its_version_is_recorded(
    harness: Harness, tmp_path: Path
) -> None:
    customer, claim_id, photo = _claim(harness)
    bumper = load_damaged_part_model(_model(tmp_path, "bumper"))
    parts = SegmenterWithDamagedParts(LeftMirrorOnly(), DamagedPartsWithEnds(bumper, _SaysFront(bumper.card)))

    found = _parts(harness, claim_id, parts)
    body = harness.client.get(f"/claims/{claim_id}/assessments/latest", headers=customer).json()

    assert found[photo["untagged"]] == ("front_bumper", "damaged_part_model", None)
    assert found[photo["rear_door_right"]] == ("back_bumper", "damaged_part_model", None)  # the zone before it
    assert (body["damaged_part_model_version"], body["bumper_end_model_version"]) == ("1.0.0", "9.9.9")


def test_load_parts_carries_the_model_only_when_one_is_there(tmp_path: Path) -> None:
    empty = tmp_path / "damaged-parts"
    empty.mkdir()
    alone = load_parts(PartsSettings(damaged_parts_root=empty, threads=1))
    assert alone is not None and not isinstance(alone, SeesDamagedParts)

    write_damaged_part_model(empty / "1.0.0", np.zeros((1, 6), np.float32))
    both = load_parts(PartsSettings(damaged_parts_root=empty, threads=1))
    assert isinstance(both, SeesDamagedParts) and both.damaged_parts.card.version == "1.0.0"
    assert both.card == alone.card  # it segments as the segmenter


@pytest.mark.parametrize(("colour", "family"), [((200, 30, 30), "tail_lamp"), ((235, 235, 230), "headlamp")])
def test_the_assessment_names_a_lamp_by_its_colour(tmp_path: Path, colour: tuple[int, int, int], family: str) -> None:
    from api.assessments.analysis import analyse_photo

    photo = np.empty((480, 640, 3), np.uint8)
    photo[:] = colour
    lamp = load_damaged_part_model(_model(tmp_path, "lamp"))

    (finding,) = analyse_photo(
        photo, detector=FakeDetector(), parts=SegmenterWithDamagedParts(LeftMirrorOnly(), lamp)
    ).findings

    assert (finding.part_family, finding.part_family_side) == (family, None)  # one lamp: no pair, no side
    assert family in finding.seen_parts  # and it tells the end of the car to the other findings
