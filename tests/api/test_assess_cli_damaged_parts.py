"""``claimsight assess`` with and without a damaged-part model (a tiny ONNX built in the test)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from api.assess_cli import DEFAULT_DETECTOR_DIR, assess_photos, assessment_json
from api.cli import app
from inference.damaged_parts import load_damaged_part_model
from pricing import PolicyTerms, Vehicle, VehicleClass
from tests.fixtures import images
from tests.fixtures.damaged_parts_model import FAMILIES, IMGSZ, LeftMirrorOnly, NothingSeen, write_damaged_part_model
from tests.fixtures.fake_detector import FakeDetector
from tests.fixtures.fake_parts import FakePartSegmenter

pytest.importorskip("onnx")
PHOTO = np.full((480, 640, 3), 128, np.uint8)


def _model_dir(tmp_path: Path, family: str) -> Path:
    rows = np.array([[0, 0, IMGSZ, IMGSZ, 0.8, FAMILIES.index(family)]], np.float32)
    return write_damaged_part_model(tmp_path / family / "1.0.0", rows)


def _doc(segmenter: Any, damaged: Any, photo: np.ndarray = PHOTO) -> dict[str, Any]:
    result = assess_photos(
        [("IMG_1.jpg", photo)],
        detector=FakeDetector(),
        segmenter=segmenter,
        vehicle=Vehicle(VehicleClass.MIDSIZE),
        region="310000",
        policy_terms=PolicyTerms(),
        damaged_parts=damaged,
    )
    return assessment_json(result, detector="fake 0", parts="fake-parts 0", damaged_parts="dp 1")


def test_the_family_sided_by_the_photo_names_and_prices_the_part(tmp_path: Path) -> None:
    doc = _doc(LeftMirrorOnly(), load_damaged_part_model(_model_dir(tmp_path, "mirror")))

    (finding,) = doc["photos"][0]["findings"]
    assert (finding["part"], finding["side"], finding["part_source"]) == ("left_mirror", "left", "damaged_part_model")
    assert finding["part_method"] == "damaged_part_model" and finding["part_hint"] is None
    assert finding["part_kind"] == "mirror"
    assert finding["line_ids"] and all(i.startswith("left_mirror/") for i in finding["line_ids"])
    assert doc["models"]["damaged_part_model"] == "dp 1"


def test_a_family_that_cannot_be_sided_stays_unknown_with_its_hint(tmp_path: Path) -> None:
    doc = _doc(NothingSeen(), load_damaged_part_model(_model_dir(tmp_path, "door")))

    (finding,) = doc["photos"][0]["findings"]
    assert (finding["part"], finding["side"], finding["part_source"]) == ("unknown", None, None)
    assert finding["part_method"] == "hint:door" and finding["part_hint"] == "door, side unknown"
    assert finding["part_kind"] is None  # front or rear door: not told


@pytest.mark.parametrize(("colour", "kind"), [((200, 30, 30), "tail_lamp"), ((235, 235, 230), "headlamp")])
def test_a_lamp_is_told_head_or_tail_by_its_colour(tmp_path: Path, colour: tuple[int, int, int], kind: str) -> None:
    photo = np.empty((480, 640, 3), np.uint8)
    photo[:] = colour

    doc = _doc(NothingSeen(), load_damaged_part_model(_model_dir(tmp_path, "lamp")), photo)

    (finding,) = doc["photos"][0]["findings"]
    assert (finding["part"], finding["part_method"], finding["part_kind"]) == ("unknown", f"hint:{kind}", kind)
    assert finding["part_hint"] == f"{kind}, side unknown"


def test_the_segmenter_still_decides_where_it_sees_the_part_the_family_names(tmp_path: Path) -> None:
    with_model = _doc(FakePartSegmenter(), load_damaged_part_model(_model_dir(tmp_path, "door")))
    without = _doc(FakePartSegmenter(), None)

    assert with_model["photos"] == without["photos"]
    assert without["photos"][0]["findings"][0]["part"] == "front_left_door"


def test_a_family_naming_another_part_overrules_the_segmenter(tmp_path: Path) -> None:
    (finding,) = _doc(FakePartSegmenter(), load_damaged_part_model(_model_dir(tmp_path, "hood")))["photos"][0][
        "findings"
    ]

    assert (finding["part"], finding["part_source"], finding["part_method"]) == (
        "hood",
        "damaged_part_model",
        "damaged_part_model",
    )


def test_without_a_segmenter_the_damaged_part_model_is_not_served(tmp_path: Path) -> None:
    (finding,) = _doc(None, load_damaged_part_model(_model_dir(tmp_path, "door")))["photos"][0]["findings"]

    assert (finding["part"], finding["part_method"], finding["part_hint"]) == ("unknown", "no_part_model", None)


def test_without_the_model_the_findings_are_as_before() -> None:
    (finding,) = _doc(LeftMirrorOnly(), None)["photos"][0]["findings"]

    assert (finding["part"], finding["part_source"], finding["part_method"]) == ("unknown", None, "no_part_visible")
    assert finding["part_hint"] is None


@pytest.mark.slow
@pytest.mark.skipif(not (DEFAULT_DETECTOR_DIR / "model.json").is_file(), reason="no committed damage detector")
def test_the_command_loads_the_model_given(tmp_path: Path) -> None:
    photo = tmp_path / "p.jpg"
    photo.write_bytes(images.jpeg(5, size=(320, 240)))
    model_dir = _model_dir(tmp_path, "hood")

    result = CliRunner().invoke(app, ["assess", str(photo), "--json", "--damaged-parts-dir", str(model_dir)])

    assert result.exit_code == 0, result.output
    models = json.loads(result.output)["models"]
    assert models["damaged_part_model"] == "damaged-parts 1.0.0"
    assert models["bumper_end_model"] == "bumper-end 1.0.0"  # the committed classifier serves beside it
