"""A page that is not what it claims is refused with a reason, never filled in."""

from __future__ import annotations

import numpy as np
import pytest

from inference.ocr.fields import DocumentKind as K
from inference.ocr.pipeline import read_document
from tests.inference.ocr.fakes import FakeOcrEngine
from tests.inference.ocr.test_extract import ID_FRONT_MERGED

PAGE = np.full((800, 1100, 3), 255, np.uint8)
HOUSEHOLD = [
    ("常住人口登记卡", (380, 30, 700, 80)),
    ("户主姓名张伟", (60, 118, 400, 150)),
    ("与户主关系户主", (620, 118, 950, 150)),
    ("姓名张伟", (60, 200, 300, 232)),
    ("性别男", (60, 282, 200, 314)),
    ("民族汉", (620, 282, 800, 314)),
    ("出生日期1985年03月07日", (60, 364, 500, 396)),
    ("公民身份号码310115198503071230", (60, 446, 700, 478)),
    ("住址上海市浦东新区世纪大道100号", (60, 528, 700, 560)),
]


@pytest.mark.parametrize("kind", [None, K.ID_CARD_FRONT], ids=["detected", "uploaded-as-id-card"])
def test_a_household_register_page_is_refused_as_the_wrong_kind(kind: K | None) -> None:
    result = read_document(PAGE, FakeOcrEngine(HOUSEHOLD), kind=kind)
    assert result.kind is K.UNKNOWN
    assert result.refused == "wrong_kind"
    assert not any(f.value is not None for f in result.fields.values())
    assert any(m.startswith("wrong_kind") and "household register" in m for m in result.messages)


def test_a_page_with_no_id_anchor_and_no_card_labels_is_not_an_id_card() -> None:
    rows = [("今天天气很好", (10, 10, 300, 40)), ("维修发票", (10, 60, 300, 90))]
    result = read_document(PAGE, FakeOcrEngine(rows), kind=K.ID_CARD_FRONT)
    assert result.refused == "not_an_id_card"
    assert result.kind is K.UNKNOWN
    assert set(result.fields) >= {"name", "id_number"}
    assert all(f.value is None for f in result.fields.values())
    assert any("no valid ID number" in m for m in result.messages)


def test_a_real_id_card_is_not_refused() -> None:
    result = read_document(PAGE, FakeOcrEngine(ID_FRONT_MERGED), kind=K.ID_CARD_FRONT)
    assert result.refused == ""
    assert result.kind is K.ID_CARD_FRONT
    assert result.value("name") == "张伟"


def test_an_id_card_whose_number_is_unreadable_but_labels_are_there_is_still_read() -> None:
    rows = [r for r in ID_FRONT_MERGED if not r[0].isdigit()]
    result = read_document(PAGE, FakeOcrEngine(rows), kind=K.ID_CARD_FRONT)
    assert result.refused == ""
    assert result.value("name") == "张伟"
