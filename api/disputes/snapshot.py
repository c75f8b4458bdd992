"""The estimate a dispute is about, frozen as plain data.

A dispute points at one estimate version (STYLE §7). Until estimates are stored by the
service, the complaint desk receives the version reference and its lines, and keeps this
snapshot (JSON, amounts as strings) beside the analysis so the analysis can be reproduced.
:func:`snapshot_from_estimate` is the seam: a stored :class:`pricing.Estimate` converts here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pricing import Action, Estimate, LineKind, Money, PartCode, PriceType
from pricing.money import to_decimal

JsonDict = dict[str, Any]


@dataclass(frozen=True, slots=True)
class SnapshotLine:
    """One estimate line with the basis the explanation cites. ``amount`` None: unpriced."""

    line_id: str
    kind: LineKind
    part: PartCode | None
    action: Action | None
    description_zh: str
    description_en: str
    quantity: Decimal
    unit_price: Money | None
    amount: Money | None
    price_type: PriceType | None = None
    source: str = ""
    price_list_version: str = ""
    rule_ids: tuple[str, ...] = ()

    def to_json(self) -> JsonDict:
        return {
            "line_id": self.line_id,
            "kind": self.kind.value,
            "part": self.part.value if self.part else None,
            "action": self.action.value if self.action else None,
            "description_zh": self.description_zh,
            "description_en": self.description_en,
            "quantity": str(self.quantity),
            "unit_price": self.unit_price.to_json() if self.unit_price else None,
            "amount": self.amount.to_json() if self.amount else None,
            "price_type": self.price_type.value if self.price_type else None,
            "source": self.source,
            "price_list_version": self.price_list_version,
            "rule_ids": list(self.rule_ids),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SnapshotLine:
        def money(key: str) -> Money | None:
            return Money.from_json(data[key]) if data.get(key) is not None else None

        return cls(
            line_id=str(data["line_id"]),
            kind=LineKind(data["kind"]),
            part=PartCode(data["part"]) if data.get("part") else None,
            action=Action(data["action"]) if data.get("action") else None,
            description_zh=str(data.get("description_zh", "")),
            description_en=str(data.get("description_en", "")),
            quantity=to_decimal(data.get("quantity", "1"), what="quantity"),
            unit_price=money("unit_price"),
            amount=money("amount"),
            price_type=PriceType(data["price_type"]) if data.get("price_type") else None,
            source=str(data.get("source", "")),
            price_list_version=str(data.get("price_list_version", "")),
            rule_ids=tuple(str(r) for r in data.get("rule_ids", ())),
        )


@dataclass(frozen=True, slots=True)
class EstimateSnapshot:
    """The disputed estimate version: lines, settlement figures and the policy clause."""

    claim_ref: str
    version: int
    currency: str
    catalog_version: str
    rules_version: str
    lines: tuple[SnapshotLine, ...]
    recovered: Money
    fault_deductible: Money
    absolute_deductible: Money
    payable: Money
    policy_clause: str

    def __post_init__(self) -> None:
        if self.version < 1:
            raise ValueError("estimate version starts at 1")
        ids = [line.line_id for line in self.lines]
        if len(ids) != len(set(ids)):
            raise ValueError("duplicate estimate line ids")
        for m in (self.recovered, self.fault_deductible, self.absolute_deductible, self.payable):
            if m.currency != self.currency:
                raise ValueError(f"settlement figure in {m.currency}, estimate in {self.currency}")
            if m.amount < 0:
                raise ValueError("settlement figures cannot be negative")
        for line in self.lines:
            for figure in (line.unit_price, line.amount):
                if figure is not None and figure.currency != self.currency:
                    raise ValueError(f"line {line.line_id} is in {figure.currency}, estimate in {self.currency}")

    @property
    def net_repair_cost(self) -> Money:
        """Sum of every priced line (salvage and adjustments are negative lines)."""
        return Money.total((x.amount for x in self.lines if x.amount is not None), self.currency).quantized()

    def to_json(self) -> JsonDict:
        return {
            "claim_ref": self.claim_ref,
            "version": self.version,
            "currency": self.currency,
            "catalog_version": self.catalog_version,
            "rules_version": self.rules_version,
            "lines": [line.to_json() for line in self.lines],
            "recovered": self.recovered.to_json(),
            "fault_deductible": self.fault_deductible.to_json(),
            "absolute_deductible": self.absolute_deductible.to_json(),
            "payable": self.payable.to_json(),
            "policy_clause": self.policy_clause,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> EstimateSnapshot:
        return cls(
            claim_ref=str(data.get("claim_ref", "")),
            version=int(data["version"]),
            currency=str(data["currency"]),
            catalog_version=str(data.get("catalog_version", "")),
            rules_version=str(data.get("rules_version", "")),
            lines=tuple(SnapshotLine.from_json(x) for x in data["lines"]),
            recovered=Money.from_json(data["recovered"]),
            fault_deductible=Money.from_json(data["fault_deductible"]),
            absolute_deductible=Money.from_json(data["absolute_deductible"]),
            payable=Money.from_json(data["payable"]),
            policy_clause=str(data.get("policy_clause", "")),
        )


def snapshot_from_estimate(estimate: Estimate, *, claim_ref: str = "") -> EstimateSnapshot:
    """Freeze a :class:`pricing.Estimate` for a dispute; each line keeps its first basis."""
    lines = []
    for line in estimate.lines:
        basis = next((b for b in line.catalog_basis if b.price_type is not None), None)
        basis = basis or (line.catalog_basis[0] if line.catalog_basis else None)
        lines.append(
            SnapshotLine(
                line_id=line.line_id,
                kind=line.kind,
                part=line.part,
                action=line.action,
                description_zh=line.description_zh,
                description_en=line.description_en,
                quantity=line.quantity,
                unit_price=line.unit_price,
                amount=line.amount,
                price_type=basis.price_type if basis else None,
                source=basis.source if basis else "",
                price_list_version=basis.list_version if basis else "",
                rule_ids=tuple(r.value for r in line.rule_ids),
            )
        )
    s = estimate.settlement
    return EstimateSnapshot(
        claim_ref=claim_ref,
        version=estimate.version,
        currency=estimate.currency,
        catalog_version=estimate.catalog_version,
        rules_version=estimate.rules_version,
        lines=tuple(lines),
        recovered=s.recovered,
        fault_deductible=s.fault_deductible,
        absolute_deductible=s.absolute_deductible,
        payable=s.payable,
        policy_clause=estimate.policy_terms.clause,
    )


def snapshot_from_body(body: Mapping[str, Any], *, claim_ref: str = "") -> EstimateSnapshot:
    """Freeze a stored estimate version — the JSON form ``pricing.to_jsonable(estimate)`` —
    exactly as :func:`snapshot_from_estimate` freezes the estimate itself."""
    lines = []
    for line in body["lines"]:
        bases = list(line.get("catalog_basis") or ())
        basis = next((b for b in bases if b.get("price_type")), bases[0] if bases else None)
        lines.append(
            SnapshotLine(
                line_id=str(line["line_id"]),
                kind=LineKind(line["kind"]),
                part=PartCode(line["part"]) if line.get("part") else None,
                action=Action(line["action"]) if line.get("action") else None,
                description_zh=str(line.get("description_zh", "")),
                description_en=str(line.get("description_en", "")),
                quantity=to_decimal(line["quantity"], what="quantity"),
                unit_price=Money.from_json(line["unit_price"]) if line.get("unit_price") else None,
                amount=Money.from_json(line["amount"]) if line.get("amount") else None,
                price_type=PriceType(basis["price_type"]) if basis and basis.get("price_type") else None,
                source=str(basis["source"]) if basis else "",
                price_list_version=str(basis["list_version"]) if basis else "",
                rule_ids=tuple(str(r) for r in line.get("rule_ids", ())),
            )
        )
    s = body["settlement"]
    return EstimateSnapshot(
        claim_ref=claim_ref,
        version=int(body["version"]),
        currency=str(body["currency"]),
        catalog_version=str(body["catalog_version"]),
        rules_version=str(body["rules_version"]),
        lines=tuple(lines),
        recovered=Money.from_json(s["recovered"]),
        fault_deductible=Money.from_json(s["fault_deductible"]),
        absolute_deductible=Money.from_json(s["absolute_deductible"]),
        payable=Money.from_json(s["payable"]),
        policy_clause=str(body["policy_terms"]["clause"]),
    )
