"""ID cards read by position: values whose printed label was lost, cross-filled from the ID number."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from inference.ocr.extract import extract
from inference.ocr.fields import DocumentKind as K
from inference.ocr.fields import Field, FieldSource, FieldStatus
from inference.ocr.orientation import orient
from tests.inference.ocr.fakes import Box, lines_from

NUMBER = "310115198503071230"  # born 1985-03-07, male
# The card's left edge (and every label on it) outside the scanner glass.
LABELS_CUT = [
    ("张伟", (170, 60, 240, 100)),
    ("男", (170, 140, 200, 175)),
    ("民族汉", (320, 140, 420, 175)),
    ("1985年3月7日", (170, 220, 380, 255)),
    ("上海市浦东新区世纪大道", (170, 300, 520, 335)),
    ("100号3号楼201室", (170, 348, 400, 383)),
    ("号码", (200, 530, 260, 565)),
    (NUMBER, (340, 525, 820, 570)),
]
# Labels read as something else (a faint or stamped label), merged into the value's line.
LABELS_GARBLED = [
    ("姓谷张伟", (70, 60, 240, 100)),  # 姓名 with 名 misread: label 70–130, the value at 170
    ("性别男", (70, 140, 200, 175)),
    ("民族汉", (320, 140, 420, 175)),
    ("出生", (70, 220, 130, 255)),  # a label read apart from its value: the value column is measured
    ("1985年3月7日", (170, 220, 380, 255)),
    ("往扯上海市浦东新区世纪大道", (70, 300, 500, 335)),  # 住址 under a seal, read as other characters
    ("100号3号楼201室", (170, 348, 400, 383)),
    ("公民身份号码", (70, 530, 260, 565)),
    (NUMBER, (340, 525, 820, 570)),
]
EXPECTED = {
    "name": "张伟",
    "sex": "男",
    "ethnicity": "汉",
    "birth_date": "1985-03-07",
    "address": "上海市浦东新区世纪大道100号3号楼201室",
    "id_number": NUMBER,
}


def front(rows: Sequence[tuple[str, Box]], turns: int = 0) -> dict[str, Field]:
    fields, _, _ = extract(orient(lines_from(rows), turns), K.ID_CARD_FRONT)
    return fields


def test_every_value_is_found_by_position_when_the_labels_are_cut_off() -> None:
    fields = front(LABELS_CUT)
    assert {k: f.value for k, f in fields.items()} == EXPECTED
    assert fields["name"].source is FieldSource.POSITION
    assert fields["address"].source is FieldSource.POSITION
    assert fields["ethnicity"].source is FieldSource.LABEL  # its label survived


def test_a_garbled_label_is_cut_off_at_the_value_column() -> None:
    fields = front(LABELS_GARBLED)
    assert fields["name"].value == "张伟"
    assert fields["address"].value == EXPECTED["address"]
    assert fields["sex"].source is FieldSource.LABEL


def test_birth_date_and_sex_come_from_the_id_number_when_not_printed_legibly() -> None:
    rows = [r for r in LABELS_CUT if r[0] not in ("男", "1985年3月7日")]
    fields = front(rows)
    assert fields["birth_date"].value == "1985-03-07"
    assert fields["sex"].value == "男"
    for name in ("birth_date", "sex"):
        assert fields[name].source is FieldSource.ID_NUMBER
        assert fields[name].status is FieldStatus.OK
        assert "ID number" in fields[name].message
        assert fields[name].quad is not None  # points at the digits it came from
    assert fields["name"].value == "张伟"


def test_nothing_is_placed_by_position_without_a_valid_id_number() -> None:
    rows = [*LABELS_CUT[:-1], ("310115198503071231", (340, 525, 820, 570))]  # bad check digit
    fields = front(rows)
    assert fields["name"].value is None
    assert fields["address"].value is None
    assert fields["birth_date"].value is None
    assert fields["id_number"].status is FieldStatus.INVALID


def test_a_date_that_contradicts_the_id_number_is_still_flagged_not_replaced() -> None:
    rows = [r if r[0] != "1985年3月7日" else ("1985年8月7日", r[1]) for r in LABELS_CUT]
    fields = front(rows)
    assert fields["birth_date"].value == "1985-08-07"
    assert fields["birth_date"].status is FieldStatus.INVALID


def test_back_without_labels_is_read_from_what_its_values_look_like() -> None:
    rows = [
        ("中华人民共和国", (330, 80, 700, 140)),
        ("居民身份证", (330, 190, 700, 260)),
        ("上海市公安局浦东分局", (330, 450, 700, 485)),
        ("2016.05.01-2036.05.01", (330, 520, 700, 555)),
    ]
    fields, _, _ = extract(orient(lines_from(rows), 0), K.ID_CARD_BACK)
    assert fields["issuing_authority"].value == "上海市公安局浦东分局"
    assert fields["issuing_authority"].source is FieldSource.POSITION
    assert (fields["valid_from"].value, fields["valid_until"].value) == ("2016-05-01", "2036-05-01")


def test_the_name_is_the_row_above_the_ethnicity_row_when_the_sex_was_not_read() -> None:
    rows = [r for r in LABELS_CUT if r[0] != "男"]  # a one-character value the detector missed
    fields = front(rows)
    assert fields["name"].value == "张伟"
    assert fields["sex"].source is FieldSource.ID_NUMBER
    assert fields["birth_date"].source is FieldSource.POSITION


def test_a_value_standing_right_of_the_label_margin_keeps_its_first_characters() -> None:
    rows = [("林东强", (170, 60, 270, 100)), *LABELS_GARBLED[1:]]  # its label lost under a seal
    assert front(rows)["name"].value == "林东强"


@pytest.mark.parametrize("measured", [True, False], ids=["value-column", "label-characters"])
def test_a_half_hidden_label_loses_only_its_own_characters(measured: bool) -> None:
    # 姓名 with 名 under a seal: "姓" glued to the three-character name (seen on a stamped photocopy)
    rows = [("姓林东强", (70, 60, 270, 100)), *(LABELS_GARBLED[1:] if measured else LABELS_CUT[1:])]
    rows = rows if measured else [("性别男", (70, 140, 200, 175)), *rows]
    assert front(rows)["name"].value == "林东强"
