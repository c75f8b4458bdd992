"""Request and response shapes of the estimates API. Money travels as strings beside a currency.

A customer's copy (``EstimateRead``) carries every line, figure and explanation; the staff copy
(``EstimateStaffRead``) adds the internal flags, each figure's catalog basis and the pricing
assumptions.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, Field, field_validator, model_validator

from api.db.models.estimate import EstimateVersion
from api.estimates.provenance import LineProvenance
from api.schemas import AmountStr
from api.schemas import Money as MoneyIn
from pricing import (
    Action,
    Estimate,
    EstimateLine,
    LineDiff,
    LineKind,
    PartCode,
    ReasonCode,
    VehicleClass,
    to_jsonable,
)
from pricing import Money as PricingMoney

Text = Annotated[str, Field(max_length=500)]


def _no_float(value: Any) -> Any:
    if isinstance(value, float):
        raise ValueError('send decimals as strings (e.g. "0.10"), not numbers')
    return value


# ---- requests ---------------------------------------------------------------------------------


class VehicleIn(BaseModel):
    vehicle_class: VehicleClass = Field(description="The fallback price key when make/model has no price")
    make: str | None = Field(default=None, max_length=64)
    model: str | None = Field(default=None, max_length=64)
    year: int | None = Field(default=None, ge=1950, le=2100)


class PolicyTermsIn(BaseModel):
    fault_deductible_rate: Decimal = Field(default=Decimal(0), ge=0, lt=1, examples=["0.10"])
    absolute_deductible: MoneyIn | None = None
    clause: str | None = Field(default=None, max_length=200, description="Policy clause cited beside the deductible")

    _rate_not_float = field_validator("fault_deductible_rate", mode="before")(_no_float)


class EstimateCreate(BaseModel):
    """Price the claim's latest assessment. The case facts (vehicles, injuries, repeated repair)
    come from the claim itself."""

    vehicle: VehicleIn
    region: str = Field(default="default", pattern=r"^(\d{6}|default)$", description="GB/T 2260 code for labour rates")
    policy_terms: PolicyTermsIn = Field(default_factory=PolicyTermsIn)
    recovered_from_third_party: MoneyIn | None = None


class LineEditIn(BaseModel):
    """Change one line: exactly one of ``amount``, ``quantity`` (hours) or ``remove``."""

    line_id: str = Field(min_length=1, max_length=80)
    reason: ReasonCode
    amount: MoneyIn | None = None
    quantity: Decimal | None = Field(default=None, gt=0, le=1000)
    remove: bool = False
    note: Text = ""

    _quantity_not_float = field_validator("quantity", mode="before")(_no_float)

    @model_validator(mode="after")
    def _exactly_one(self) -> LineEditIn:
        if sum([self.amount is not None, self.quantity is not None, self.remove]) != 1:
            raise ValueError("give exactly one of amount, quantity or remove")
        return self


class AddLineIn(BaseModel):
    """A line the assessment missed (hidden damage, an identified part)."""

    line_id: str = Field(min_length=1, max_length=80)
    kind: LineKind
    part: PartCode | None = None
    action: Action | None = None
    description_zh: str = Field(min_length=1, max_length=120)
    description_en: str = Field(default="", max_length=120)
    amount: MoneyIn
    quantity: Decimal = Field(default=Decimal(1), gt=0, le=1000)
    reason: ReasonCode
    note: Text = ""

    _quantity_not_float = field_validator("quantity", mode="before")(_no_float)


class PartOperationIn(BaseModel):
    """The operation on one part, priced from the catalog: its lines replace the part's lines (a
    part with none, e.g. hidden damage no photo shows, is added). ``hours`` sets the repair or
    remove-and-refit hours instead of the catalog's; ``quantity`` the number of parts replaced."""

    part: PartCode
    action: Action
    hours: Decimal | None = Field(default=None, gt=0, le=1000)
    quantity: Decimal = Field(default=Decimal(1), gt=0, le=1000)
    reason: ReasonCode
    note: Text = ""

    _hours_not_float = field_validator("hours", "quantity", mode="before")(_no_float)


class EstimateRevisionCreate(BaseModel):
    edits: list[LineEditIn] = Field(default_factory=list, max_length=200)
    additions: list[AddLineIn] = Field(default_factory=list, max_length=50)
    operations: list[PartOperationIn] = Field(default_factory=list, max_length=50)
    note: Text = ""

    @model_validator(mode="after")
    def _something(self) -> EstimateRevisionCreate:
        if not self.edits and not self.additions and not self.operations:
            raise ValueError("a revision needs at least one edit, addition or operation")
        return self


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
    confidence: str | None


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
            confidence=str(line.evidence.confidence) if line.evidence.confidence is not None else None,
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
