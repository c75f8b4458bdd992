from __future__ import annotations

import numpy as np
import pytest

from inference.detections import Detections


def make(n: int) -> Detections:
    xyxy = np.array([[i, i, i + 10, i + 5] for i in range(n)], np.float32)
    return Detections(xyxy, np.linspace(0.1, 0.9, n, dtype=np.float32), np.arange(n) % 2)


def test_boolean_indexing_selects_rows_in_every_column() -> None:
    d = make(4)

    picked = d[d.class_id == 1]

    assert len(picked) == 2
    assert picked.xyxy[:, 0].tolist() == [1.0, 3.0]
    assert picked.confidence.tolist() == pytest.approx([d.confidence[1], d.confidence[3]])


def test_is_frozen() -> None:
    with pytest.raises(AttributeError):
        make(1).xyxy = np.zeros((1, 4), np.float32)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("xyxy", "confidence", "class_id", "message"),
    [
        (np.zeros((2, 4)), np.zeros(1), np.zeros(2), "column lengths"),
        (np.zeros((1, 4)), np.zeros(1), np.zeros(3), "column lengths"),
        (np.array([[10, 0, 5, 5]]), np.zeros(1), np.zeros(1), "x2 >= x1"),
    ],
)
def test_rejects_inconsistent_columns(
    xyxy: np.ndarray, confidence: np.ndarray, class_id: np.ndarray, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        Detections(xyxy, confidence, class_id)


def test_area_and_empty() -> None:
    assert make(1).area.tolist() == [50.0]
    assert len(Detections.empty()) == 0 and Detections.empty().xyxy.shape == (0, 4)
