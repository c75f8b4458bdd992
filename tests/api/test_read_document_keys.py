"""``claimsight read-document --json``: every field and line-item cell of each kind is in the JSON
with its keys, and docs/read-document.md documents exactly the fields each kind has."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from api.read_document_cli import extraction_json
from inference.ocr.extract import extract
from inference.ocr.fields import DocumentKind
from inference.ocr.orientation import orient
from inference.ocr.pipeline import read_document
from tests.inference.ocr.fakes import FakeOcrEngine, lines_from
from tests.inference.ocr.test_every_field import COVERS_WITH_DEDUCTIBLES, QUOTE

DOCS = Path(__file__).resolve().parents[2] / "docs" / "read-document.md"
FIELD_KEYS = {"value", "confidence", "box", "status", "source", "message"}
KINDS = [k for k in DocumentKind if k is not DocumentKind.UNKNOWN]
ITEM_CELLS = {
    DocumentKind.POLICY_COMPULSORY: {"cover", "sum_insured", "deductible", "premium"},
    DocumentKind.POLICY_COMMERCIAL: {"cover", "sum_insured", "deductible", "premium"},
    DocumentKind.REPAIR_QUOTE: {"part", "operation", "quantity", "unit_price", "amount"},
}


def documented(kind: DocumentKind) -> tuple[set[str], set[str]]:
    """(field keys, item cells) listed in the docs' section whose heading names ``kind``."""
    text = DOCS.read_text(encoding="utf-8")
    sections = re.split(r"\n### ", text.split("## Fields of each kind", 1)[1])
    section = next(s for s in sections if f"`{kind.value}`" in s.splitlines()[0])
    fields: set[str] = set()
    cells: set[str] = set()
    target = fields
    for line in section.splitlines():
        if line.startswith("| cell |"):
            target = cells
        if line.startswith("| `"):
            target.update(re.findall(r"`([a-z_]+)`", line.split("|")[1]))
    return fields, cells


@pytest.mark.parametrize("kind", KINDS, ids=str)
def test_the_docs_list_every_field_of_each_kind(kind: DocumentKind) -> None:
    fields, _, _ = extract(orient(lines_from([]), 0), kind)  # a blank page: every field, missing
    keys, cells = documented(kind)
    assert keys == set(fields)
    assert cells == ITEM_CELLS.get(kind, set())


@pytest.mark.parametrize(
    ("rows", "cells"),
    [
        (COVERS_WITH_DEDUCTIBLES, {"cover", "sum_insured", "deductible", "premium"}),
        ([*QUOTE, ("1200.00", (900, 380, 1020, 410))], {"part", "operation", "quantity", "unit_price", "amount"}),
    ],
    ids=["policy covers", "quote lines"],
)
def test_line_items_reach_the_json_with_every_key(
    rows: list[tuple[str, tuple[int, int, int, int]]], cells: set[str]
) -> None:
    image = np.full((1400, 1100, 3), 255, np.uint8)
    result = read_document(image, FakeOcrEngine(lines_from(rows, resolution_wh=(1100, 1400))))
    doc = extraction_json("page.png", result, kind_asked=None)
    assert doc["items"], doc["messages"]
    assert set(doc["items"][0]) == cells
    assert all(set(cell) == FIELD_KEYS for item in doc["items"] for cell in item.values())
    first = doc["items"][0]
    assert all(first[c]["status"] in ("ok", "unchecked") and first[c]["box"] is not None for c in cells)


@pytest.mark.parametrize("kind", KINDS, ids=str)
def test_every_field_and_cell_has_a_label_in_each_language(kind: DocumentKind) -> None:
    """The document page and the customer profile name each field by ``field.<name>``; a missing
    label showed the raw key (issuing_authority) on the Chinese page."""
    from api.web.i18n import MESSAGES

    fields, _, _ = extract(orient(lines_from([]), 0), kind)
    names = set(fields) | ITEM_CELLS.get(kind, set())
    assert {name for name in names if f"field.{name}" not in MESSAGES} == set()
