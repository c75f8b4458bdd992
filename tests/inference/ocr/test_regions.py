"""Two cards (or two sides) on one image: found, turned and read separately."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from inference.ocr import pipeline
from inference.ocr.engine import Image
from inference.ocr.engine import OcrEngine as Engine
from inference.ocr.fields import DocumentKind as K
from inference.ocr.lines import TextLines
from inference.ocr.regions import split_regions
from tests.inference.ocr.fakes import Box, FakeOcrEngine, lines_from
from tests.inference.ocr.test_extract import ID_FRONT_MERGED

BACK = [
    ("中华人民共和国", (330, 80, 700, 140)),
    ("居民身份证", (330, 190, 700, 260)),
    ("签发机关上海市公安局浦东分局", (190, 450, 700, 485)),
    ("有效期限2016.05.01-2036.05.01", (190, 520, 700, 555)),
]
SHEET = (1200, 1700)
BACK_TOP = 150 + 630 + 200


def _moved(rows: Sequence[tuple[str, Box]], dx: float, dy: float, *, turned: bool = False) -> list[tuple[str, Box]]:
    out = []
    for text, (x1, y1, x2, y2) in rows:
        if turned:  # the card upside down: a 1000 × 630 card turned about its centre
            x1, y1, x2, y2 = 1000 - x2, 630 - y2, 1000 - x1, 630 - y1
        out.append((text, (x1 + dx, y1 + dy, x2 + dx, y2 + dy)))
    return out


def _sheet(turned: bool) -> TextLines:
    rows = _moved(ID_FRONT_MERGED, 100, 150) + _moved(BACK, 100, BACK_TOP, turned=turned)
    return lines_from(rows, resolution_wh=SHEET)


def test_front_and_back_on_one_sheet_are_two_regions() -> None:
    regions = split_regions(_sheet(turned=True))
    assert [len(r) for r in regions] == [len(ID_FRONT_MERGED), len(BACK)]


@pytest.mark.parametrize("rows", [ID_FRONT_MERGED, BACK], ids=["front", "back"])
def test_one_card_stays_one_region(rows: list[tuple[str, Box]]) -> None:
    assert len(split_regions(lines_from(rows))) == 1


def test_two_halves_without_an_anchor_each_are_not_split() -> None:
    rows = [("今天天气很好", (10, 10, 300, 40)), ("明天下雨", (10, 900, 300, 940))]
    assert len(split_regions(lines_from(rows, resolution_wh=(400, 1000)))) == 1


def test_each_side_is_turned_on_its_own_and_both_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    def turns(image: Image, lines: TextLines, engine: Engine) -> int:
        return 2 if float(lines.center[:, 1].mean()) > BACK_TOP else 0  # the back reads upside down

    monkeypatch.setattr(pipeline, "quarter_turns", turns)
    result = pipeline.read_document(np.zeros((SHEET[1], SHEET[0], 3), np.uint8), FakeOcrEngine(_sheet(turned=True)))
    assert result.kind is K.ID_CARD_FRONT
    values = {k: f.value for k, f in result.fields.items()}
    assert values["id_number"] == "310115198503071230"
    assert values["name"] == "张伟"
    assert values["issuing_authority"] == "上海市公安局浦东分局"
    assert (values["valid_from"], values["valid_until"]) == ("2016-05-01", "2036-05-01")
    assert [p.kind for p in result.parts] == [K.ID_CARD_FRONT, K.ID_CARD_BACK]
    assert [p.quarter_turns for p in result.parts] == [0, 2]
    assert any("2 documents on one image" in m for m in result.messages)
