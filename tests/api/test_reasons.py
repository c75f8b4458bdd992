"""System texts as codes (issue 14): every code reads in Chinese and in the API's English, and the
migration turns each English wording the system stored before into its code and parameters."""

from __future__ import annotations

import importlib.util
import re
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from api.reasons import TEMPLATES, Reason, TextCode, reason_fields, render
from api.web.i18n import Lang, translator

MIGRATION = Path(__file__).resolve().parents[2] / "api/db/migrations/versions/0026_staff_text_codes.py"
ID = "7d948b4a-6461-4a04-871a-5792e18388a9"


def _migration() -> ModuleType:
    spec = importlib.util.spec_from_file_location("staff_text_codes", MIGRATION)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _label(key: str) -> str | None:
    named = translator(Lang.ZH)(key)
    return None if named == key else named


@pytest.mark.parametrize("code", list(TextCode))
def test_every_code_has_both_texts_and_the_chinese_has_no_english(code: TextCode) -> None:
    zh, en = TEMPLATES[code]
    prose = re.sub(r"\{\w+\}|SHA256|CNY", "", zh)
    assert zh and en and not re.search(r"[A-Za-z]{2,}", prose), zh


# (the wording stored before, as the system wrote it) -> its code; the migration's match
# renders back to exactly that wording, so the API's `reason` is unchanged for old rows.
AUDIT = [
    ("reported; tier simple", "claim_reported"),
    (f"photo {ID}", "photo"),
    (f"id_card {ID}", "document"),
    ("automatic assessment", "assessment_started"),
    ("3 findings on 2 photos by damage-detector 1.0.0", "assessment_findings"),
    ("assessment failed: RuntimeError", "assessment_failed"),
    ("assessment interrupted; assess again", "assessment_interrupted"),
    ("assessment interrupted (the service stopped while the models ran); assess again", "assessment_stopped"),
    ("estimate v1 approved: net 710.00 CNY, payable 539.00 CNY", "estimate_approved"),
    (
        "estimate v2 approved by rule set straight-through/2 (simple-case, under-500 passed): "
        "net 1,710.00 CNY, payable 1,539.00 CNY",
        "estimate_approved_by_rules",
    ),
    ("estimate v1 signed (sha256 8a791ff23420)", "estimate_signed"),
    ("paid 539.00 CNY", "paid"),
    ("released", "queue_released"),
    ("assessment deadline 2026-12-04T01:21:00+00:00 missed", "assessment_deadline_missed"),
    ("payment deadline 2026-12-04T01:21:00+00:00 missed", "payment_deadline_missed"),
    (
        "assessment deadline 2026-12-04T01:21:00+00:00 missed; payment deadline 2026-12-05T01:21:00+00:00 missed",
        "deadlines_missed",
    ),
    (f"complaint {ID}", "complaint_filed"),
    (f"complaint {ID} decided (partly_justified)", "complaint_decided"),
    (f"complaint {ID} decided (justified); re-assessment ordered", "complaint_decided_reassessment"),
    (
        f"payment deadline 2026-12-08T01:00:00+00:00 → 2026-12-07T01:00:00+00:00 (complaint {ID} decided (justified))",
        "payment_deadline_moved",
    ),
]
COMPLAINT = [
    ("via phone; classified amount", "complaint_received"),
    ("via app; classified none", "complaint_received"),
    ("complaint received", "complaint_routed"),
    ("gap 4410.00 CNY against estimate version 2", "analysed_gap"),
    ("severe: a supervisor steps in", "severe_supervisor"),
    ("entered senior_claims", "level_entered"),
    ("800.00 CNY is above the complaint_handler authority of 500", "above_authority"),
    ("customer not satisfied: 还是太低", "customer_not_satisfied"),
    ("follow_up contact left the customer upset", "contact_left_upset"),
    ("calming contact logged: the customer is calm", "customer_calmed"),
    ("closed unconfirmed after 3 follow-up(s)", "follow_up_closed_unconfirmed"),
    ("follow-up 1: not_reached; next follow-up due", "follow_up_unanswered"),
    ("follow-up 2: the customer answered (confirmed_satisfied)", "follow_up_answered"),
    ("front_line step overdue since 2026-12-09T00:00:00+08:00", "step_overdue"),
    ("feedback not confirmed by the customer: follow up", "follow_up_due"),
]
RECOMMENDATION = [
    ("2 earlier complaint(s) on this claim still unresolved", "prior_unresolved"),
    ("service complaint with a keyword score of 3", "service_keywords"),
    ("amount dispute", "amount_dispute"),
    ("timeliness complaint, no repeated escalation", "no_repeated_escalation"),
    ("unclassified complaint, no repeated escalation", "no_repeated_escalation"),
    ("speed up payment by 2 day(s) or a voucher of 50.00 CNY", "speed_up_or_voucher"),
    ("negotiable part of the gap: 570.00 CNY", "negotiable_part"),
    ("gap of 4410.00 CNY is large enough for an independent re-assessment", "gap_large"),
    ("the same material was submitted on another claim", "same_material_elsewhere"),
    ("no figure analysed yet: ask for the customer's figure or repair quote", "no_figure_yet"),
]


@pytest.mark.parametrize(
    ("rules", "text", "code"),
    [("AUDIT_RULES", t, c) for t, c in AUDIT]
    + [("COMPLAINT_RULES", t, c) for t, c in COMPLAINT]
    + [("RECOMMENDATION_RULES", t, c) for t, c in RECOMMENDATION],
)
def test_the_migration_codes_each_old_wording_and_the_api_reads_it_unchanged(rules: str, text: str, code: str) -> None:
    migration = _migration()
    found = migration.match(getattr(migration, rules), text)
    assert found is not None and found[0] == code
    assert render(found[0], found[1]) == text
    chinese = render(found[0], found[1], lang="zh", label=_label, when=lambda d: d.strftime("%m-%d %H:%M"))
    assert not re.search(r"\b(?:complaint|estimate|assessment|customer|follow|gap|tier)\b", chinese), chinese


@pytest.mark.parametrize(
    ("action", "text", "params"),
    [
        ("documents_requested", "photos, id_card", {"documents": ["photos", "id_card"]}),
        ("fraud_flagged", "repeated_other_claim", {"signals": ["repeated_other_claim"]}),
    ],
)
def test_the_migration_reads_the_listed_keys_by_action(action: str, text: str, params: dict[str, Any]) -> None:
    migration = _migration()
    assert migration.match([migration.AUDIT_LISTS[action]], text)[1] == params


@pytest.mark.parametrize(
    "typed", ["玻璃价格低于本地4S店", "同意", "released after a call with the customer", "complaint about the wait"]
)
def test_a_persons_words_are_not_taken_for_a_system_text(typed: str) -> None:
    migration = _migration()
    for rules in (migration.AUDIT_RULES, migration.COMPLAINT_RULES, migration.RECOMMENDATION_RULES):
        assert migration.match(rules, typed) is None


def test_a_row_stores_a_persons_text_as_typed_and_a_system_text_as_its_code_only() -> None:
    assert reason_fields("来电情绪激动") == {"reason": "来电情绪激动", "reason_code": None, "reason_params": {}}
    stored = reason_fields(Reason(TextCode.LEVEL_ENTERED, {"level": "mediation"}))
    assert stored == {"reason": "", "reason_code": "level_entered", "reason_params": {"level": "mediation"}}


def test_the_chinese_text_names_codes_and_shows_times_in_the_page_zone() -> None:
    reason = Reason(TextCode.STEP_OVERDUE, {"level": "front_line", "since": "2026-12-09T00:00:00+08:00"})
    text = reason.text("zh", label=_label, when=lambda d: datetime.fromisoformat(d.isoformat()).strftime("%m月%d日"))
    assert text == "一线客服阶段超时（期限 12月09日）"
    listed = Reason(TextCode.DOCUMENTS_MISSING, {"documents": ["photos", "id_card"]}).text("zh", label=_label)
    assert listed == "车辆照片、居民身份证"
    assert render("no_such_code", {}) == "no_such_code"  # a newer release's code stays readable
