"""The detector report gives the mean over classes and the mean weighted by instances (a class of
4 instances must not weigh as much as one of 114), and the missed-damage rate."""

from __future__ import annotations

import numpy as np

from training.evaluate import missed_line, report_stem, table, threshold_lines
from training.metrics import ClassReport, ImageResult, best_threshold, f1_by_threshold

CLASSES = ["dent", "scratch", "crack"]


def test_the_weighted_mean_follows_the_instances() -> None:
    reports = [
        ClassReport(ap50=0.1, ap50_95=0.05, precision=0.5, recall=0.2, instances=90),
        ClassReport(ap50=0.9, ap50_95=0.5, precision=0.9, recall=1.0, instances=10),
        ClassReport(ap50=float("nan"), ap50_95=float("nan"), precision=float("nan"), recall=float("nan"), instances=0),
    ]

    lines = table(CLASSES, ["dent", "scratch"], reports)

    assert "| **mean (trained classes with instances)** | | 100 | 50.0 | 27.5 | | |" in lines
    # AP50 0.9 * 0.1 + 0.1 * 0.9 = 0.18; AP50-95 0.9 * 0.05 + 0.1 * 0.5 = 0.095; recall 0.28
    assert "| **weighted by instances** | | 100 | 18.0 | 9.5 | | 28.0 |" in lines


def test_the_missed_line_counts_trained_classes_only() -> None:
    truth = np.array([[0, 0, 10, 10], [20, 20, 30, 30], [40, 40, 50, 50]], np.float64)
    result = ImageResult(
        np.array([[0, 0, 10, 10]], np.float64), np.array([0.9]), np.array([0]), truth, np.array([0, 1, 2])
    )

    line = missed_line([result], CLASSES, ["dent", "scratch"], 0.25)

    assert "**1 of 2 (50.0 %)**" in line


def _one_photo(confidences: list[float], hits: int) -> ImageResult:
    """``len(confidences)`` predictions of class 0, the first ``hits`` of them on the photo's two damages."""
    truth = np.array([[0, 0, 10, 10], [20, 20, 30, 30]], np.float64)
    boxes = [
        truth[i] if i < hits else np.array([100.0 + 20 * i, 100, 110 + 20 * i, 110]) for i in range(len(confidences))
    ]
    return ImageResult(
        np.array(boxes, np.float64),
        np.array(confidences),
        np.zeros(len(confidences), np.int64),
        truth,
        np.array([0, 0]),
    )


def test_the_served_threshold_is_the_f1_best_on_the_given_results() -> None:
    # two true boxes at 0.9 and 0.5, two false ones at 0.4 and 0.15
    result = _one_photo([0.9, 0.5, 0.4, 0.15], hits=2)

    rows = f1_by_threshold([result], n_classes=1, grid=(0.1, 0.3, 0.45, 0.6))

    assert [round(f1, 3) for *_, f1 in rows] == [0.667, 0.8, 1.0, 0.667]
    assert best_threshold(rows) == 0.45


def test_a_tie_goes_to_the_lower_threshold_which_finds_more() -> None:
    assert best_threshold([(0.2, 0.5, 0.5, 0.5), (0.3, 0.6, 0.4, 0.5)]) == 0.2


def test_threshold_lines_mark_the_chosen_row() -> None:
    lines = threshold_lines([(0.25, 0.5, 0.5, 0.5), (0.35, 0.6, 0.5, 0.545)], 0.35)

    assert "| **0.35** | 60.0 | 50.0 | 54.5 |" in lines and "| 0.25 | 50.0 | 50.0 | 50.0 |" in lines


def test_a_recall_weight_chooses_a_lower_threshold_and_says_why() -> None:
    rows = [(0.15, 0.47, 0.45, 0.46), (0.25, 0.64, 0.42, 0.507)]

    assert best_threshold(rows) == 0.25 and best_threshold(rows, beta=2.0) == 0.15
    lines = threshold_lines(rows, 0.15, 2.0)
    assert "the F2-best" in lines[0] and "recall counts 2 times" in lines[0]
    assert "| **0.15** | 47.0 | 45.0 | 46.0 | 45.4 |" in lines


def test_each_model_writes_its_own_report() -> None:
    assert report_stem("damage-detector") == "detector"
    assert report_stem("damaged-parts") == "damaged-parts"
