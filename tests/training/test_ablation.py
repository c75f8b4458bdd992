"""The recipe comparisons: which variants each one trains, and a report that says what was measured."""

from __future__ import annotations

import pytest

from training.ablation import render, variants


def test_the_synthetic_comparison_differs_only_in_the_synthetic_images() -> None:
    served, without = variants("synthetic", 416)

    assert (served.synthetic_images, without.synthetic_images) == (None, 0)
    assert served.imgsz == without.imgsz == 416


def test_the_size_comparison_trains_the_served_data_at_three_sizes() -> None:
    assert [(v.synthetic_images, v.imgsz) for v in variants("imgsz", 416)] == [(None, 416), (None, 512), (None, 640)]
    with pytest.raises(ValueError, match="unknown"):
        variants("colour", 416)


def test_the_report_has_a_row_per_variant_with_its_held_out_figures() -> None:
    row = {
        "variant": "without synthetic",
        "train_photos": 1185,
        "epochs": 9,
        "ap50_mean": 0.4,
        "ap50_weighted": 0.25,
        "per_class_ap50": {"dent": 0.05, "scratch": 0.2},
        "missed": 100,
        "damages": 163,
        "found": {"close": (40, 76), "medium": (15, 38), "wide": (10, 49), "all": (65, 163)},
        "false_findings": 12,
    }

    text = render("synthetic", 18, [row], "python -m training.ablation --compare synthetic --minutes 18")

    assert "| without synthetic | 1185 | 9 | 40.0 | 25.0 | 5.0 | 20.0 | 61.3 % (100/163) |" in text
    assert "| 20.4 % (10/49) | 39.9 % (65/163) | 12 |" in text
    assert "18 minutes" in text and "`python -m training.ablation --compare synthetic --minutes 18`" in text


def test_the_synthetic_report_says_what_replaces_the_pasted_damage() -> None:
    text = render("synthetic", 18, [], "python -m training.ablation --compare synthetic --minutes 18")

    assert "300 whole-car photos" in text and "plain negatives" in text
