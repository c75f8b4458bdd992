"""``GET /claims/{id}/estimates/from-documents``: what the claim's confirmed documents put into the
next estimate, each value beside the one OCR read and the document it came from."""

from __future__ import annotations

from pydantic import BaseModel, Field

from api.documents.claim_facts import ClaimFacts, Fact, deductible_from, vehicle_from
from pricing import VehicleClass


class FactRead(BaseModel):
    value: str | None = Field(description="What counts: the correction, else what OCR read")
    as_read: str | None = Field(description="What OCR read")
    corrected: bool
    source: str = Field(description="<document kind>.<field>")


class VehicleFromDocumentsRead(BaseModel):
    vehicle_class: VehicleClass | None = Field(description="null: the licence's vehicle type does not say")
    make: str | None
    model: str | None
    year: int | None


class EstimateInputsRead(BaseModel):
    vehicle_facts: dict[str, FactRead] = Field(description="From the newest confirmed vehicle licence")
    policy_facts: dict[str, dict[str, FactRead]] = Field(description="Policy kind → its confirmed facts")
    vehicle: VehicleFromDocumentsRead | None = Field(description="What an estimate sent without `vehicle` prices")
    absolute_deductible: str | None = Field(description="Decimal string; what one sent without `policy_terms` uses")
    currency: str
    notes: list[str]


def _fact(found: Fact) -> FactRead:
    return FactRead(value=found.value, as_read=found.as_read, corrected=found.corrected, source=found.source)


def facts_read(facts: ClaimFacts, *, currency: str) -> EstimateInputsRead:
    found = vehicle_from(facts)
    deductible, note = deductible_from(facts, currency)
    return EstimateInputsRead(
        vehicle_facts={name: _fact(f) for name, f in facts.vehicle.items()},
        policy_facts={kind.value: {name: _fact(f) for name, f in p.items()} for kind, p in facts.policies.items()},
        vehicle=VehicleFromDocumentsRead(
            vehicle_class=found.vehicle_class, make=found.make, model=found.model, year=found.year
        )
        if found is not None
        else None,
        absolute_deductible=str(deductible.amount) if deductible is not None else None,
        currency=currency,
        notes=[note] if note else [],
    )
