from __future__ import annotations

import numpy as np
import pytest

from inference.postprocess import decode_end2end, decode_raw, nms


def test_end2end_keeps_rows_above_threshold_best_first() -> None:
    out = np.array([[[0, 0, 1, 1, 0.3, 1], [2, 2, 4, 4, 0.8, 0], [0, 0, 1, 1, 0.2, 3]]], np.float32)

    ((xyxy, conf, cls),) = decode_end2end(out, confidence=0.25)

    assert cls.tolist() == [0, 1]
    np.testing.assert_allclose(conf, [0.8, 0.3])
    np.testing.assert_allclose(xyxy[0], [2, 2, 4, 4])


def test_end2end_drops_inverted_and_empty_boxes() -> None:
    out = np.array([[[5, 5, 1, 9, 0.9, 0], [0, 0, 4, 0, 0.9, 0], [1, 1, 2, 2, 0.5, 1]]], np.float32)

    ((xyxy, _, cls),) = decode_end2end(out, confidence=0.25)

    assert cls.tolist() == [1]
    np.testing.assert_allclose(xyxy, [[1, 1, 2, 2]])


def test_raw_drops_boxes_without_size() -> None:
    out = np.array([[[50, 50], [50, 50], [0, 20], [20, -1], [0.9, 0.9]]], np.float32)

    ((xyxy, _, _),) = decode_raw(out, confidence=0.25)

    assert len(xyxy) == 0


def test_end2end_rejects_the_wrong_layout() -> None:
    with pytest.raises(ValueError, match="end-to-end"):
        decode_end2end(np.zeros((1, 10, 4), np.float32), confidence=0.25)


def test_raw_decodes_centre_boxes_and_suppresses_duplicates() -> None:
    # Three anchors, two classes: anchors 0 and 1 overlap on class 0; anchor 2 is class 1.
    cx = [50, 51, 50]
    cy = [50, 50, 50]
    w = [20, 20, 20]
    h = [20, 20, 20]
    class0 = [0.9, 0.8, 0.1]
    class1 = [0.0, 0.1, 0.7]
    out = np.array([[cx, cy, w, h, class0, class1]], np.float32)

    ((xyxy, conf, cls),) = decode_raw(out, confidence=0.25)

    assert cls.tolist() == [0, 1]
    np.testing.assert_allclose(conf, [0.9, 0.7], atol=1e-6)
    np.testing.assert_allclose(xyxy[0], [40, 40, 60, 60])


def test_nms_keeps_disjoint_boxes_and_handles_empty_input() -> None:
    boxes = np.array([[0, 0, 10, 10], [20, 20, 30, 30]], np.float32)

    assert nms(boxes, np.array([0.5, 0.9], np.float32), np.array([0, 0]), iou=0.5).tolist() == [1, 0]
    assert nms(np.zeros((0, 4), np.float32), np.zeros(0, np.float32), np.zeros(0, np.int64), iou=0.5).size == 0
