"""``claimsight assess``: photos in, the itemized estimate printed and written as a PDF."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from api.assess_cli import DEFAULT_DETECTOR_DIR, assess_photos
from api.cli import app
from pricing import PolicyTerms, Vehicle, VehicleClass
from tests.fixtures import images
from tests.fixtures.fake_detector import FakeDetector
from tests.fixtures.fake_parts import FakePartSegmenter

PHOTO = np.full((480, 640, 3), 128, np.uint8)


def test_with_a_part_model_damage_is_priced_on_its_part() -> None:
    result = assess_photos(
        [("IMG_1.jpg", PHOTO)],
        detector=FakeDetector(),
        segmenter=FakePartSegmenter(),
        vehicle=Vehicle(VehicleClass.MIDSIZE),
        region="310000",
        policy_terms=PolicyTerms(),
    )

    lines = {line.line_id: line for line in result.estimate.lines}
    assert "front_left_door/labour.repair" in lines or "front_left_door/parts" in lines
    assert all(line.amount is not None for line in lines.values())
    assert result.estimate.complete
    assert any("dent on front_left_door" in note for note in result.notes)
    assert result.photos[0].caption.startswith("照片1 IMG_1.jpg：#1 凹陷·左前门")


def test_without_a_part_model_parts_are_unknown_and_it_says_so() -> None:
    result = assess_photos(
        [("IMG_1.jpg", PHOTO)],
        detector=FakeDetector(),
        segmenter=None,
        vehicle=Vehicle(VehicleClass.COMPACT),
        region="default",
        policy_terms=PolicyTerms(),
    )

    (line,) = result.estimate.lines
    assert line.line_id == "unidentified/IMG_1.jpg#1" and line.amount is None
    assert "no part model" in result.notes[0]
    assert not result.estimate.complete


def test_a_missing_detector_is_a_clear_error(tmp_path: Path) -> None:
    photo = tmp_path / "p.jpg"
    photo.write_bytes(images.jpeg(3))

    result = CliRunner().invoke(app, ["assess", str(photo), "--model-dir", str(tmp_path / "none")])

    assert result.exit_code == 2
    assert "No damage detector" in result.output


@pytest.mark.slow
@pytest.mark.skipif(not (DEFAULT_DETECTOR_DIR / "model.json").is_file(), reason="no committed damage detector")
def test_end_to_end_prints_the_estimate_and_writes_the_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    photo = tmp_path / "p.jpg"
    photo.write_bytes(images.jpeg(5, size=(320, 240)))
    out = tmp_path / "estimate.pdf"

    result = CliRunner().invoke(app, ["assess", str(photo), "--vehicle-class", "compact", "--pdf", str(out)])

    assert result.exit_code == 0, result.output
    assert "damage detector damage-detector" in result.output
    assert "应赔付" in result.output and "价格库 sample-2026.2" in result.output
    assert out.read_bytes().startswith(b"%PDF-")


def test_json_lists_each_finding_with_its_part_side_source_and_priced_lines() -> None:
    from api.assess_cli import assessment_json

    result = assess_photos(
        [("IMG_1.jpg", PHOTO)],
        detector=FakeDetector(),
        segmenter=FakePartSegmenter(),
        vehicle=Vehicle(VehicleClass.MIDSIZE),
        region="310000",
        policy_terms=PolicyTerms(),
    )
    doc = assessment_json(result, detector="fake 0", parts="fake-parts 0")

    (photo,) = doc["photos"]
    (finding,) = photo["findings"]
    assert finding["damage_type"] == "dent" and finding["part"] == "front_left_door"
    assert finding["side"] == "left" and finding["part_source"] == "car_parts_segmenter"
    assert len(finding["xyxy"]) == 4 and 0 < finding["confidence"] <= 1
    assert finding["severity"] in {"minor", "moderate", "severe"}
    line_ids = {line["line_id"] for line in doc["lines"]}
    assert finding["line_ids"] and set(finding["line_ids"]) <= line_ids
    assert isinstance(doc["payable"], str)


def test_without_a_part_model_json_says_nothing_decided_the_part() -> None:
    from api.assess_cli import assessment_json

    result = assess_photos(
        [("IMG_1.jpg", PHOTO)],
        detector=FakeDetector(),
        segmenter=None,
        vehicle=Vehicle(VehicleClass.COMPACT),
        region="default",
        policy_terms=PolicyTerms(),
    )
    finding = assessment_json(result, detector="fake 0", parts=None)["photos"][0]["findings"][0]

    assert finding["part"] == "unknown" and finding["side"] is None
    assert finding["part_source"] is None and finding["part_method"] == "no_part_model"


@pytest.mark.slow
@pytest.mark.skipif(not (DEFAULT_DETECTOR_DIR / "model.json").is_file(), reason="no committed damage detector")
def test_json_from_another_folder_finds_the_bundled_models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    photo = tmp_path / "p.jpg"
    photo.write_bytes(images.jpeg(5, size=(640, 480)))
    monkeypatch.chdir(tmp_path)  # not the checkout: models are found beside the package

    result = CliRunner().invoke(app, ["assess", str(photo), "--json"])

    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["models"]["damage_detector"].startswith("damage-detector ")
    assert doc["models"]["part_model"] is not None
    assert [p["photo"] for p in doc["photos"]] == ["p.jpg"]
