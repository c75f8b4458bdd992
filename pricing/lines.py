"""Inputs and line items of an estimate: findings, evidence, lines and their basis."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Final, Literal

from pricing.catalog import Basis
from pricing.money import Money, to_decimal
from pricing.parts import UNKNOWN_PART, Action, DamageType, PartCode, Severity
from pricing.rules import RuleId

CONFIDENCE_PLACES: Final = Decimal("0.0001")


def to_confidence(value: object) -> Decimal:
    """A detector confidence as a 4-place Decimal in [0, 1]. Floats are accepted *here only*,
    because detectors produce them; they are converted at the boundary so no float reaches an
    estimate.

    >>> to_confidence(0.87654321)
    Decimal('0.8765')
    """
    if isinstance(value, float):
        value = repr(value)
    number = to_decimal(value, what="confidence").quantize(CONFIDENCE_PLACES)
    if not Decimal(0) <= number <= Decimal(1):
        raise ValueError(f"confidence must be in [0, 1], got {number}")
    return number


@dataclass(frozen=True, slots=True, init=False)
class Finding:
    """One damage the assessment found: part (or ``"unknown"``), type, severity and evidence.
    Enum fields accept their string values (as they arrive in JSON); a detector's float
    confidence is converted to a 4-place Decimal.

    >>> f = Finding("f1", "front_bumper", "dent", "moderate", photo_ids=("p1",), confidence=0.91)
    >>> f.part, f.confidence
    (<PartCode.FRONT_BUMPER: 'front_bumper'>, Decimal('0.9100'))
    """

    finding_id: str
    part_code: PartCode | Literal["unknown"]
    damage_type: DamageType
    severity: Severity
    photo_ids: tuple[str, ...]
    confidence: Decimal

    def __init__(
        self,
        finding_id: str,
        part_code: PartCode | str,
        damage_type: DamageType | str,
        severity: Severity | str,
        photo_ids: Iterable[str] = (),
        confidence: Decimal | str | int | float = Decimal(1),
    ) -> None:
        if not finding_id:
            raise ValueError("finding_id cannot be empty")
        object.__setattr__(self, "finding_id", finding_id)
        object.__setattr__(self, "part_code", UNKNOWN_PART if part_code == UNKNOWN_PART else PartCode(part_code))
        object.__setattr__(self, "damage_type", DamageType(damage_type))
        object.__setattr__(self, "severity", Severity(severity))
        object.__setattr__(self, "photo_ids", tuple(photo_ids))
        object.__setattr__(self, "confidence", to_confidence(confidence))

    @property
    def part(self) -> PartCode | None:
        """The part, or None when it is unknown."""
        return self.part_code if isinstance(self.part_code, PartCode) else None


@dataclass(frozen=True, slots=True)
class Evidence:
    """The photos and findings behind a line; ``confidence`` is the lowest of its findings'."""

    photo_ids: tuple[str, ...] = ()
    finding_ids: tuple[str, ...] = ()
    confidence: Decimal | None = None

    @classmethod
    def of(cls, findings: Iterable[Finding]) -> Evidence:
        """Merge findings' evidence (sorted, de-duplicated, lowest confidence).

        >>> Evidence.of([Finding("b", "hood", "dent", "minor", ("p2",), Decimal("0.8")),
        ...              Finding("a", "hood", "scratch", "minor", ("p1", "p2"), Decimal("0.9"))])
        Evidence(photo_ids=('p1', 'p2'), finding_ids=('a', 'b'), confidence=Decimal('0.8000'))
        """
        items = list(findings)
        return cls(
            tuple(sorted({p for f in items for p in f.photo_ids})),
            tuple(sorted(f.finding_id for f in items)),
            min((f.confidence for f in items), default=None),
        )


class LineKind(StrEnum):
    """What a line charges for. Subtotals are per kind."""

    PARTS = "parts"
    LABOUR = "labour"
    PAINT = "paint"
    MATERIALS = "materials"
    ADJUSTMENT = "adjustment"
    SALVAGE = "salvage"
    UNIDENTIFIED = "unidentified"


class LineFlag(StrEnum):
    """Things an adjuster should see on a line."""

    NEEDS_MANUAL_PRICING = "needs_manual_pricing"
    NEEDS_ADJUSTER = "needs_adjuster"
    VEHICLE_CLASS_FALLBACK = "vehicle_class_fallback"
    REGION_FALLBACK = "region_fallback"
    PRICE_TYPE_FALLBACK = "price_type_fallback"
    RULE_NOT_EVALUATED = "rule_not_evaluated"
    EDITED = "edited"


@dataclass(frozen=True, slots=True)
class EstimateLine:
    """One priced (or to-be-priced) line. ``amount`` is None exactly when the line needs manual
    pricing — a missing price is never zero. ``quantity`` is hours for labour and paint lines.

    >>> line = EstimateLine("hood/parts", LineKind.PARTS, PartCode.HOOD, Action.REPLACE,
    ...                     "更换发动机盖", "replace hood", Decimal(1), Money.of("1800.00"),
    ...                     Money.of("1800.00"))
    >>> line.needs_manual_pricing
    False
    """

    line_id: str
    kind: LineKind
    part: PartCode | None
    action: Action | None
    description_zh: str
    description_en: str
    quantity: Decimal
    unit_price: Money | None
    amount: Money | None
    catalog_basis: tuple[Basis, ...] = ()
    rule_ids: tuple[RuleId, ...] = ()
    evidence: Evidence = field(default_factory=Evidence)
    explanation_zh: str = ""
    explanation_en: str = ""
    flags: frozenset[LineFlag] = frozenset()

    def __post_init__(self) -> None:
        object.__setattr__(self, "quantity", to_decimal(self.quantity, what="quantity"))
        if (self.amount is None) != (LineFlag.NEEDS_MANUAL_PRICING in self.flags):
            raise ValueError(f"line {self.line_id}: amount is None exactly when it needs manual pricing")

    @property
    def needs_manual_pricing(self) -> bool:
        return self.amount is None

    @property
    def sort_key(self) -> tuple[int, int, str]:
        """Canonical order: by part (catalog order), then kind, then id — independent of input order."""
        part_rank = list(PartCode).index(self.part) if self.part is not None else len(PartCode)
        return (part_rank, list(LineKind).index(self.kind), self.line_id)


def canonical_order(lines: Sequence[EstimateLine]) -> tuple[EstimateLine, ...]:
    """Lines in canonical order; raises on duplicate line ids.

    >>> canonical_order([])
    ()
    """
    ids = [line.line_id for line in lines]
    if len(ids) != len(set(ids)):
        raise ValueError("duplicate line ids")
    return tuple(sorted(lines, key=lambda line: line.sort_key))


@dataclass(frozen=True, slots=True)
class Explanation:
    """A plain-words statement in Chinese and English, citing a rule."""

    rule_id: RuleId
    zh: str
    en: str
