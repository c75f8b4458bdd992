"""Straight-through approval: a small, versioned rule set that may approve a provisional estimate
without an adjuster (DOMAIN.md §1: under 500 yuan photos alone suffice).

The rule set is data: a version id, the amount limit, and the rules in the order they are told.
``evaluate`` is a pure function of what the rules read (``CaseEvidence``) and returns every rule's
outcome, so an approval cites each rule it passed and a referral names each rule it failed. A
change to any rule or limit is a new version; stored decisions keep the version they were made by.

>>> evidence = CaseEvidence(tier="simple", net_repair_cost=Decimal("320.00"), currency="CNY",
...     complete=True, line_confidences=(Decimal("0.9"),), confidence_threshold=Decimal("0.25"),
...     photos_with_quality_flags=0, fraud_flags=0)
>>> evaluate(evidence).approved
True
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal


@dataclass(frozen=True)
class CaseEvidence:
    """What the rules read: the provisional estimate, its assessment and the claim's flags."""

    tier: str  # the estimate's case tier (CaseTier value)
    net_repair_cost: Decimal
    currency: str
    complete: bool  # no line needs manual pricing or an adjuster's review
    line_confidences: tuple[Decimal | None, ...]  # per line: the lowest confidence of its findings
    confidence_threshold: Decimal  # the detector's served threshold (its model card)
    photos_with_quality_flags: int
    fraud_flags: int


@dataclass(frozen=True)
class RuleOutcome:
    rule: str
    passed: bool
    detail: str  # the measured value against the rule, for staff and the audit trail
    reason_zh: str  # said to the customer when the rule failed
    reason_en: str


@dataclass(frozen=True)
class Rule:
    id: str
    reason_zh: str
    reason_en: str
    check: Callable[[CaseEvidence, RuleSet], tuple[bool, str]]


@dataclass(frozen=True)
class RuleSet:
    version: str
    amount_limit: Decimal  # net repair cost strictly under this (CNY)
    currency: str
    rules: tuple[Rule, ...]
    # Each line's findings must be above this as well as above the detector's served threshold.
    min_confidence: Decimal = Decimal("0")


@dataclass(frozen=True)
class Decision:
    rule_set: str
    outcomes: tuple[RuleOutcome, ...]

    @property
    def approved(self) -> bool:
        return all(o.passed for o in self.outcomes)

    @property
    def failed(self) -> tuple[RuleOutcome, ...]:
        return tuple(o for o in self.outcomes if not o.passed)


def _simple_case(e: CaseEvidence, _: RuleSet) -> tuple[bool, str]:
    return e.tier == "simple", f"tier {e.tier}"


def _under_limit(e: CaseEvidence, rs: RuleSet) -> tuple[bool, str]:
    ok = e.currency == rs.currency and e.net_repair_cost < rs.amount_limit
    return ok, f"net {e.net_repair_cost} {e.currency} against limit {rs.amount_limit} {rs.currency}"


def _photo_quality(e: CaseEvidence, _: RuleSet) -> tuple[bool, str]:
    return e.photos_with_quality_flags == 0, f"{e.photos_with_quality_flags} photo(s) with quality flags"


def _no_fraud_flag(e: CaseEvidence, _: RuleSet) -> tuple[bool, str]:
    return e.fraud_flags == 0, f"{e.fraud_flags} fraud flag(s)"


def _ai_priced(e: CaseEvidence, rs: RuleSet) -> tuple[bool, str]:
    bar = max(e.confidence_threshold, rs.min_confidence)
    low = [c for c in e.line_confidences if c is None or c <= bar]
    ok = e.complete and bool(e.line_confidences) and not low
    shown = min((c for c in e.line_confidences if c is not None), default=None)
    return ok, (
        f"{len(e.line_confidences)} line(s), complete={e.complete}, lowest confidence {shown} against threshold {bar}"
    )


STRAIGHT_THROUGH_V1 = RuleSet(
    version="straight-through/1",
    amount_limit=Decimal("500"),
    currency="CNY",
    rules=(
        Rule(
            "simple-case",
            "不是单车、无人伤的简易案件",
            "not a simple single-vehicle case without injuries",
            _simple_case,
        ),
        Rule(
            "under-500",
            "预估金额不低于500元，需要定损员核定",
            "the provisional amount is 500 yuan or more",
            _under_limit,
        ),
        Rule("photo-quality", "有照片不够清晰或光线不足", "a photo is blurred, dark or overexposed", _photo_quality),
        Rule("no-fraud-flag", "资料需要人工核实", "the material needs a manual check", _no_fraud_flag),
        Rule(
            "ai-priced",
            "有损失项目需要定损员确认或人工定价",
            "a line needs an adjuster's confirmation or manual pricing",
            _ai_priced,
        ),
    ),
)
STRAIGHT_THROUGH_V2 = replace(STRAIGHT_THROUGH_V1, version="straight-through/2", min_confidence=Decimal("0.25"))
"""V1's rules, and no line approved on a finding at or under 0.25 whatever the detector serves: detector
2.0.0 serves findings from 0.15 (its F2-best on val, so that the adjuster sees more of the damage),
while approval without an adjuster keeps V1's bar (0.25, its F1-best)."""
CURRENT = STRAIGHT_THROUGH_V2


def evaluate(evidence: CaseEvidence, rule_set: RuleSet = CURRENT) -> Decision:
    """Every rule's outcome, in the rule set's order (all are evaluated, none short-circuits)."""
    outcomes = []
    for rule in rule_set.rules:
        passed, detail = rule.check(evidence, rule_set)
        outcomes.append(RuleOutcome(rule.id, passed, detail, rule.reason_zh, rule.reason_en))
    return Decision(rule_set.version, tuple(outcomes))
