"""Request shapes of the estimates API: pricing, and the adjuster's revisions (line edits, own
lines, operations per part). Money travels as strings beside a currency; decimals never as floats."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, Field, field_validator, model_validator

from api.schemas import Money as MoneyIn
from pricing import Action, LineKind, PartCode, ReasonCode, VehicleClass

Text = Annotated[str, Field(max_length=500)]


def _no_float(value: Any) -> Any:
    if isinstance(value, float):
        raise ValueError('send decimals as strings (e.g. "0.10"), not numbers')
    return value


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
    come from the claim itself; a vehicle or policy terms left out come from the claim's confirmed
    vehicle licence and commercial policy (``api.documents.claim_facts``)."""

    vehicle: VehicleIn | None = Field(default=None, description="Left out: from the confirmed vehicle licence")
    region: str = Field(default="default", pattern=r"^(\d{6}|default)$", description="GB/T 2260 code for labour rates")
    policy_terms: PolicyTermsIn | None = Field(
        default=None, description="Left out: the confirmed commercial policy's absolute deductible, else none"
    )
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

    def customer_texts(self) -> dict[str, str]:
        """The staff's free text the customer reads on their estimate (the notes beside changed
        lines, an added line's name), by field: checked for neutral wording before it is stored."""
        texts = {"note": self.note}
        texts |= {f"edits[{i}].note": e.note for i, e in enumerate(self.edits)}
        texts |= {f"additions[{i}].note": a.note for i, a in enumerate(self.additions)}
        texts |= {f"operations[{i}].note": o.note for i, o in enumerate(self.operations)}
        texts |= {f"additions[{i}].description_zh": a.description_zh for i, a in enumerate(self.additions)}
        texts |= {f"additions[{i}].description_en": a.description_en for i, a in enumerate(self.additions)}
        return {field: text for field, text in texts.items() if text}
