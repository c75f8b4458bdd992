from __future__ import annotations

import json
from decimal import Decimal

import pytest

from pricing import Money, to_jsonable
from tests.pricing.factories import golden_estimate


def test_estimate_json_has_string_amounts_beside_currency() -> None:
    data = to_jsonable(golden_estimate())
    assert isinstance(data, dict)
    text = json.dumps(data, ensure_ascii=False)
    assert data["net_repair_cost"] == {"amount": "6938.00", "currency": "CNY"}
    assert data["settlement"]["payable"] == {"amount": "4844.20", "currency": "CNY"}
    assert data["subtotals"]["salvage"] == {"amount": "-78.00", "currency": "CNY"}
    assert data["rules"]["version"] == "rules-2026.1"
    line = data["lines"][0]
    assert line["line_id"] == "front_bumper/labour.repair" and line["quantity"] == "3.0"
    assert line["evidence"]["confidence"] == "0.9200"
    assert line["catalog_basis"][0]["effective_date"] == "2026-01-01"
    assert "前保险杠" in text and "needs_manual_pricing" in text


def test_float_is_refused() -> None:
    with pytest.raises(TypeError):
        to_jsonable({"x": 1.5})


def test_money_and_decimal_forms() -> None:
    assert to_jsonable([Money.of("1"), Decimal("0.80")]) == [{"amount": "1.00", "currency": "CNY"}, "0.80"]
