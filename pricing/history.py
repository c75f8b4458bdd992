"""Who may change an estimate, why, and the per-line record of what changed."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Final

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


# The Chinese words an edited line's basis text uses for who changed it and why (the customer reads it).
ROLE_ZH: Final = MappingProxyType(
    {
        Role.CUSTOMER: "客户",
        Role.JUNIOR_ADJUSTER: "初级定损员",
        Role.SENIOR_ADJUSTER: "高级定损员",
        Role.COMPLAINT_HANDLER: "投诉处理",
        Role.SUPERVISOR: "主管",
    }
)
REASON_ZH: Final = MappingProxyType(
    {
        ReasonCode.MANUAL_PRICING: "人工定价",
        ReasonCode.PRICE_CORRECTION: "价格更正",
        ReasonCode.HOURS_CORRECTION: "工时更正",
        ReasonCode.PART_IDENTIFIED: "部位已确认",
        ReasonCode.HIDDEN_DAMAGE: "隐藏损伤",
        ReasonCode.NOT_ACCIDENT_DAMAGE: "非本次事故损伤",
        ReasonCode.DUPLICATE_LINE: "重复项目",
        ReasonCode.REPAIR_INSTEAD_OF_REPLACE: "改换为修",
        ReasonCode.REPLACE_INSTEAD_OF_REPAIR: "改修为换",
        ReasonCode.THIRD_PARTY_REASSESSMENT: "第三方定损复核",
        ReasonCode.FINDING_CORRECTED: "损伤识别更正",
        ReasonCode.OTHER: "其他",
        ReasonCode.RECOMPUTED: "随关联项目重算",
    }
)


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
