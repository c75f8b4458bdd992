"""What a claim's confirmed documents say about the vehicle and the policy, for the estimate.

Only readings someone confirmed count. Each fact keeps the value as OCR read it beside the value
that counts (a person's correction, else the reading), and names the document and field it came
from. ``pricing_inputs`` turns the facts into the estimate's vehicle and policy terms where the
adjuster left them out; the cross-checks between documents stay in ``inference.ocr.crosscheck``.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy.orm import Session

from api.db.models.ocr import DocumentReading
from api.documents import repository
from api.estimates.requests import PolicyTermsIn, VehicleIn
from inference.ocr.fields import DocumentKind
from pricing import Money, Vehicle, VehicleClass

VEHICLE_FACTS = ("plate", "vin", "model", "vehicle_type", "registration_date")
POLICY_FACTS = ("policy_number", "period_start", "period_end", "deductible")
# Own-damage cover (车损险) and its deductible are on the commercial policy; the compulsory one
# (交强险) covers third parties only, so it is read for its number and period, never its deductible.
POLICY_KINDS = (DocumentKind.POLICY_COMMERCIAL, DocumentKind.POLICY_COMPULSORY)
# 车辆类型 (GA 802) → the pricing's fallback class; anything else is left to the adjuster.
CLASS_BY_TYPE: tuple[tuple[str, VehicleClass], ...] = (
    ("越野", VehicleClass.SUV),
    ("微型", VehicleClass.ECONOMY),
    ("小型轿车", VehicleClass.COMPACT),
)
# A new-energy plate: province, letter, then D/F (or ending in D/F for large vehicles), 8 characters.
NEW_ENERGY_PLATE = re.compile(r"^.[A-Z]([DF][A-HJ-NP-Z0-9]\d{4}|\d{5}[DF])$")


@dataclass(frozen=True)
class Fact:
    """One confirmed value: ``value`` counts (corrected or as read), ``as_read`` is OCR's."""

    value: str | None
    as_read: str | None
    source: str  # "<document kind>.<field>"
    reading_id: uuid.UUID

    @property
    def corrected(self) -> bool:
        return self.value != self.as_read


@dataclass(frozen=True)
class ClaimFacts:
    vehicle: dict[str, Fact] = field(default_factory=dict)
    policies: dict[DocumentKind, dict[str, Fact]] = field(default_factory=dict)


@dataclass(frozen=True)
class VehicleFromDocuments:
    vehicle_class: VehicleClass | None
    make: str | None
    model: str | None
    year: int | None


def confirmed_facts(session: Session, *, claim_id: uuid.UUID) -> ClaimFacts:
    """The vehicle licence's and the policies' facts from the newest confirmed reading of each kind."""
    newest: dict[DocumentKind, DocumentReading] = {}
    readings = repository.latest_readings_of_claim(session, claim_id=claim_id)
    for reading in sorted(readings, key=lambda r: r.created_at):
        if reading.confirmed_at is not None and reading.kind in DocumentKind.__members__.values():
            newest[DocumentKind(reading.kind)] = reading
    vehicle = _facts(newest.get(DocumentKind.VEHICLE_LICENCE), VEHICLE_FACTS)
    policies = {kind: _facts(newest[kind], POLICY_FACTS) for kind in POLICY_KINDS if kind in newest}
    return ClaimFacts(vehicle=vehicle, policies=policies)


def _facts(reading: DocumentReading | None, names: tuple[str, ...]) -> dict[str, Fact]:
    if reading is None:
        return {}
    rows = {row["name"]: row for row in reading.fields}
    return {
        name: Fact(rows[name]["value"], rows[name]["ocr_value"], f"{reading.kind}.{name}", reading.id)
        for name in names
        if name in rows and rows[name]["value"] is not None
    }


def _value(facts: dict[str, Fact], name: str) -> str | None:
    found = facts.get(name)
    return found.value if found is not None else None


def split_make_model(text: str) -> tuple[str | None, str | None]:
    """``大众汽车牌SVW71612BM`` → (``大众汽车``, ``SVW71612BM``): the licence prints 品牌 then 牌 then 型号.

    >>> split_make_model("别克牌SGM7158LAA"), split_make_model("SGM7158LAA")
    (('别克', 'SGM7158LAA'), (None, 'SGM7158LAA'))
    """
    make, mark, model = text.strip().partition("牌")
    if not mark:
        return None, text.strip() or None
    return make.strip() or None, model.strip() or None


def vehicle_class_of(vehicle_type: str | None, plate: str | None) -> VehicleClass | None:
    """The pricing class the licence implies, or None when it does not say (a van, a lorry).

    >>> vehicle_class_of("小型轿车", "沪AD12345"), vehicle_class_of("小型越野客车", "沪A12345")
    (<VehicleClass.NEW_ENERGY: 'new_energy'>, <VehicleClass.SUV: 'suv'>)
    """
    if plate and NEW_ENERGY_PLATE.match(re.sub(r"\s", "", plate).upper()):
        return VehicleClass.NEW_ENERGY
    for word, vehicle_class in CLASS_BY_TYPE:
        if vehicle_type and word in vehicle_type:
            return vehicle_class
    return None


def vehicle_from(facts: ClaimFacts) -> VehicleFromDocuments | None:
    if not facts.vehicle:
        return None
    model_text = _value(facts.vehicle, "model")
    make, model = split_make_model(model_text) if model_text else (None, None)
    registered = _value(facts.vehicle, "registration_date")
    try:
        year = date.fromisoformat(registered).year if registered else None
    except ValueError:
        year = None
    vehicle_class = vehicle_class_of(_value(facts.vehicle, "vehicle_type"), _value(facts.vehicle, "plate"))
    return VehicleFromDocuments(vehicle_class, make, model, year)


def deductible_from(facts: ClaimFacts, currency: str) -> tuple[Money | None, str]:
    """The commercial policy's absolute deductible (绝对免赔额) and a note on where it came from."""
    policy = facts.policies.get(DocumentKind.POLICY_COMMERCIAL, {})
    found = policy.get("deductible")
    if found is None or found.value is None:
        return None, ""
    try:
        amount = Decimal(found.value.replace(",", ""))
    except InvalidOperation:
        return None, f"{found.source} '{found.value}' is not an amount: no deductible taken from it"
    if amount < 0 or amount != amount.quantize(Decimal("0.01")):
        return None, f"{found.source} '{found.value}' is not an amount: no deductible taken from it"
    money = Money.of(amount, currency)
    return money, f"absolute deductible {amount} {currency} from the confirmed {found.source}"


def describe_vehicle(facts: ClaimFacts) -> str:
    """The confirmed vehicle in one line for the estimate's notes: plate, VIN, make/model, registered."""
    parts = [f"{name} {fact.value}" for name, fact in facts.vehicle.items()]
    corrected = [fact.source for fact in facts.vehicle.values() if fact.corrected]
    note = f" (corrected from what OCR read: {', '.join(corrected)})" if corrected else ""
    return f"vehicle from the confirmed vehicle licence: {'; '.join(parts)}{note}"


@dataclass(frozen=True)
class PricingInputs:
    """The estimate's vehicle and deductible terms: as sent, with gaps filled from the documents."""

    vehicle: Vehicle
    fault_deductible_rate: Decimal
    absolute_deductible: Money | None
    clause: str | None
    notes: list[str]


def pricing_inputs(
    facts: ClaimFacts, *, vehicle: VehicleIn | None, policy_terms: PolicyTermsIn | None, currency: str
) -> PricingInputs:
    """What the adjuster sent wins; a vehicle or policy terms left out come from the confirmed documents.

    Raises ``ValueError`` when no vehicle class can be had (none sent, none the licence implies).
    """
    notes: list[str] = []
    found = vehicle_from(facts)
    if found is not None:
        notes.append(describe_vehicle(facts))
    vehicle_class = vehicle.vehicle_class if vehicle is not None else (found.vehicle_class if found else None)
    if vehicle_class is None:
        why = "there is no confirmed vehicle licence" if found is None else "the licence's vehicle type does not say"
        raise ValueError(f"give vehicle.vehicle_class: {why} which price class the vehicle is")
    if vehicle is None:
        notes.append(f"vehicle class {vehicle_class.value} from the confirmed vehicle licence's vehicle type")
    sent = vehicle if vehicle is not None else VehicleIn(vehicle_class=vehicle_class)
    chosen = Vehicle(
        vehicle_class,
        make=sent.make or (found.make if found else None),
        model=sent.model or (found.model if found else None),
        year=sent.year or (found.year if found else None),
    )
    if policy_terms is not None:  # the adjuster's terms, whole
        sent_deductible = policy_terms.absolute_deductible
        absolute = (
            Money.of(sent_deductible.amount, str(sent_deductible.currency)) if sent_deductible is not None else None
        )
        return PricingInputs(chosen, policy_terms.fault_deductible_rate, absolute, policy_terms.clause, notes)
    deductible, note = deductible_from(facts, currency)
    if note:
        notes.append(note)
    return PricingInputs(chosen, Decimal(0), deductible, None, notes)
