"""The real RapidOCR engine: reads with the models inside its wheel and never touches the network."""

from __future__ import annotations

import os
import socket

import cv2
import numpy as np
import pytest

pytest.importorskip("rapidocr")
pytest.importorskip("onnxruntime")

from inference.ocr.engine import BUNDLED_MODELS, RapidOcrEngine, bundled_model_dir, crop_turns, det_side

VIN = "LSVAU218XN2183294"


def vin_image() -> np.ndarray:
    image = np.full((120, 760, 3), 250, np.uint8)
    cv2.putText(image, VIN, (20, 80), cv2.FONT_HERSHEY_SIMPLEX, 1.6, (20, 20, 20), 3, cv2.LINE_AA)
    return image


def test_the_wheel_ships_its_models() -> None:
    assert all((bundled_model_dir() / name).is_file() for name in BUNDLED_MODELS)


def test_creating_the_engine_loads_nothing() -> None:
    engine = RapidOcrEngine(threads=1)
    assert engine._ocr is None  # lazy: sessions are built on first read


@pytest.mark.slow
def test_reads_with_the_network_unreachable(monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[object] = []

    def refuse(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError("network disabled in this test")

    for proxy in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(proxy, raising=False)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: refuse(None, a))  # type: ignore[arg-type]

    engine = RapidOcrEngine(threads=2)
    lines = engine.read(vin_image())
    assert attempts == []
    assert VIN in "".join(lines.text).replace(" ", "")
    assert lines.quad.shape == (len(lines), 4, 2)
    x1, y1, x2, y2 = lines.xyxy[0]
    assert 0 <= x1 < x2 <= 760 and 0 <= y1 < y2 <= 120
    assert float(lines.confidence.min()) > 0.8

    text, score = engine.recognize([vin_image()[30:100, 10:740]])[0]
    assert text.replace(" ", "") == VIN and score > 0.8
    assert not os.environ.get("HTTPS_PROXY")


@pytest.mark.slow
def test_blank_page_reads_no_lines() -> None:
    assert len(RapidOcrEngine(threads=2).read(np.full((400, 600, 3), 255, np.uint8))) == 0


@pytest.mark.slow
@pytest.mark.parametrize("k", [0, 1, 2, 3])
def test_each_line_says_how_it_was_turned(k: int) -> None:
    # A photo turned by k needs 4 - k more quarter turns to be upright, and the line says so.
    lines = RapidOcrEngine(threads=2).read(np.ascontiguousarray(np.rot90(vin_image(), k)))
    assert VIN in "".join(lines.text).replace(" ", "")
    assert lines.turns is not None and lines.turns.tolist() == [(4 - k) % 4] * len(lines)


@pytest.mark.parametrize(
    ("label", "tall", "expected"), [("0", False, 0), ("180", False, 2), ("0", True, 1), ("180", True, 3)]
)
def test_crop_turns_follow_the_crop_shape_and_the_classifier(label: str, tall: bool, expected: int) -> None:
    w, h = (10, 40) if tall else (40, 10)
    box = np.array([[[0, 0], [w, 0], [w, h], [0, h]]], np.float32)
    assert crop_turns(box, [(label, 0.99)], 0.9).tolist() == [expected]
    assert crop_turns(box, [(label, 0.5)], 0.9).tolist() == [expected % 2]  # an unsure "180" is not turned


@pytest.mark.parametrize(
    ("text_px", "expected"),
    [(40.0, 560), (16.0, 1400), (8.0, 1400)],  # large text: a smaller page; small text: never above the photo
)
def test_detection_side_follows_the_text_height(text_px: float, expected: int) -> None:
    box = np.array([[[0, 0], [300, 0], [300, text_px], [0, text_px]]], np.float32)
    assert det_side(box, 1400, 16.0) == expected


def test_detection_on_a_probe_is_off_unless_asked_for() -> None:
    assert RapidOcrEngine(threads=1)._det_text_height is None


def test_rapidocr_sessions_sleep_instead_of_spinning() -> None:
    engine = RapidOcrEngine(threads=2)
    engine.warm_up()
    ocr = engine._engine()

    entries = {
        name: getattr(ocr, name)
        .session.session.get_session_options()
        .get_session_config_entry("session.intra_op.allow_spinning")
        for name in ("text_det", "text_cls", "text_rec")
    }

    assert entries == dict.fromkeys(("text_det", "text_cls", "text_rec"), "0")


def test_rapidocr_sessions_keep_their_memory_arena() -> None:
    engine = RapidOcrEngine(threads=2)
    engine.warm_up()
    ocr = engine._engine()

    arenas = {
        name: getattr(ocr, name).session.session.get_session_options().enable_cpu_mem_arena
        for name in ("text_det", "text_cls", "text_rec")
    }

    assert arenas == dict.fromkeys(("text_det", "text_cls", "text_rec"), True)


def test_detection_input_is_normalised_in_float32_as_rapidocr_would_in_float64() -> None:
    from rapidocr.ch_ppocr_det.utils import DetPreProcess

    page = np.random.default_rng(3).integers(0, 256, (96, 128, 3), dtype=np.uint8)
    expected = ((page.astype("float32") * (1 / 255.0) - np.array([0.5] * 3)) / np.array([0.5] * 3)).astype(np.float32)
    RapidOcrEngine(threads=1)._engine()

    got = DetPreProcess().normalize(page)

    assert got.dtype == np.float32
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-6)


def test_the_memory_arena_can_be_given_back_by_setting() -> None:
    from api.config import OcrSettings
    from api.documents.runtime import load_ocr

    engine = load_ocr(OcrSettings(memory_arena=False, warm_up=True))

    assert isinstance(engine, RapidOcrEngine)
    assert engine._engine().text_det.session.session.get_session_options().enable_cpu_mem_arena is False
