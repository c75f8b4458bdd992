"""JSON forms (amounts as strings) of the customer's figure and of an analysis, for storage and
for the API. ``figure_from_json(figure_to_json(f)) == f``."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from api.disputes.analysis import Analysis, Comparison
from api.disputes.quote import CustomerFigure, CustomerLine, Operation
from api.disputes.recommend import Recommendation
from pricing import Money, PriceType

JsonDict = dict[str, Any]


def line_to_json(line: CustomerLine) -> JsonDict:
    return {
        "name": line.name,
        "amount": line.amount.to_json(),
        "operation": line.operation.value if line.operation else None,
        "quantity": str(line.quantity),
        "hours": str(line.hours) if line.hours is not None else None,
        "price_type": line.price_type.value if line.price_type else None,
    }


def figure_to_json(figure: CustomerFigure) -> JsonDict:
    return {
        "total": figure.total.to_json(),
        "lines": [line_to_json(x) for x in figure.lines],
        "default_price_type": figure.default_price_type.value if figure.default_price_type else None,
    }


def figure_from_json(data: Mapping[str, Any]) -> CustomerFigure:
    lines = tuple(
        CustomerLine(
            name=str(x["name"]),
            amount=Money.from_json(x["amount"]),
            operation=Operation(x["operation"]) if x.get("operation") else None,
            quantity=Decimal(x["quantity"]),
            hours=Decimal(x["hours"]) if x.get("hours") is not None else None,
            price_type=PriceType(x["price_type"]) if x.get("price_type") else None,
        )
        for x in data.get("lines", ())
    )
    pt = PriceType(data["default_price_type"]) if data.get("default_price_type") else None
    return CustomerFigure(Money.from_json(data["total"]), lines, pt)


def comparison_to_json(c: Comparison) -> JsonDict:
    return {
        "part": c.part.value if c.part else None,
        "operation": c.operation.value if c.operation else None,
        "customer_items": [x.name for x in c.customer_lines],
        "estimate_line_ids": [x.line_id for x in c.estimate_lines],
        "customer_amount": c.customer_amount.to_json(),
        "estimate_amount": c.estimate_amount.to_json(),
        "gap": c.gap.to_json(),
        "components": [{"cause": x.cause.value, "amount": x.amount.to_json()} for x in c.components],
        "flags": sorted(f.value for f in c.flags),
        "unpaired_reason": c.reason.value if c.reason else None,
    }


def analysis_to_json(analysis: Analysis, recommendation: Recommendation) -> JsonDict:
    return {
        "figure_total": analysis.figure.total.to_json(),
        "estimate_version": analysis.estimate.version,
        "estimate_payable": analysis.estimate.payable.to_json(),
        "gap": analysis.gap.to_json(),
        "by_cause": {k.value: v.to_json() for k, v in analysis.by_cause().items()},
        "comparisons": [comparison_to_json(c) for c in analysis.comparisons],
        "components": [{"cause": x.cause.value, "amount": x.amount.to_json()} for x in analysis.components],
        "flags": sorted(f.value for f in analysis.flags),
        "repeated_on": list(analysis.repeated_on),
        "recommendation": {
            "tier": recommendation.tier.value,
            "remedies": [r.value for r in recommendation.remedies],
            "compensation_low": recommendation.compensation_low.to_json(),
            "compensation_high": recommendation.compensation_high.to_json(),
            "reassessment": recommendation.reassessment,
            "reasons": [r.to_json() for r in recommendation.reasons],
        },
    }
