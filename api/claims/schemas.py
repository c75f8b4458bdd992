from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StrictBool

from api.db.models import Claim, FraudFlag
from api.fraud.schemas import FraudFlagRead
from api.schemas import Currency, Money
from api.workflow.states import CaseTier, ClaimState, CustomerStatus


class ClaimCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    policy_number: str = Field(min_length=1, max_length=64)
    policy_start: date
    accident_at: AwareDatetime
    description: str = Field(default="", max_length=4000)
    vehicles_involved: int = Field(default=1, ge=1, le=20)
    injuries: bool = False
    repeat_repair: bool = False
    third_party_assessment: bool = False
    estimated_amount: Money | None = Field(default=None, description="The customer's estimate of the loss, if known")
    training_consent: bool = Field(
        default=False,
        description="The customer's separate consent to use the claim's photos to train the models (off unless given)",
    )


class TrainingConsentUpdate(BaseModel):
    """The customer gives (``true``) or withdraws (``false``) the consent to train on the claim's photos."""

    model_config = ConfigDict(extra="forbid")

    given: StrictBool


class TrainingConsentRead(BaseModel):
    claim_id: uuid.UUID
    given: bool
    given_at: datetime | None = Field(description="When it was last given")
    withdrawn_at: datetime | None = Field(description="When it was withdrawn; null while it stands or if never given")
    note: str = Field(
        description="What the answer means for training: labels exports made from now on include or leave out the"
        " claim's photos"
    )


def training_consent_read(claim: Claim) -> TrainingConsentRead:
    note = (
        "Labels exports include this claim's photos."
        if claim.training_consent
        else "Labels exports made from now on leave this claim's photos out."
    )
    return TrainingConsentRead(
        claim_id=claim.id,
        given=claim.training_consent,
        given_at=claim.training_consent_at,
        withdrawn_at=claim.training_consent_withdrawn_at,
        note=note,
    )


class _ClaimBase(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    policy_number: str
    policy_start: date
    accident_at: datetime
    reported_at: datetime
    description: str
    vehicles_involved: int
    injuries: bool
    repeat_repair: bool
    third_party_assessment: bool
    estimated_amount: Money | None
    training_consent: bool
    training_consent_at: datetime | None = Field(default=None, description="When the training consent was last given")
    training_consent_withdrawn_at: datetime | None = Field(
        default=None, description="When the customer withdrew the training consent (null while it stands)"
    )
    tier: CaseTier
    status: CustomerStatus
    status_label: str = Field(examples=["已提交资料"])
    assessment_due_at: datetime
    payment_due_at: datetime | None
    created_at: datetime


class ClaimRead(_ClaimBase):
    """What the customer sees: no internal state, no fraud signals."""

    view: Literal["customer"] = "customer"


class GeoPoint(BaseModel):
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


class ClaimStaffRead(_ClaimBase):
    """What staff see: the internal state, escalations and fraud flags."""

    view: Literal["staff"] = "staff"
    customer_id: uuid.UUID
    state: ClaimState
    assessment_escalated_at: datetime | None
    payment_escalated_at: datetime | None
    updated_at: datetime
    fraud_flags: list[FraudFlagRead] = []
    assignee_id: uuid.UUID | None = Field(default=None, description="The adjuster the claim is assigned to")
    location: GeoPoint | None = Field(
        default=None, description="Where a photo was taken, kept only with the customer's consent at upload"
    )


ClaimView = Annotated[ClaimRead | ClaimStaffRead, Field(discriminator="view")]


def _common(claim: Claim) -> dict[str, object]:
    amount = (
        Money(amount=claim.estimated_amount, currency=Currency(claim.currency))
        if claim.estimated_amount is not None
        else None
    )
    fields = {name: getattr(claim, name) for name in _ClaimBase.model_fields if hasattr(claim, name)}
    fields.update(
        estimated_amount=amount,
        status=claim.customer_status,
        status_label=claim.customer_status.label,
    )
    return fields


def claim_for_customer(claim: Claim) -> ClaimRead:
    return ClaimRead.model_validate(_common(claim))


def claim_for_staff(claim: Claim, *, flags: Sequence[FraudFlag]) -> ClaimStaffRead:
    fields = _common(claim)
    fields.update(
        customer_id=claim.customer_id,
        state=claim.state,
        assessment_escalated_at=claim.assessment_escalated_at,
        payment_escalated_at=claim.payment_escalated_at,
        updated_at=claim.updated_at,
        fraud_flags=[FraudFlagRead.model_validate(f) for f in flags],
        assignee_id=claim.assignee_id,
        location=(
            GeoPoint(lat=claim.location_lat, lon=claim.location_lon)
            if claim.location_lat is not None and claim.location_lon is not None
            else None
        ),
    )
    return ClaimStaffRead.model_validate(fields)
