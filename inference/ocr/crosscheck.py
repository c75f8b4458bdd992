"""Cross-checks between a claim's documents: pure functions of confirmed field values.

Each check answers a ``Finding``: ``ok``, ``mismatch`` (both values shown, nothing
corrected) or ``not_checked`` (a document or field is missing). The API turns
mismatches into claim flags for staff.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from inference.ocr.fields import DocumentKind

Values = Mapping[str, str | None]
POLICIES = (DocumentKind.POLICY_COMPULSORY, DocumentKind.POLICY_COMMERCIAL)


class Outcome(StrEnum):
    OK = "ok"
    MISMATCH = "mismatch"
    NOT_CHECKED = "not_checked"


class CheckName(StrEnum):
    POLICY_IN_FORCE = "policy_in_force"
    PLATE_AGREES = "plate_agrees"
    VIN_AGREES = "vin_agrees"
    INSURED_MATCHES_ID = "insured_matches_id"
    LICENCE_COVERS_VEHICLE = "licence_covers_vehicle"
    # Not a check between documents: a field a person changed from what OCR read.
    FIELD_EDITED = "field_edited"


@dataclass(frozen=True)
class Finding:
    """One check's result; ``left``/``right`` name the documents and fields compared."""

    check: CheckName
    outcome: Outcome
    left_source: str
    left_value: str | None
    right_source: str
    right_value: str | None
    message: str = ""


# Classes a licence class also permits (公安部令第162号, 准驾车型代号规定).
LICENCE_COVERS: dict[str, frozenset[str]] = {
    "A1": frozenset({"A1", "A3", "B1", "B2", "C1", "C2", "C3", "C4", "M"}),
    "A2": frozenset({"A2", "B1", "B2", "C1", "C2", "C3", "C4", "C6", "M"}),
    "A3": frozenset({"A3", "C1", "C2", "C3", "C4"}),
    "B1": frozenset({"B1", "C1", "C2", "C3", "C4", "M"}),
    "B2": frozenset({"B2", "C1", "C2", "C3", "C4", "M"}),
    "C1": frozenset({"C1", "C2", "C3", "C4"}),
    "C2": frozenset({"C2"}),
    "C3": frozenset({"C3", "C4"}),
    "C4": frozenset({"C4"}),
    "C5": frozenset({"C5"}),
    "C6": frozenset({"C6"}),
    "D": frozenset({"D", "E", "F"}),
    "E": frozenset({"E", "F"}),
    "F": frozenset({"F"}),
    "M": frozenset({"M"}),
    "N": frozenset({"N"}),
    "P": frozenset({"P"}),
}
# Vehicle type (行驶证 车辆类型) → classes any one of which allows driving it; first match wins.
VEHICLE_CLASSES: tuple[tuple[str, frozenset[str]], ...] = (
    ("牵引", frozenset({"A2"})),
    ("公交", frozenset({"A3"})),
    ("大型", frozenset({"A1"})),
    ("中型.*客车", frozenset({"B1"})),
    ("(重型|中型).*货车", frozenset({"B2"})),
    ("低速", frozenset({"C3"})),
    ("三轮汽车", frozenset({"C4"})),
    ("轻便摩托", frozenset({"F"})),
    ("摩托", frozenset({"D"})),
    ("(小型|微型).*(客车|轿车)|轿车", frozenset({"C1", "C2"})),  # C2: automatic transmission only
    ("(轻型|微型).*货车", frozenset({"C1"})),
)
_CLASS_TOKEN = re.compile(r"A[123]|B[12]|C[1-6]|[DEFMNP]")


def licence_classes(text: str) -> frozenset[str]:
    """Every class a licence's 准驾车型 permits, its own and the ones they include.

    >>> sorted(licence_classes("C1E"))
    ['C1', 'C2', 'C3', 'C4', 'E', 'F']
    """
    found = _CLASS_TOKEN.findall(text.upper())
    return frozenset().union(*(LICENCE_COVERS[c] for c in found)) if found else frozenset()


def required_classes(vehicle_type: str) -> frozenset[str] | None:
    """Classes that allow driving ``vehicle_type``; None for a type this table does not know.

    >>> sorted(required_classes("小型轿车"))
    ['C1', 'C2']
    """
    for pattern, classes in VEHICLE_CLASSES:
        if re.search(pattern, vehicle_type):
            return classes
    return None


def _iso(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def policy_in_force(policy: Values, accident: date, *, source: str = "policy") -> Finding:
    """The policy period covers the accident date (both ends inclusive)."""
    start, end = _iso(policy.get("period_start")), _iso(policy.get("period_end"))
    period = f"{policy.get('period_start')}–{policy.get('period_end')}"
    if start is None or end is None:
        return Finding(
            CheckName.POLICY_IN_FORCE,
            Outcome.NOT_CHECKED,
            source,
            period,
            "accident",
            accident.isoformat(),
            "policy period not read",
        )
    ok = start <= accident <= end
    message = "" if ok else f"accident on {accident.isoformat()} is outside the policy period {period}"
    return Finding(
        CheckName.POLICY_IN_FORCE,
        Outcome.OK if ok else Outcome.MISMATCH,
        source,
        period,
        "accident",
        accident.isoformat(),
        message,
    )


def _normal(value: str | None) -> str:
    return re.sub(r"\s", "", value or "").upper()


def same_value(check: CheckName, left: tuple[str, str | None], right: tuple[str, str | None], what: str) -> Finding:
    """Two documents state the same value (compared without spaces, case-insensitive)."""
    (left_source, left_value), (right_source, right_value) = left, right
    if not left_value or not right_value:
        return Finding(
            check,
            Outcome.NOT_CHECKED,
            left_source,
            left_value,
            right_source,
            right_value,
            f"{what} missing on one document",
        )
    same = _normal(left_value) == _normal(right_value)
    message = "" if same else f"{what} differs: {left_source} says {left_value}, {right_source} says {right_value}"
    return Finding(
        check, Outcome.OK if same else Outcome.MISMATCH, left_source, left_value, right_source, right_value, message
    )


def licence_covers_vehicle(licence: Values, vehicle: Values) -> Finding:
    """The driving licence's class permits the vehicle licence's vehicle type."""
    held, vehicle_type = licence.get("licence_class"), vehicle.get("vehicle_type")
    check = CheckName.LICENCE_COVERS_VEHICLE
    if not held or not vehicle_type:
        return Finding(
            check,
            Outcome.NOT_CHECKED,
            "driving_licence.licence_class",
            held,
            "vehicle_licence.vehicle_type",
            vehicle_type,
            "licence class or vehicle type missing",
        )
    needed = required_classes(vehicle_type)
    if needed is None:
        return Finding(
            check,
            Outcome.NOT_CHECKED,
            "driving_licence.licence_class",
            held,
            "vehicle_licence.vehicle_type",
            vehicle_type,
            f"no class rule for '{vehicle_type}'",
        )
    ok = bool(licence_classes(held) & needed)
    message = "" if ok else f"licence class {held} does not permit a {vehicle_type} (needs {'/'.join(sorted(needed))})"
    return Finding(
        check,
        Outcome.OK if ok else Outcome.MISMATCH,
        "driving_licence.licence_class",
        held,
        "vehicle_licence.vehicle_type",
        vehicle_type,
        message,
    )


def cross_check(documents: Mapping[DocumentKind, Values], *, accident: date | None) -> list[Finding]:
    """Every check the documents on a claim allow; checks whose documents are absent are skipped.

    >>> found = cross_check({DocumentKind.VEHICLE_LICENCE: {"plate": "沪A12345"},
    ...                      DocumentKind.POLICY_COMMERCIAL: {"plate": "沪A12346"}}, accident=None)
    >>> [(f.check.value, f.outcome.value) for f in found]
    [('plate_agrees', 'mismatch'), ('vin_agrees', 'not_checked')]
    """
    findings: list[Finding] = []
    vehicle = documents.get(DocumentKind.VEHICLE_LICENCE)
    id_card = documents.get(DocumentKind.ID_CARD_FRONT)
    for kind in POLICIES:
        policy = documents.get(kind)
        if policy is None:
            continue
        if accident is not None:
            findings.append(policy_in_force(policy, accident, source=kind.value))
        if vehicle is not None:
            for name, check in (("plate", CheckName.PLATE_AGREES), ("vin", CheckName.VIN_AGREES)):
                findings.append(
                    same_value(
                        check,
                        (f"vehicle_licence.{name}", vehicle.get(name)),
                        (f"{kind.value}.{name}", policy.get(name)),
                        name,
                    )
                )
        if id_card is not None:
            findings.append(
                same_value(
                    CheckName.INSURED_MATCHES_ID,
                    ("id_card_front.name", id_card.get("name")),
                    (f"{kind.value}.insured", policy.get("insured")),
                    "insured's name",
                )
            )
            if policy.get("insured_id_number"):
                findings.append(
                    same_value(
                        CheckName.INSURED_MATCHES_ID,
                        ("id_card_front.id_number", id_card.get("id_number")),
                        (f"{kind.value}.insured_id_number", policy.get("insured_id_number")),
                        "insured's ID number",
                    )
                )
    for kind, name in (
        (DocumentKind.VEHICLE_LICENCE_SECOND, "plate"),
        (DocumentKind.REPAIR_QUOTE, "plate"),
        (DocumentKind.REPAIR_QUOTE, "vin"),
    ):
        other = documents.get(kind)
        if vehicle is not None and other is not None and other.get(name):
            check = CheckName.PLATE_AGREES if name == "plate" else CheckName.VIN_AGREES
            findings.append(
                same_value(
                    check,
                    (f"vehicle_licence.{name}", vehicle.get(name)),
                    (f"{kind.value}.{name}", other.get(name)),
                    name,
                )
            )
    compulsory, commercial = (documents.get(kind) for kind in POLICIES)
    if vehicle is None and compulsory is not None and commercial is not None:
        # No licence to hold each policy against: the two policies must at least name one car.
        for name, check in (("plate", CheckName.PLATE_AGREES), ("vin", CheckName.VIN_AGREES)):
            if compulsory.get(name) and commercial.get(name):
                findings.append(
                    same_value(
                        check,
                        (f"{POLICIES[0].value}.{name}", compulsory.get(name)),
                        (f"{POLICIES[1].value}.{name}", commercial.get(name)),
                        name,
                    )
                )
    licence = documents.get(DocumentKind.DRIVING_LICENCE)
    if licence is not None and vehicle is not None:
        findings.append(licence_covers_vehicle(licence, vehicle))
    return findings


def mismatches(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.outcome is Outcome.MISMATCH]


def edits(read: Mapping[DocumentKind, Values], edited: Mapping[DocumentKind, Values]) -> list[Finding]:
    """A ``field_edited`` mismatch for each field whose value differs from what OCR read (both shown).

    >>> [f.right_value for f in edits({DocumentKind.REPAIR_QUOTE: {"plate": "沪A1"}},
    ...                               {DocumentKind.REPAIR_QUOTE: {"plate": "沪A2"}})]
    ['沪A2']
    """
    found = []
    for kind, values in edited.items():
        as_read = read.get(kind, {})
        for name, value in values.items():
            if _normal(value) != _normal(as_read.get(name)):
                source = f"{kind.value}.{name}"
                found.append(
                    Finding(
                        CheckName.FIELD_EDITED,
                        Outcome.MISMATCH,
                        source,
                        as_read.get(name),
                        source,
                        value,
                        f"{source} was changed from what OCR read",
                    )
                )
    return found


def flags_as_read_and_edited(
    read: Mapping[DocumentKind, Values], edited: Mapping[DocumentKind, Values], *, accident: date | None
) -> list[Finding]:
    """The mismatches over the values as OCR read them and as people edited them, then every edit.

    Editing a field cannot clear a mismatch between the documents as read (a customer who
    "corrects" a plate to match keeps the flag), and the edit itself is flagged for staff.
    """
    found: list[Finding] = []
    for finding in mismatches(cross_check(read, accident=accident)) + mismatches(
        cross_check(edited, accident=accident)
    ):
        if finding not in found:
            found.append(finding)
    return found + edits(read, edited)
