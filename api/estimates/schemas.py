"""Request and response shapes of the estimates API. Money travels as strings beside a currency.

A customer's copy (``EstimateRead``) carries every line, figure and explanation; the staff copy
(``EstimateStaffRead``) adds the internal flags, each figure's catalog basis and the pricing
assumptions.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field

from api.db.models.estimate import EstimateVersion
from api.estimates.provenance import LineProvenance
from api.estimates.requests import AddLineIn as AddLineIn
from api.estimates.requests import EstimateCreate as EstimateCreate
from api.estimates.requests import EstimateRevisionCreate as EstimateRevisionCreate
from api.estimates.requests import LineEditIn as LineEditIn
from api.estimates.requests import PartOperationIn as PartOperationIn
from api.estimates.requests import PolicyTermsIn as PolicyTermsIn
from api.estimates.requests import VehicleIn as VehicleIn
from api.schemas import AmountStr
from pricing import (
    Estimate,
    EstimateLine,
    LineDiff,
    LineKind,
    to_jsonable,
)
from pricing import Money as PricingMoney

# ---- responses --------------------------------------------------------------------------------


class EstimateStatus(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"
    SUPERSEDED = "superseded"


class MoneyRead(BaseModel):
    """An amount as a string beside its currency; deductions and salvage are negative."""

    amount: AmountStr
    currency: str


def money(value: PricingMoney | None) -> MoneyRead | None:
    if value is None:
        return None
    return MoneyRead(amount=value.quantized().amount, currency=value.currency)


def diff_read(d: LineDiff) -> LineDiffRead:
    return LineDiffRead(
        line_id=d.line_id,
        change=d.change.value,
        reason=d.reason.value,
        before=money(d.before),
        after=money(d.after),
        note=d.note,
    )


def since_approved_read(approved_version: int, diffs: Sequence[LineDiff]) -> SinceApprovedRead:
    return SinceApprovedRead(approved_version=approved_version, diffs=[diff_read(d) for d in diffs])


def _money(value: PricingMoney) -> MoneyRead:
    return MoneyRead(amount=value.quantized().amount, currency=value.currency)


class EvidenceRead(BaseModel):
    photo_ids: list[str]
    finding_ids: list[str]
    confidence: str | None = Field(
        description="the lowest detector confidence of the findings behind an AI line (4 places); null for a "
        "line from a person's finding or one a person added: a person's finding has no model score"
    )


class LineChangeRead(BaseModel):
    """One change to a line: in which version, by which role (and, for staff, which user), why."""

    version: int
    change: str
    reason: str
    actor_role: str
    actor_id: str | None
    note: str


class LineRead(BaseModel):
    line_id: str
    kind: LineKind
    part: str | None
    action: str | None
    description_zh: str
    description_en: str
    quantity: str
    unit_price: MoneyRead | None
    amount: MoneyRead | None = Field(description="null when the line awaits manual pricing: never zero")
    needs_manual_pricing: bool
    rule_ids: list[str]
    evidence: EvidenceRead
    explanation_zh: str
    explanation_en: str
    origin: str = Field(default="ai", description="ai, adjuster or customer_reported")
    changes: list[LineChangeRead] = Field(default_factory=list, description="Who changed the line, and why")


class LineStaffRead(LineRead):
    flags: list[str]
    catalog_basis: list[dict[str, Any]]


class SettlementRead(BaseModel):
    repair_cost: MoneyRead
    recovered: MoneyRead
    fault_deductible: MoneyRead
    absolute_deductible: MoneyRead
    payable: MoneyRead


class ExplanationRead(BaseModel):
    rule_id: str
    zh: str
    en: str


class LineDiffRead(BaseModel):
    line_id: str
    change: str
    reason: str
    before: MoneyRead | None
    after: MoneyRead | None
    note: str


class RevisionRead(BaseModel):
    parent_version: int
    actor_role: str
    note: str
    diffs: list[LineDiffRead]


class EstimateSummary(BaseModel):
    version: int
    parent_version: int | None
    created_at: datetime
    status: EstimateStatus
    tier: str
    complete: bool
    net_repair_cost: MoneyRead
    payable: MoneyRead


class EstimateRead(BaseModel):
    claim_id: uuid.UUID
    version: int
    parent_version: int | None
    created_at: datetime
    status: EstimateStatus
    approved_at: datetime | None
    catalog_version: str
    rules_version: str
    currency: str
    vehicle: dict[str, Any]
    region: str
    tier: str
    small_loss: bool
    complete: bool
    lines: list[LineRead]
    subtotals: dict[str, MoneyRead]
    gross_repair_cost: MoneyRead
    salvage_deduction: MoneyRead
    net_repair_cost: MoneyRead
    settlement: SettlementRead
    deductible_explanations: list[ExplanationRead]
    notes: list[ExplanationRead]
    revision: RevisionRead | None
    report_html: str
    report_pdf: str


class SinceApprovedRead(BaseModel):
    """A re-assessment: what this (latest) version changes against the last approved one."""

    approved_version: int
    diffs: list[LineDiffRead]


class EstimateStaffRead(EstimateRead):
    lines: list[LineStaffRead]  # type: ignore[assignment]
    since_approved: SinceApprovedRead | None = None
    assessment_id: uuid.UUID | None
    created_by_role: str | None
    approved_by_role: str | None
    assumptions: list[str]


EstimateView = EstimateStaffRead | EstimateRead


def _confidence(line: EstimateLine, provenance: LineProvenance | None) -> str | None:
    """The detector's confidence for an AI line only, as the 定损单 prints it (``api.reports.view``)."""
    if line.evidence.confidence is None or (provenance is not None and provenance.origin != "ai"):
        return None
    return str(line.evidence.confidence)


def _line(line: EstimateLine, *, staff: bool, provenance: LineProvenance | None = None) -> LineRead:
    fields: dict[str, Any] = dict(
        line_id=line.line_id,
        kind=line.kind,
        part=line.part.value if line.part is not None else None,
        action=line.action.value if line.action is not None else None,
        description_zh=line.description_zh,
        description_en=line.description_en,
        quantity=f"{line.quantity.normalize():f}",
        unit_price=money(line.unit_price),
        amount=money(line.amount),
        needs_manual_pricing=line.needs_manual_pricing,
        rule_ids=[r.value for r in line.rule_ids],
        evidence=EvidenceRead(
            photo_ids=list(line.evidence.photo_ids),
            finding_ids=list(line.evidence.finding_ids),
            confidence=_confidence(line, provenance),
        ),
        explanation_zh=line.explanation_zh,
        explanation_en=line.explanation_en,
    )
    if provenance is not None:
        fields["origin"] = provenance.origin
        fields["changes"] = [
            LineChangeRead(
                version=c.version,
                change=c.change,
                reason=c.reason,
                actor_role=c.actor_role,
                actor_id=c.actor_id if staff else None,
                note=c.note,
            )
            for c in provenance.changes
        ]
    if not staff:
        return LineRead(**fields)
    basis = to_jsonable(line.catalog_basis)
    assert isinstance(basis, list)
    return LineStaffRead(**fields, flags=sorted(f.value for f in line.flags), catalog_basis=basis)


def status_of(row: EstimateVersion, *, latest_version: int) -> EstimateStatus:
    if row.approved_at is not None:
        return EstimateStatus.APPROVED
    return EstimateStatus.DRAFT if row.version == latest_version else EstimateStatus.SUPERSEDED


def summary(row: EstimateVersion, *, latest_version: int) -> EstimateSummary:
    return EstimateSummary(
        version=row.version,
        parent_version=row.parent_version,
        created_at=row.created_at,
        status=status_of(row, latest_version=latest_version),
        tier=row.tier,
        complete=row.complete,
        net_repair_cost=MoneyRead(amount=row.net_repair_cost, currency=row.currency),
        payable=MoneyRead(amount=row.payable, currency=row.currency),
    )


def estimate_view(
    row: EstimateVersion,
    estimate: Estimate,
    *,
    latest_version: int,
    staff: bool,
    provenance: Mapping[str, LineProvenance] | None = None,
) -> EstimateView:
    """The stored version as the caller may see it (with each line's origin and changes when
    ``provenance`` is given: see ``api.estimates.provenance``)."""
    s = estimate.settlement
    revision = estimate.revision
    base = f"/claims/{row.claim_id}/estimates/{row.version}"
    vehicle = to_jsonable(estimate.vehicle)
    assert isinstance(vehicle, dict)
    fields: dict[str, Any] = dict(
        claim_id=row.claim_id,
        version=row.version,
        parent_version=row.parent_version,
        created_at=row.created_at,
        status=status_of(row, latest_version=latest_version),
        approved_at=row.approved_at,
        catalog_version=estimate.catalog_version,
        rules_version=estimate.rules_version,
        currency=estimate.currency,
        vehicle=vehicle,
        region=estimate.region,
        tier=estimate.tier.value,
        small_loss=estimate.small_loss,
        complete=estimate.complete,
        lines=[
            _line(x, staff=staff, provenance=provenance.get(x.line_id) if provenance is not None else None)
            for x in estimate.lines
        ],
        subtotals={k.value: _money(v) for k, v in estimate.subtotals.items()},
        gross_repair_cost=_money(estimate.gross_repair_cost),
        salvage_deduction=_money(estimate.salvage_deduction),
        net_repair_cost=_money(estimate.net_repair_cost),
        settlement=SettlementRead(
            repair_cost=_money(s.repair_cost),
            recovered=_money(s.recovered),
            fault_deductible=_money(s.fault_deductible),
            absolute_deductible=_money(s.absolute_deductible),
            payable=_money(s.payable),
        ),
        deductible_explanations=[
            ExplanationRead(rule_id=e.rule_id.value, zh=e.zh, en=e.en) for e in estimate.deductible_explanations
        ],
        notes=[ExplanationRead(rule_id=e.rule_id.value, zh=e.zh, en=e.en) for e in estimate.notes],
        revision=(
            RevisionRead(
                parent_version=revision.parent_version,
                actor_role=revision.actor_role.value,
                note=revision.note,
                diffs=[
                    LineDiffRead(
                        line_id=d.line_id,
                        change=d.change.value,
                        reason=d.reason.value,
                        before=money(d.before),
                        after=money(d.after),
                        note=d.note,
                    )
                    for d in revision.diffs
                ],
            )
            if revision is not None
            else None
        ),
        report_html=f"{base}/report.html",
        report_pdf=f"{base}/report.pdf",
    )
    if not staff:
        return EstimateRead(**fields)
    return EstimateStaffRead(
        **fields,
        assessment_id=row.assessment_id,
        created_by_role=row.created_by_role.value if row.created_by_role else None,
        approved_by_role=row.approved_by_role.value if row.approved_by_role else None,
        assumptions=list(row.assumptions or []),
    )
