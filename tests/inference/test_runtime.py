from __future__ import annotations

import numpy as np
import pytest

from inference.errors import ModelCardMismatch
from inference.runtime import OnnxDetector
from tests.inference.conftest import IMGSZ, ModelDirFactory

# Rows in model-input pixels (64×64): x1, y1, x2, y2, score, class.
ROWS = np.array(
    [
        [16, 24, 48, 40, 0.90, 0],  # dent
        [0, 16, 64, 48, 0.50, 1],  # scratch, spans the whole letterboxed width
        [10, 20, 20, 30, 0.95, 2],  # crack: untrained class, must never be reported
        [5, 20, 6, 21, 0.10, 0],  # below the confidence threshold
    ],
    np.float32,
)


def test_boxes_come_back_in_original_pixels(make_model_dir: ModelDirFactory) -> None:
    detector = OnnxDetector.load(make_model_dir(ROWS))
    image = np.zeros((100, 200, 3), np.uint8)  # letterboxed: scale 0.32, pad_y 16

    found = detector.detect(image)

    assert found.class_id.tolist() == [0, 1]
    np.testing.assert_allclose(found.xyxy[0], [50, 25, 150, 75], atol=1e-4)
    np.testing.assert_allclose(found.xyxy[1], [0, 0, 200, 100], atol=1e-4)
    np.testing.assert_allclose(found.confidence, [0.9, 0.5], atol=1e-6)


def test_untrained_classes_are_never_reported(make_model_dir: ModelDirFactory) -> None:
    detector = OnnxDetector.load(make_model_dir(ROWS))

    found = detector.detect(np.zeros((IMGSZ, IMGSZ, 3), np.uint8))

    assert 2 not in found.class_id.tolist()
    assert detector.card.untrained_classes == ["crack", "tire_flat"]


def test_batch_gives_the_same_as_one_by_one(make_model_dir: ModelDirFactory) -> None:
    detector = OnnxDetector.load(make_model_dir(ROWS))
    images = [np.zeros((100, 200, 3), np.uint8), np.zeros((300, 120, 3), np.uint8), np.zeros((64, 64, 3), np.uint8)]

    batched = detector.detect_batch(images)

    for image, found in zip(images, batched, strict=True):
        single = detector.detect(image)
        np.testing.assert_allclose(found.xyxy, single.xyxy)
        height, width = image.shape[:2]
        assert (found.xyxy[:, [0, 2]] <= width).all() and (found.xyxy[:, [1, 3]] <= height).all()
        assert (found.xyxy >= 0).all()


def test_refuses_a_file_that_differs_from_its_card(make_model_dir: ModelDirFactory) -> None:
    model_dir = make_model_dir(ROWS)
    with (model_dir / "model.onnx").open("ab") as fh:
        fh.write(b"\0")

    with pytest.raises(ModelCardMismatch, match="sha256"):
        OnnxDetector.load(model_dir)


def test_refuses_a_card_that_differs_from_the_embedded_one(make_model_dir: ModelDirFactory) -> None:
    model_dir = make_model_dir(ROWS, card_update={"confidence_threshold": 0.05})

    with pytest.raises(ModelCardMismatch, match="embedded card"):
        OnnxDetector.load(model_dir)


def test_refuses_a_model_without_an_embedded_card(make_model_dir: ModelDirFactory) -> None:
    with pytest.raises(ModelCardMismatch, match="metadata"):
        OnnxDetector.load(make_model_dir(ROWS, embed=False))


def test_refuses_a_card_whose_size_differs_from_the_model(make_model_dir: ModelDirFactory) -> None:
    model_dir = make_model_dir(ROWS, card_fields={"imgsz": 128})

    with pytest.raises(ModelCardMismatch, match="imgsz"):
        OnnxDetector.load(model_dir)


def test_refuses_a_malformed_card(make_model_dir: ModelDirFactory) -> None:
    model_dir = make_model_dir(ROWS)
    (model_dir / "model.json").write_text("{not json")

    with pytest.raises(ModelCardMismatch, match="unreadable"):
        OnnxDetector.load(model_dir)


def test_rejects_arrays_that_are_not_rgb_uint8(make_model_dir: ModelDirFactory) -> None:
    detector = OnnxDetector.load(make_model_dir(ROWS))

    with pytest.raises(ValueError, match="uint8 RGB"):
        detector.detect(np.zeros((64, 64), np.uint8))


def test_idle_threads_sleep_instead_of_spinning(make_model_dir: ModelDirFactory) -> None:
    """Jobs share the cores: a spinning pool thread burned as much CPU as the work (scale.md)."""
    detector = OnnxDetector.load(make_model_dir(ROWS), threads=2)

    options = detector._session.get_session_options()

    assert options.get_session_config_entry("session.intra_op.allow_spinning") == "0"
