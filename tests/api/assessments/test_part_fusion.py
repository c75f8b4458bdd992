"""The part fusion rules (docs/part-fusion.md) as a table: which source names the part, and the side."""

from __future__ import annotations

import pytest

from api.assessments.part_fusion import (
    KINDS,
    family_evidence,
    fuse_part,
    hint_text,
    kind_of,
    photo_facts,
    resolve_family,
)
from api.capture.prior import PartDecision, part_for

LEFT_VIEW = ("front_left_door", "back_left_door", "left_mirror")
FRONT_VIEW = ("hood", "front_bumper", "front_left_light", "front_right_light")
REAR_RIGHT = ("trunk", "back_right_light", "back_bumper")
U, NPV = "unknown", "no_part_visible"


@pytest.mark.parametrize(
    ("part", "method", "family", "seen", "zone", "zone_side", "expected"),
    [
        # (a) the segmenter saw the part and the family agrees (or there is none): it decides, zone or not
        (
            "back_left_door",
            "mask_overlap",
            "door",
            LEFT_VIEW,
            "front_door",
            "right",
            ("back_left_door", "mask_overlap", None),
        ),
        ("back_right_light", "mask_overlap", "lamp", (), None, None, ("back_right_light", "mask_overlap", None)),
        ("front_left_light", "mask_overlap", "tail_lamp", (), None, None, ("front_left_light", "mask_overlap", None)),
        ("hood", "mask_overlap", None, LEFT_VIEW, "rear_door", "right", ("hood", "mask_overlap", None)),
        # (a) the family over the damage names another part: the segmenter is overruled, the family resolves
        (
            "hood",
            "mask_overlap",
            "door",
            LEFT_VIEW,
            "rear_door",
            "right",
            ("back_left_door", "damaged_part_model", None),
        ),
        ("front_bumper", "mask_overlap", "rear_quarter", ("front_bumper",), None, None, (U, "hint:rear_quarter", None)),
        ("front_bumper", "box_overlap", "roof", (), None, None, ("roof", "damaged_part_model", None)),
        ("front_bumper", "mask_overlap", "door", (), "hood", None, ("hood", "capture_zone", None)),
        # (b) the family alone names one code
        (U, NPV, "hood", (), None, None, ("hood", "damaged_part_model", None)),
        (U, NPV, "windscreen", (), None, None, ("front_glass", "damaged_part_model", None)),
        (U, NPV, "rear_window", (), None, None, ("back_glass", "damaged_part_model", None)),
        # (b) the side from the segmenter's other parts in the photo
        (U, NPV, "mirror", LEFT_VIEW, None, None, ("left_mirror", "damaged_part_model", None)),
        (U, NPV, "front_fender", LEFT_VIEW, None, None, ("front_left_fender", "damaged_part_model", None)),
        (U, NPV, "rear_quarter", REAR_RIGHT, None, None, ("back_right_quarter", "damaged_part_model", None)),
        # ... the photo's side beats the zone's side (the customer may tap loosely)
        (U, NPV, "mirror", LEFT_VIEW, "side_mirror", "right", ("left_mirror", "damaged_part_model", None)),
        # (b) the end from the photo, the side from the zone
        (U, NPV, "lamp", FRONT_VIEW, "headlamp", "left", ("front_left_light", "damaged_part_model", None)),
        (U, NPV, "bumper", FRONT_VIEW, None, None, ("front_bumper", "damaged_part_model", None)),
        (U, NPV, "bumper", REAR_RIGHT, None, None, ("back_bumper", "damaged_part_model", None)),
        # (b) a close-up (no segmenter part): side and row from the zone tag
        (U, NPV, "door", (), "rear_door", "right", ("back_right_door", "damaged_part_model", None)),
        (U, NPV, "bumper", (), "rear_bumper", None, ("back_bumper", "damaged_part_model", None)),
        (U, NPV, "trunk_lid", REAR_RIGHT, None, None, ("trunk", "damaged_part_model", None)),
        (U, NPV, "trunk_lid", (), "tailgate", None, ("tailgate", "damaged_part_model", None)),
        # (b) a wheel names no side in its code: the side found goes beside it
        (U, NPV, "wheel", LEFT_VIEW, None, None, ("wheel", "damaged_part_model", "left")),
        (U, NPV, "wheel", (), None, None, ("wheel", "damaged_part_model", None)),
        # (c) the family cannot be resolved, the zone names a part: the zone decides
        (U, NPV, "door", (), "hood", None, ("hood", "capture_zone", None)),
        # (d) unknown, the family kept as a hint (with the side when known)
        (U, NPV, "door", LEFT_VIEW, None, None, (U, "hint:door:left", None)),
        (U, "ambiguous", "bumper", (), None, None, (U, "hint:bumper", None)),
        (U, NPV, "lamp", ("front_left_light", "back_right_light"), None, None, (U, "hint:lamp", None)),
        (U, NPV, "door", (), "side_window", "left", (U, "hint:door:left", None)),
        # no family (no damaged-part model, or no box over the damage): as before
        (U, NPV, None, LEFT_VIEW, None, None, (U, NPV, None)),
        (U, NPV, None, (), "front_door", "left", ("front_left_door", "capture_zone", None)),
    ],
)
def test_fuse_part(
    part: str,
    method: str,
    family: str | None,
    seen: tuple[str, ...],
    zone: str | None,
    zone_side: str | None,
    expected: tuple[str, str, str | None],
) -> None:
    assert fuse_part(part, method, family=family, seen_parts=seen, zone=zone, zone_side=zone_side) == PartDecision(
        *expected
    )


@pytest.mark.parametrize(
    ("part", "method", "zone", "zone_side"),
    [
        ("unknown", "no_part_model", "front_door", "left"),
        ("hood", "mask_overlap", "front_door", "left"),
        ("unknown", "ambiguous", "side_window", "left"),
        ("unknown", "no_part_visible", None, None),
        ("unknown", "no_part_visible", "tyre", "right"),
        ("unknown", "no_part_visible", "not-a-zone", None),
    ],
)
def test_without_a_family_it_is_the_capture_prior(
    part: str, method: str, zone: str | None, zone_side: str | None
) -> None:
    for seen in ((), LEFT_VIEW):
        assert fuse_part(part, method, family=None, seen_parts=seen, zone=zone, zone_side=zone_side) == part_for(
            part, method, zone=zone, zone_side=zone_side
        )


@pytest.mark.parametrize(
    ("seen", "facts"),
    [
        ((), {"side": None, "end": None, "boot": None}),
        (LEFT_VIEW, {"side": "left", "end": None, "boot": None}),
        (FRONT_VIEW, {"side": None, "end": "front", "boot": None}),
        (REAR_RIGHT, {"side": "right", "end": "back", "boot": "trunk"}),
        (("front_left_light", "back_left_light"), {"side": "left", "end": None, "boot": None}),
        (("trunk", "tailgate"), {"side": None, "end": "back", "boot": None}),
        # one misread front part does not overturn two back ones; one against one tells nothing
        (("back_left_light", "back_right_light", "front_glass"), {"side": None, "end": "back", "boot": None}),
        (("front_glass", "back_glass"), {"side": None, "end": None, "boot": None}),
        (("hood", "grille", "back_glass"), {"side": None, "end": "front", "boot": None}),
        (("hood", "grille", "back_glass", "trunk"), {"side": None, "end": None, "boot": "trunk"}),
        # the lamp families the colour named count as ends
        (("tail_lamp",), {"side": None, "end": "back", "boot": None}),
    ],
)
def test_photo_facts(seen: tuple[str, ...], facts: dict[str, str | None]) -> None:
    assert photo_facts(seen) == facts


def test_every_family_of_the_runtime_resolves_with_every_fact() -> None:
    from inference.damaged_parts import FAMILIES

    full: dict[str, str | None] = {"side": "left", "end": "front", "row": "back", "boot": "tailgate"}
    assert {f: resolve_family(f, full) is not None for f in FAMILIES} == dict.fromkeys(FAMILIES, True)


def test_part_methods_fit_the_column() -> None:
    from inference.damaged_parts import FAMILIES

    longest = max(len(f"hint:{f}:right") for f in FAMILIES)
    assert longest <= 24, longest  # findings.part_method is String(24)


def test_hint_text() -> None:
    assert hint_text("hint:rear_quarter:right") == "rear_quarter, right side"
    assert hint_text("capture_zone") is None


def test_a_windscreen_the_damaged_part_model_sees_tells_a_bumper_close_up_it_is_the_front() -> None:
    evidence = family_evidence(["bumper", "windscreen", "lamp"])

    decision = fuse_part("unknown", "no_part_visible", family="bumper", seen_parts=evidence, zone=None, zone_side=None)

    assert decision == PartDecision("front_bumper", "damaged_part_model", None)


def test_families_add_no_side_and_conflicting_ends_tell_nothing() -> None:
    assert family_evidence(["door", "mirror", "lamp", "wheel", "bumper"]) == set()
    evidence = family_evidence(["windscreen", "rear_window"])

    decision = fuse_part("unknown", "no_part_visible", family="bumper", seen_parts=evidence, zone=None, zone_side=None)

    assert decision.part == "unknown" and decision.method == "hint:bumper"


def test_a_lamp_named_by_its_colour_resolves_with_the_side_its_place_tells() -> None:
    evidence = family_evidence(["tail_lamp", "tail_lamp", "bumper"])

    lamp = fuse_part(
        "unknown", NPV, family="tail_lamp", family_side="left", seen_parts=evidence, zone=None, zone_side=None
    )
    bumper = fuse_part("unknown", NPV, family="bumper", seen_parts=evidence, zone=None, zone_side=None)

    assert lamp == PartDecision("back_left_light", "damaged_part_model", None)
    assert bumper == PartDecision("back_bumper", "damaged_part_model", None)


def test_the_photo_side_beats_the_side_of_a_lamp_pair() -> None:
    decision = fuse_part(
        "unknown", NPV, family="headlamp", family_side="right", seen_parts=LEFT_VIEW, zone=None, zone_side=None
    )

    assert decision.part == "front_left_light"


@pytest.mark.parametrize(
    ("part", "method", "kind"),
    [
        ("front_left_door", "mask_overlap", "front_door"),
        ("back_right_door", "capture_zone", "rear_door"),
        ("front_bumper", "damaged_part_model", "front_bumper"),
        ("back_bumper", "mask_overlap", "rear_bumper"),
        ("back_left_light", "mask_overlap", "tail_lamp"),
        ("front_right_light", "mask_overlap", "headlamp"),
        ("front_glass", "damaged_part_model", "windscreen"),
        ("back_glass", "mask_overlap", "rear_window"),
        ("tailgate", "mask_overlap", "trunk_lid"),
        ("left_rocker", "capture_zone", "rocker"),
        ("back_left_window", "capture_zone", "side_window"),
        ("wheel", "mask_overlap", "wheel"),
        ("unknown", "hint:tail_lamp", "tail_lamp"),
        ("unknown", "hint:front_fender:left", "front_fender"),
        ("unknown", "hint:door:left", None),  # front or rear door not told
        ("unknown", "hint:bumper", None),
        ("unknown", "hint:lamp", None),  # head or tail not told
        ("unknown", "no_part_visible", None),
    ],
)
def test_kind_of(part: str, method: str, kind: str | None) -> None:
    assert kind_of(part, method) == kind


def test_every_part_code_has_a_kind() -> None:
    from pricing import PartCode

    assert {code.value: kind_of(code.value, "mask_overlap") in KINDS for code in PartCode} == {
        code.value: True for code in PartCode
    }


def test_the_bumper_end_classifier_tells_a_close_up_bumper_after_the_parts_and_the_zone() -> None:
    def bumper(seen: tuple[str, ...], zone: str | None) -> str:
        return fuse_part(
            "unknown", NPV, family="bumper", family_end="back", seen_parts=seen, zone=zone, zone_side=None
        ).part

    assert bumper((), None) == "back_bumper"  # nothing else tells: the classifier does
    assert bumper(FRONT_VIEW, None) == "front_bumper"  # the parts seen tell first
    assert bumper((), "front_bumper") == "front_bumper"  # then the customer's zone
    assert fuse_part(
        "unknown", NPV, family="door", family_end="back", seen_parts=(), zone=None, zone_side=None
    ).part == ("unknown")  # an end is no door row
