"""The served int8 text detector: its card holds, a changed file is refused, the engine reads with it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import cv2
import numpy as np
import pytest

pytest.importorskip("rapidocr")
pytest.importorskip("onnxruntime")

from inference.artifact import sha256_file
from inference.ocr.engine import RapidOcrEngine, bundled_model_dir
from inference.ocr.errors import OcrUnavailable
from inference.ocr.text_detector import DEFAULT_TEXT_DETECTOR_DIR, MODEL_FILE, card_of, verified_model
from tests.inference.ocr.test_engine import VIN, vin_image


def detector_model_path(engine: RapidOcrEngine) -> Path:
    return Path(engine._engine().text_det.session.session._model_path)


def test_the_committed_model_is_its_cards_and_comes_from_the_installed_wheel() -> None:
    card = card_of(DEFAULT_TEXT_DETECTOR_DIR)

    assert verified_model(DEFAULT_TEXT_DETECTOR_DIR) == DEFAULT_TEXT_DETECTOR_DIR / MODEL_FILE
    assert card.base_sha256 == sha256_file(bundled_model_dir() / card.base_model)
    assert card.opset >= 13 and "int8" in card.quantization


@pytest.fixture
def copied(tmp_path: Path) -> Path:
    folder = tmp_path / "ocr-text-detector"
    shutil.copytree(DEFAULT_TEXT_DETECTOR_DIR, folder)
    return folder


def test_a_model_that_is_not_its_cards_is_refused_before_anything_loads(copied: Path) -> None:
    model = copied / MODEL_FILE
    data = bytearray(model.read_bytes())
    data[-1] ^= 0xFF
    model.write_bytes(bytes(data))
    engine = RapidOcrEngine(threads=1, text_detector=copied)

    with pytest.raises(OcrUnavailable, match="differs from the card"):
        engine.read(vin_image())
    assert engine._ocr is None


@pytest.mark.parametrize("damage", ["missing", "not json", "another name"])
def test_an_unreadable_card_is_refused(copied: Path, damage: str) -> None:
    card = copied / "model.json"
    if damage == "missing":
        card.unlink()
    elif damage == "not json":
        card.write_text("{")
    else:
        card.write_text(json.dumps({**json.loads(card.read_text()), "name": "damage-detector"}))

    with pytest.raises(OcrUnavailable, match="unreadable text-detector card"):
        verified_model(copied)


@pytest.mark.slow
def test_the_engine_detects_with_the_int8_model_by_default_and_reads_the_line() -> None:
    engine = RapidOcrEngine(threads=2)

    lines = engine.read(vin_image())

    assert detector_model_path(engine) == DEFAULT_TEXT_DETECTOR_DIR / MODEL_FILE
    assert VIN in "".join(lines.text).replace(" ", "")
    (width, height), _ = cv2.getTextSize(VIN, cv2.FONT_HERSHEY_SIMPLEX, 1.6, 3)  # drawn from (20, 80)
    x1, y1, x2, y2 = lines.xyxy[0]
    # The int8 kernels differ by CPU: with VNNI the box hugs the ink within 12 px, on an AVX2-only CPU
    # (no VNNI) it grows to about 17 px a side. Either way it holds the whole line and little else.
    assert 20 - 22 < x1 <= 20 + 6 and 20 + width - 6 <= x2 < 20 + width + 22
    assert y1 < 80 - height + 6 and y2 > 80 - 6


@pytest.mark.slow
def test_the_float32_detector_on_request_finds_the_same_line() -> None:
    int8, float32 = RapidOcrEngine(threads=2), RapidOcrEngine(threads=2, text_detector=None)

    a, b = int8.read(vin_image()), float32.read(vin_image())

    assert detector_model_path(float32).parent == bundled_model_dir()
    assert a.text == b.text
    np.testing.assert_allclose(a.xyxy, b.xyxy, atol=6)


def test_the_service_reads_with_the_int8_detector_unless_set_empty(monkeypatch: pytest.MonkeyPatch) -> None:
    from api.config import Settings
    from api.documents.runtime import load_ocr

    served = load_ocr(Settings().ocr)
    monkeypatch.setenv("CLAIMSIGHT_OCR__TEXT_DETECTOR_DIR", "")
    plain = load_ocr(Settings().ocr)

    assert isinstance(served, RapidOcrEngine) and isinstance(plain, RapidOcrEngine)
    assert served.text_detector == DEFAULT_TEXT_DETECTOR_DIR
    assert plain.text_detector is None


def test_a_reading_job_with_a_changed_model_fails_as_unavailable_and_says_why(copied: Path) -> None:
    from api.documents.service import _run_ocr
    from api.jobs.service import is_permanent, problem_of
    from tests.fixtures.images import unique_jpeg

    model = copied / MODEL_FILE
    model.write_bytes(model.read_bytes()[:-1])

    with pytest.raises(Exception) as caught:
        _run_ocr(unique_jpeg(), RapidOcrEngine(threads=1, text_detector=copied), None)

    problem = problem_of(caught.value)
    assert problem["status"] == 503 and "differs from the card" in problem["detail"]
    assert not is_permanent(caught.value)  # a redeployed model may serve the retry
