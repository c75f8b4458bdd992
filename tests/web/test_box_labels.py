"""The labels over the review workspace's photos: none covers another, none leaves the photo, a
crowded box keeps its number on the photo and its whole text in the tooltip, and a part the
models could not name shows the damaged-part model's guess."""

from __future__ import annotations

import uuid

from api.assessments.schemas import CurrentFindingRead, FindingOrigin
from api.reports.label_layout import LINE, BoxLabel, place_labels, text_width
from api.web.i18n import Lang, translator
from api.web.review_view import NumberedFinding, ReviewPhoto, finding_lines, photo_labels
from tests.fixtures.crowded_boxes import SCRATCHES

Rect = tuple[float, float, float, float]


def _rect(label: BoxLabel) -> Rect:
    """Where the label's text is drawn, from its anchor and estimated width (not from its ``rect``)."""
    width = max(text_width(line, label.size) for line in label.lines)
    top = label.baselines[0] - label.size
    left = label.x if label.anchor == "start" else label.x - width
    return (left, top, left + width, top + len(label.lines) * LINE * label.size)


def _overlap(a: Rect, b: Rect) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_nine_scratches_close_together_get_labels_that_cover_no_other() -> None:
    texts = [(f"#{n} Scratch 20%", "Rear bumper · Minor") for n in range(1, 10)]

    labels = place_labels(SCRATCHES, texts, 640, 640)

    rects = [_rect(label) for label in labels]
    for i, a in enumerate(rects):
        assert min(a[0], a[1]) >= 0 and max(a[2], a[3]) <= 640, (i, a)
        for j in range(i):
            assert not _overlap(a, rects[j]), (i + 1, j + 1)
    assert sum(label.full for label in labels) >= 7  # most keep their whole text
    for n, label in enumerate(labels, start=1):
        assert label.lines[0].startswith(f"#{n}")
        assert label.full == (len(label.lines) == 2)


def test_a_label_at_the_photos_edge_is_written_back_onto_the_photo() -> None:
    [label] = place_labels([(600.0, 620.0, 638.0, 639.0)], [("#1 Scratch 90%", "Rear bumper · Minor")], 640, 640)

    left, top, right, bottom = _rect(label)

    assert label.full and label.anchor == "end" and right <= 640 and bottom <= 640 and left >= 0 and top >= 0


def test_with_no_room_left_a_box_shows_its_number_and_the_tooltip_its_whole_text() -> None:
    t = translator(Lang.EN)
    findings = [_finding(xyxy=[10.0, 10.0, 30.0, 30.0]) for _ in range(3)]
    photo = ReviewPhoto(1, uuid.uuid4(), 160, 60, [NumberedFinding(n, f) for n, f in enumerate(findings, start=1)])

    placed = photo_labels(photo, t)

    assert [label.full for _, label, _ in placed] == [True, False, False]
    assert [label.lines for _, label, _ in placed][1:] == [("#2",), ("#3",)]
    assert [text for _, _, text in placed][2] == "#3 Dent 80% · Front bumper · Moderate"


def test_an_unknown_part_shows_the_damaged_part_models_guess_and_a_rejected_finding_says_so() -> None:
    en, zh = translator(Lang.EN), translator(Lang.ZH)
    guessed = NumberedFinding(4, _finding(part="unknown", part_method="hint:tail_lamp", damage_type="lamp_broken"))
    sided = NumberedFinding(5, _finding(part="unknown", part_method="hint:door:left", rejected=True))
    plain = NumberedFinding(6, _finding(part="unknown", part_method="no_part_visible", severity=None))

    assert finding_lines(guessed, en) == ("#4 Lamp broken 80%", "Tail lamp? · Moderate")
    assert finding_lines(guessed, zh)[1].startswith("尾灯？")
    assert finding_lines(sided, en) == ("#5 Dent 80% · Rejected", "Door? · Left · Moderate")
    assert finding_lines(plain, en) == ("#6 Dent 80%", "Unknown")


def _finding(
    *,
    xyxy: list[float] | None = None,
    part: str = "front_bumper",
    part_method: str = "mask_overlap",
    damage_type: str = "dent",
    severity: str | None = "moderate",
    rejected: bool = False,
) -> CurrentFindingRead:
    return CurrentFindingRead(
        id=uuid.uuid4(),
        damage_type=damage_type,
        confidence=0.8,
        xyxy=xyxy or [10.0, 10.0, 50.0, 50.0],
        part=part,
        part_method=part_method,
        severity=severity,
        severity_rule=None,
        photo_id=uuid.uuid4(),
        origin=FindingOrigin.AI,
        side=None,
        rejected=rejected,
        history=[],
    )
