"""The held-out part set's labels are well-formed and still name the manifest's test photos."""

from __future__ import annotations

import json

from pricing import PartCode
from training.part_heldout import LABELS
from training.part_heldout import test_photos as heldout_test_photos
from training.part_scores import Scored, best_match, family_of, hint_family, score, unmatched

FAMILIES = {"headlamp", "tail_lamp", "bumper", "door", "front_fender", "rear_quarter", "rocker"}


def test_every_label_is_a_part_code_a_family_or_unknown() -> None:
    photos = json.loads(LABELS.read_text(encoding="utf-8"))["photos"]
    for photo in photos:
        assert photo["view"] in {"close", "medium", "wide"}
        for damage in photo["damages"]:
            part = damage["part"]
            assert part == "unknown" or part.removeprefix("family:") in FAMILIES or part in set(PartCode), part


def test_the_labels_cover_exactly_the_manifests_real_test_photos_and_their_boxes() -> None:
    photos = json.loads(LABELS.read_text(encoding="utf-8"))["photos"]
    manifest = heldout_test_photos()
    assert [p["file"] for p in photos] == [p.key for p in manifest]
    for labelled, photo in zip(photos, manifest, strict=True):
        assert labelled["sha256"] == photo.sha256
        assert [tuple(d["xywhn"]) for d in labelled["damages"]] == [box for _, box in photo.damages]


def test_every_family_label_is_the_family_of_some_part_code() -> None:
    assert {family_of(code) for code in PartCode} >= FAMILIES


def test_a_missed_damage_counts_against_part_right_but_not_against_part_right_when_found() -> None:
    rows = [Scored("hood", "close", None), Scored("hood", "close", "hood"), Scored("hood", "close", "roof")]
    table = score(rows)["close"]
    assert (table["exact"], table["found_exact"], table["part_right"]) == (3, 2, 1)


def test_a_thin_scratch_matches_the_box_around_it_even_at_a_low_iou() -> None:
    assert best_match((10, 10, 12, 60), [(0, 0, 100, 100)]) == 0
    assert best_match((10, 10, 12, 60), [(200, 200, 300, 300)]) is None


def test_a_finding_that_overlaps_no_labelled_damage_is_counted_as_matching_none() -> None:
    truths = [(10, 10, 60, 60), (200, 200, 260, 230)]
    findings = [(12, 12, 58, 58), (0, 0, 400, 400), (500, 500, 540, 520), (600, 10, 650, 40)]
    # the second holds both damages' centres: it matches; the last two lie apart from every damage
    assert unmatched(findings, truths) == 2
    assert unmatched([], truths) == 0
    assert unmatched(findings, []) == 4


def test_a_hint_counts_for_its_family_only_in_the_hint_column() -> None:
    rows = [
        Scored("front_left_door", "close", "unknown", hint="door"),
        Scored("family:tail_lamp", "close", "unknown", hint="lamp"),
        Scored("hood", "close", "unknown", hint="bumper"),
        Scored("back_bumper", "close", None),
    ]

    s = score(rows)["all"]

    assert s["family_right"] == 0 and s["part_right"] == 0
    assert s["family_or_hint_right"] == 2
    assert hint_family("hint:door:left") == "door" and hint_family("damaged_part_model") is None


def test_the_photo_row_gives_each_share_of_the_views_photos() -> None:
    from collections import Counter

    from training.part_scores import _photo_row

    photos = Counter({("wide", "photos"): 4, ("wide", "no_finding"): 1, ("wide", "priced"): 2})

    assert _photo_row("wide", photos) == "| wide | 4 | 25.0 % (1/4) | 50.0 % (2/4) |"


def test_found_with_the_right_type_counts_only_the_typed_matches() -> None:
    rows = [
        Scored("hood", "close", "hood", typed=True),
        Scored("hood", "close", "hood"),  # found by a detection of another type
        Scored("hood", "wide", None),
    ]
    table = score(rows)
    assert (table["all"]["found"], table["all"]["found_typed"], table["close"]["found_typed"]) == (2, 1, 1)
