"""An image to fields with the fake engine: bad input never yields invented values."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from inference.ocr.fields import DocumentKind as K
from inference.ocr.fields import FieldStatus
from inference.ocr.pipeline import NO_TEXT, NOT_A_DOCUMENT, read_document
from tests.inference.ocr.fakes import FakeOcrEngine
from tests.inference.ocr.test_extract import ID_FRONT_MERGED

WHITE = np.full((700, 1000, 3), 255, np.uint8)


def test_blank_page_gives_no_fields_and_says_why() -> None:
    result = read_document(WHITE, FakeOcrEngine([]))
    assert result.kind is K.UNKNOWN
    assert result.fields == {}
    assert result.messages == (NO_TEXT,)


def test_blank_page_uploaded_as_a_kind_lists_its_fields_as_missing() -> None:
    result = read_document(WHITE, FakeOcrEngine([]), kind=K.ID_CARD_FRONT)
    assert set(result.fields) >= {"name", "id_number"}
    assert all(f.value is None and f.status is FieldStatus.MISSING for f in result.fields.values())


def _documented_keys() -> dict[str, set[str]]:
    """Field keys per kind from docs/read-document.md (its "### `kind`" sections' key tables)."""
    text = (Path(__file__).resolve().parents[3] / "docs" / "read-document.md").read_text()
    keys: dict[str, set[str]] = {}
    for section in text.split("\n### ")[1:]:
        kinds = re.findall(r"`([a-z_]+)`", section.splitlines()[0])
        table = section.split("\n\n")[1]  # the first table: the fields (items tables come later)
        names = {name for row in table.splitlines()[2:] for name in re.findall(r"`([a-z_]+)`", row.split("|")[1])}
        for kind in kinds:
            keys[kind] = names
    return keys


@pytest.mark.parametrize("kind", [k for k in K if k is not K.UNKNOWN])
def test_blank_page_names_the_documented_keys_of_its_kind(kind: K) -> None:
    # A blank page uploaded as a kind lists the same keys a read page of that kind returns
    # (valid_from/valid_until, not the label spec's "validity"; inspection_valid_until, not "inspection").
    documented = _documented_keys()
    result = read_document(np.full((400, 600, 3), 255, np.uint8), FakeOcrEngine([]), kind=kind)
    assert set(result.fields) == documented[kind.value]


def test_a_non_document_is_unknown() -> None:
    result = read_document(WHITE, FakeOcrEngine([("今天天气很好", (10, 10, 300, 40))]))
    assert result.kind is K.UNKNOWN
    assert NOT_A_DOCUMENT in result.messages
    assert result.fields == {}


def test_kind_is_detected_and_fields_read() -> None:
    result = read_document(WHITE, FakeOcrEngine(ID_FRONT_MERGED))
    assert result.kind is K.ID_CARD_FRONT
    assert result.kind_confidence > 0.5
    assert result.value("id_number") == "310115198503071230"
    assert result.line_count == len(ID_FRONT_MERGED)


def test_uploaded_kind_that_disagrees_with_the_page_is_noted() -> None:
    result = read_document(WHITE, FakeOcrEngine(ID_FRONT_MERGED), kind=K.DRIVING_LICENCE)
    assert result.kind is K.DRIVING_LICENCE
    assert any("reads like id_card_front" in m for m in result.messages)


def test_low_confidence_text_is_flagged() -> None:
    from tests.inference.ocr.fakes import lines_from

    lines = lines_from(ID_FRONT_MERGED, confidence=0.4)
    result = read_document(WHITE, FakeOcrEngine(lines))
    assert any("hard to read" in m for m in result.messages)
    assert result.fields["name"].confidence == pytest.approx(0.4)
