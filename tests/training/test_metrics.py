from __future__ import annotations

import numpy as np
import pytest

from training.metrics import ImageResult, box_iou, confusion_matrix, evaluate


def result(pred: list[tuple[list[float], float, int]], true: list[tuple[list[float], int]]) -> ImageResult:
    return ImageResult(
        np.array([p[0] for p in pred], np.float64).reshape(-1, 4),
        np.array([p[1] for p in pred], np.float64),
        np.array([p[2] for p in pred], np.int64),
        np.array([t[0] for t in true], np.float64).reshape(-1, 4),
        np.array([t[1] for t in true], np.int64),
    )


def test_box_iou() -> None:
    iou = box_iou([[0, 0, 10, 10]], [[0, 0, 10, 10], [5, 0, 15, 10], [20, 20, 30, 30]])
    np.testing.assert_allclose(iou[0], [1.0, 1 / 3, 0.0])


def test_perfect_predictions_score_one() -> None:
    r = result([([0, 0, 10, 10], 0.9, 0), ([20, 20, 40, 40], 0.8, 1)], [([0, 0, 10, 10], 0), ([20, 20, 40, 40], 1)])

    reports = evaluate([r], n_classes=2, served_confidence=0.25)

    assert [x.ap50 for x in reports] == pytest.approx([1.0, 1.0])
    assert [x.ap50_95 for x in reports] == pytest.approx([1.0, 1.0])
    assert reports[0].precision == 1.0 and reports[0].recall == 1.0


def test_a_confident_false_positive_lowers_ap_and_precision() -> None:
    r = result([([50, 50, 60, 60], 0.95, 0), ([0, 0, 10, 10], 0.9, 0)], [([0, 0, 10, 10], 0)])

    (report,) = evaluate([r], n_classes=1, served_confidence=0.25)

    assert 0.4 < report.ap50 < 0.6
    assert report.precision == 0.5 and report.recall == 1.0


def test_wrong_class_and_missing_predictions_score_zero_and_classes_without_truth_are_nan() -> None:
    r = result([([0, 0, 10, 10], 0.9, 1)], [([0, 0, 10, 10], 0)])

    reports = evaluate([r], n_classes=3, served_confidence=0.25)

    assert reports[0].ap50 == 0.0 and reports[0].recall == 0.0
    assert np.isnan(reports[2].ap50) and reports[2].instances == 0


def test_loose_box_counts_at_50_but_not_at_95() -> None:
    r = result([([0, 0, 10, 12], 0.9, 0)], [([0, 0, 10, 10], 0)])  # IoU 0.83

    (report,) = evaluate([r], n_classes=1, served_confidence=0.25)

    assert report.ap50 == pytest.approx(1.0)
    assert report.ap50_95 == pytest.approx(0.7)  # true at 0.50 … 0.80, false at 0.85 … 0.95


def test_confusion_matrix_counts_confusions_misses_and_false_alarms() -> None:
    r = result(
        [([0, 0, 10, 10], 0.9, 1), ([50, 50, 60, 60], 0.8, 0)],
        [([0, 0, 10, 10], 0), ([100, 100, 110, 110], 1)],
    )

    matrix = confusion_matrix([r], n_classes=2)

    assert matrix[1, 0] == 1  # a class-0 damage called class 1
    assert matrix[0, 2] == 1  # a false alarm
    assert matrix[2, 1] == 1  # a missed class-1 damage
    assert matrix.sum() == 3


def test_a_damage_is_missed_only_when_nothing_above_the_threshold_overlaps_it() -> None:
    from training.metrics import missed_damages

    truth = np.array([[0, 0, 10, 10], [20, 20, 30, 30], [40, 40, 50, 50]], np.float64)
    result = ImageResult(
        pred_xyxy=np.array([[0, 0, 10, 10], [20, 20, 30, 31], [40, 40, 50, 50]], np.float64),
        pred_conf=np.array([0.9, 0.6, 0.1]),
        pred_cls=np.array([1, 0, 0]),  # the first names the wrong class: still seen
        true_xyxy=truth,
        true_cls=np.array([0, 0, 2]),
    )

    assert missed_damages([result], served_confidence=0.25) == (1, 3)  # the third: only below the threshold
    assert missed_damages([result], served_confidence=0.25, classes={0, 1}) == (0, 2)
    empty = ImageResult(np.zeros((0, 4)), np.zeros(0), np.zeros(0, np.int64), truth, np.array([0, 0, 2]))
    assert missed_damages([empty], served_confidence=0.25) == (3, 3)
