from __future__ import annotations

from datetime import date

import pytest

from inference.ocr.crosscheck import (
    CheckName,
    Outcome,
    cross_check,
    licence_classes,
    licence_covers_vehicle,
    mismatches,
    policy_in_force,
    required_classes,
)
from inference.ocr.fields import DocumentKind as K

POLICY = {
    "period_start": "2025-03-01",
    "period_end": "2026-02-28",
    "plate": "沪AD12345",
    "vin": "LSVAU2180N2183294",
    "insured": "张伟",
    "insured_id_number": "31011519850307123X",
}
VEHICLE = {"plate": "沪AD12345", "vin": "LSVAU2180N2183294", "vehicle_type": "小型轿车"}
ID_CARD = {"name": "张伟", "id_number": "31011519850307123X"}


@pytest.mark.parametrize(
    ("accident", "outcome"),
    [
        (date(2025, 3, 1), Outcome.OK),  # first day
        (date(2026, 2, 28), Outcome.OK),  # last day
        (date(2025, 2, 28), Outcome.MISMATCH),
        (date(2026, 3, 1), Outcome.MISMATCH),
    ],
)
def test_policy_in_force(accident: date, outcome: Outcome) -> None:
    finding = policy_in_force(POLICY, accident)
    assert finding.outcome is outcome
    assert finding.left_value == "2025-03-01–2026-02-28"
    assert finding.right_value == accident.isoformat()


def test_policy_without_a_period_is_not_checked_rather_than_passed() -> None:
    assert policy_in_force({"period_start": None}, date(2025, 5, 1)).outcome is Outcome.NOT_CHECKED


@pytest.mark.parametrize(
    ("held", "vehicle_type", "outcome"),
    [
        ("C1", "小型轿车", Outcome.OK),
        ("C2", "小型轿车", Outcome.OK),
        ("A1", "小型普通客车", Outcome.OK),  # A1 includes C1
        ("B2", "轻型普通货车", Outcome.OK),
        ("C2", "轻型普通货车", Outcome.MISMATCH),
        ("C1", "中型普通客车", Outcome.MISMATCH),
        ("C1E", "普通二轮摩托车", Outcome.MISMATCH),  # E is a lighter motorcycle class than D
        ("D", "普通二轮摩托车", Outcome.OK),
        ("C1", "重型半挂牵引车", Outcome.MISMATCH),
        ("C1", "特种作业车", Outcome.NOT_CHECKED),
        (None, "小型轿车", Outcome.NOT_CHECKED),
    ],
)
def test_licence_class_covers_vehicle(held: str | None, vehicle_type: str, outcome: Outcome) -> None:
    finding = licence_covers_vehicle({"licence_class": held}, {"vehicle_type": vehicle_type})
    assert finding.outcome is outcome
    assert (finding.left_value, finding.right_value) == (held, vehicle_type)


def test_licence_classes_include_lower_ones() -> None:
    assert licence_classes("A2") >= {"B1", "B2", "C1"}
    assert licence_classes("") == frozenset()
    assert required_classes("小型越野客车") == {"C1", "C2"}


def test_consistent_documents_raise_no_flag() -> None:
    findings = cross_check(
        {
            K.POLICY_COMMERCIAL: POLICY,
            K.VEHICLE_LICENCE: VEHICLE,
            K.ID_CARD_FRONT: ID_CARD,
            K.DRIVING_LICENCE: {"licence_class": "C1"},
        },
        accident=date(2025, 6, 1),
    )
    assert {f.check for f in findings} == set(CheckName) - {CheckName.FIELD_EDITED}  # edits: see below
    assert mismatches(findings) == []


@pytest.mark.parametrize(
    ("document", "field", "value", "check"),
    [
        (K.VEHICLE_LICENCE, "plate", "沪AD12346", CheckName.PLATE_AGREES),
        (K.VEHICLE_LICENCE, "vin", "LSVAU2180N2183295", CheckName.VIN_AGREES),
        (K.ID_CARD_FRONT, "name", "张玮", CheckName.INSURED_MATCHES_ID),
        (K.ID_CARD_FRONT, "id_number", "310115198503071238", CheckName.INSURED_MATCHES_ID),
    ],
)
def test_each_mismatch_is_a_flag_with_both_values(document: K, field: str, value: str, check: CheckName) -> None:
    documents = {K.POLICY_COMPULSORY: POLICY, K.VEHICLE_LICENCE: dict(VEHICLE), K.ID_CARD_FRONT: dict(ID_CARD)}
    documents[document][field] = value
    flags = mismatches(cross_check(documents, accident=None))
    assert len(flags) == 1
    flag = flags[0]
    assert flag.check is check
    assert value in (flag.left_value, flag.right_value)
    original = {**VEHICLE, **ID_CARD}[field]
    assert original in (flag.left_value, flag.right_value)  # never silently corrected: both shown
    assert value in flag.message and original in flag.message


def test_quote_for_another_car_is_flagged() -> None:
    findings = cross_check(
        {K.VEHICLE_LICENCE: VEHICLE, K.REPAIR_QUOTE: {"plate": "沪A99999", "vin": None}}, accident=None
    )
    assert [(f.check, f.outcome) for f in findings] == [(CheckName.PLATE_AGREES, Outcome.MISMATCH)]


def test_two_policies_without_a_licence_must_name_one_car() -> None:
    other_car = {**POLICY, "vin": "LSVAU2180N2183295"}
    found = mismatches(cross_check({K.POLICY_COMPULSORY: POLICY, K.POLICY_COMMERCIAL: other_car}, accident=None))
    assert [(f.check, f.left_source, f.right_value) for f in found] == [
        (CheckName.VIN_AGREES, "policy_compulsory.vin", "LSVAU2180N2183295")
    ]
    with_licence = {K.VEHICLE_LICENCE: VEHICLE, K.POLICY_COMPULSORY: POLICY, K.POLICY_COMMERCIAL: other_car}
    # With the licence each policy is held against it instead: one flag, not a second one between policies.
    assert [f.left_source for f in mismatches(cross_check(with_licence, accident=None))] == ["vehicle_licence.vin"]
    assert mismatches(cross_check({K.POLICY_COMPULSORY: POLICY, K.POLICY_COMMERCIAL: POLICY}, accident=None)) == []


def test_plates_compare_without_spaces_or_case() -> None:
    findings = cross_check(
        {K.VEHICLE_LICENCE: {"plate": "沪A d1234 5"}, K.POLICY_COMMERCIAL: {"plate": "沪AD12345"}}, accident=None
    )
    assert findings[0].outcome is Outcome.OK


def test_an_edit_that_hides_a_mismatch_keeps_it_and_is_flagged() -> None:
    from inference.ocr.crosscheck import flags_as_read_and_edited

    read = {K.VEHICLE_LICENCE: VEHICLE, K.POLICY_COMMERCIAL: {**POLICY, "plate": "沪AD12346"}}
    edited = {K.VEHICLE_LICENCE: VEHICLE, K.POLICY_COMMERCIAL: dict(POLICY)}  # plate "corrected" to agree
    flags = flags_as_read_and_edited(read, edited, accident=None)
    assert [(f.check, f.left_value, f.right_value) for f in flags] == [
        (CheckName.PLATE_AGREES, "沪AD12345", "沪AD12346"),  # as read: still a mismatch
        (CheckName.FIELD_EDITED, "沪AD12346", "沪AD12345"),  # the edit itself, read then edited
    ]
    assert flags[1].left_source == flags[1].right_source == "policy_commercial.plate"


@pytest.mark.parametrize(
    ("read_plate", "edited_plate", "checks"),
    [
        ("沪AD12345", "沪AD12345", []),  # nothing edited, documents agree
        ("沪AD12345", "沪 ad12345", []),  # the same plate written differently is no edit
        ("沪AD12345", "沪AD12399", [CheckName.PLATE_AGREES, CheckName.FIELD_EDITED]),  # an edit creates a mismatch
        (None, "沪AD12345", [CheckName.FIELD_EDITED]),  # filled in what OCR could not read
    ],
)
def test_flags_over_both_values(read_plate: str | None, edited_plate: str, checks: list[CheckName]) -> None:
    from inference.ocr.crosscheck import flags_as_read_and_edited

    read: dict[K, dict[str, str | None]] = {
        K.VEHICLE_LICENCE: {**VEHICLE},
        K.POLICY_COMMERCIAL: {**POLICY, "plate": read_plate},
    }
    edited: dict[K, dict[str, str | None]] = {
        K.VEHICLE_LICENCE: {**VEHICLE},
        K.POLICY_COMMERCIAL: {**POLICY, "plate": edited_plate},
    }
    assert [f.check for f in flags_as_read_and_edited(read, edited, accident=None)] == checks
