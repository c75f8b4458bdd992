from __future__ import annotations

import json
from decimal import Decimal

import pytest

from pricing import Estimate, LineEdit, Money, ReasonCode, Role, revise_estimate, to_jsonable
from pricing.serialize import from_jsonable
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


def test_an_estimate_survives_a_json_round_trip_and_can_then_be_revised() -> None:
    v1 = golden_estimate()
    restored = from_jsonable(Estimate, json.loads(json.dumps(to_jsonable(v1))))
    assert restored == v1
    assert restored.rules == v1.rules  # not part of ==, checked on its own
    edit = [LineEdit("back_glass/parts", ReasonCode.MANUAL_PRICING, amount=Money.of("1350.00"))]
    v2 = revise_estimate(restored, edits=edit, actor_role=Role.SENIOR_ADJUSTER)
    again = from_jsonable(Estimate, json.loads(json.dumps(to_jsonable(v2))))
    assert again == v2 and again.revision == v2.revision and again.revision is not None


@pytest.mark.parametrize(
    ("path", "value", "error"),
    [
        (("net_repair_cost", "amount"), 6938.0, TypeError),
        (("tier",), "tricky", ValueError),
        (("lines",), "not a list", TypeError),
        (("version",), "1", TypeError),
        (("surprise",), 1, ValueError),
    ],
)
def test_bad_stored_estimates_are_refused(path: tuple[str, ...], value: object, error: type[Exception]) -> None:
    data = json.loads(json.dumps(to_jsonable(golden_estimate())))
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(error):
        from_jsonable(Estimate, data)
