"""The detector report gives the mean over classes and the mean weighted by instances (a class of
4 instances must not weigh as much as one of 114), and the missed-damage rate."""

from __future__ import annotations

import numpy as np

from training.evaluate import missed_line, table
from training.metrics import ClassReport, ImageResult

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
