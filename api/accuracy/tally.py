"""The AI accuracy figures as a pure function over plain records (no I/O): per ISO week, model
version and damage type, what became of each AI finding once an adjuster approved the estimate
(kept, changed, rejected) and how many damages the adjusters added.

An AI finding is counted under the damage type the model gave it (before any correction); a
damage an adjuster added is counted under the type the adjuster gave it. "Lines added" (the figure
Tractable reports) is the share of reviewed claims where the adjuster added at least one damage.

>>> rows, totals = tally([Reviewed("2026-W48", "2.0.0", "c1", [FindingFate("dent", "kept")], ["scratch"])])
>>> (rows[0].damage_type, rows[0].kept, rows[1].damage_type, rows[1].added, totals[0].lines_added_share)
('dent', 1, 'scratch', 1, Decimal('1.0000'))
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Literal

Fate = Literal["kept", "changed", "rejected"]
SHARE = Decimal("0.0001")


@dataclass(frozen=True)
class FindingFate:
    original_type: str
    fate: Fate


@dataclass(frozen=True)
class Reviewed:
    """One assessment whose estimate an adjuster approved."""

    week: str
    model_version: str
    claim_key: str
    ai: list[FindingFate]
    added_types: list[str]


@dataclass
class Counts:
    ai_findings: int = 0
    kept: int = 0
    changed: int = 0
    rejected: int = 0
    added: int = 0

    def share(self, part: int) -> Decimal | None:
        if not self.ai_findings:
            return None
        return (Decimal(part) / Decimal(self.ai_findings)).quantize(SHARE, ROUND_HALF_EVEN)

    @property
    def kept_share(self) -> Decimal | None:
        return self.share(self.kept)

    @property
    def changed_share(self) -> Decimal | None:
        return self.share(self.changed)

    @property
    def rejected_share(self) -> Decimal | None:
        return self.share(self.rejected)

    def count(self, fate: Fate) -> None:
        self.ai_findings += 1
        setattr(self, fate, getattr(self, fate) + 1)


@dataclass
class Row(Counts):
    week: str = ""
    model_version: str = ""
    damage_type: str = ""


@dataclass
class Total(Counts):
    week: str = ""
    model_version: str = ""
    claims: set[str] = field(default_factory=set)
    claims_with_added: set[str] = field(default_factory=set)

    @property
    def lines_added_share(self) -> Decimal | None:
        if not self.claims:
            return None
        return (Decimal(len(self.claims_with_added)) / Decimal(len(self.claims))).quantize(SHARE, ROUND_HALF_EVEN)


def tally(reviewed: Iterable[Reviewed]) -> tuple[list[Row], list[Total]]:
    """Rows per (week, model version, damage type) and totals per (week, model version), sorted."""
    rows: dict[tuple[str, str, str], Row] = {}
    totals: dict[tuple[str, str], Total] = {}
    for item in reviewed:
        total = totals.setdefault(
            (item.week, item.model_version), Total(week=item.week, model_version=item.model_version)
        )
        total.claims.add(item.claim_key)
        for finding in item.ai:
            key = (item.week, item.model_version, finding.original_type)
            rows.setdefault(key, Row(week=key[0], model_version=key[1], damage_type=key[2])).count(finding.fate)
            total.count(finding.fate)
        for damage_type in item.added_types:
            key = (item.week, item.model_version, damage_type)
            rows.setdefault(key, Row(week=key[0], model_version=key[1], damage_type=key[2])).added += 1
            total.added += 1
            total.claims_with_added.add(item.claim_key)
    return [rows[k] for k in sorted(rows)], [totals[k] for k in sorted(totals)]
