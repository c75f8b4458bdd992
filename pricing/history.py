"""Who may change an estimate, why, and the per-line record of what changed."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pricing.money import Money


class Role(StrEnum):
    """Roles of DOMAIN.md §3."""

    CUSTOMER = "customer"
    JUNIOR_ADJUSTER = "junior_adjuster"
    SENIOR_ADJUSTER = "senior_adjuster"
    COMPLAINT_HANDLER = "complaint_handler"
    SUPERVISOR = "supervisor"


EDITING_ROLES = frozenset({Role.JUNIOR_ADJUSTER, Role.SENIOR_ADJUSTER, Role.SUPERVISOR})


class ReasonCode(StrEnum):
    """Why a line changed. ``RECOMPUTED`` marks derived lines (salvage, multi-panel paint) that
    changed because a line they depend on did."""

    MANUAL_PRICING = "manual_pricing"
    PRICE_CORRECTION = "price_correction"
    HOURS_CORRECTION = "hours_correction"
    PART_IDENTIFIED = "part_identified"
    HIDDEN_DAMAGE = "hidden_damage"
    NOT_ACCIDENT_DAMAGE = "not_accident_damage"
    DUPLICATE_LINE = "duplicate_line"
    REPAIR_INSTEAD_OF_REPLACE = "repair_instead_of_replace"
    REPLACE_INSTEAD_OF_REPAIR = "replace_instead_of_repair"
    THIRD_PARTY_REASSESSMENT = "third_party_reassessment"
    FINDING_CORRECTED = "finding_corrected"  # an adjuster added, changed or rejected a finding
    OTHER = "other"
    RECOMPUTED = "recomputed"


class ChangeKind(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


@dataclass(frozen=True, slots=True)
class LineDiff:
    """One line's change between estimate versions n and n+1."""

    line_id: str
    change: ChangeKind
    reason: ReasonCode
    before: Money | None
    after: Money | None
    note: str = ""


@dataclass(frozen=True, slots=True)
class Revision:
    """How this estimate version differs from its parent."""

    parent_version: int
    actor_role: Role
    actor_id: str | None
    diffs: tuple[LineDiff, ...]
    note: str = ""
