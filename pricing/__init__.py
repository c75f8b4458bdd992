"""ClaimSight pricing: pure domain logic (no I/O) from damage findings to an itemized estimate.

>>> from pricing import Finding, PolicyTerms, Rules, Vehicle, VehicleClass, build_estimate
>>> from pricing import load_sample_catalog
>>> est = build_estimate(findings=[Finding("f1", "hood", "scratch", "minor", ("p1",), 0.9)],
...     vehicle=Vehicle(VehicleClass.COMPACT), catalog=load_sample_catalog(), rules=Rules(),
...     region="440300", policy_terms=PolicyTerms())
>>> [line.line_id for line in est.lines]
['hood/paint', 'hood/materials']
"""

from pricing.approval import DEFAULT_LIMITS, ApprovalCheck, ApprovalLimits, RoleLimit, can_approve
from pricing.case import CaseFacts, CaseTier, PolicyTerms
from pricing.catalog import (
    Basis,
    InMemoryCatalog,
    LabourKind,
    MatchLevel,
    PartsCatalog,
    PriceType,
    Quote,
    Vehicle,
    VehicleClass,
)
from pricing.errors import (
    CurrencyMismatchError,
    EstimateRevisionError,
    PriceListError,
    PricingError,
    RowProblem,
    RulesConfigError,
)
from pricing.estimate import Estimate, build_estimate
from pricing.history import ChangeKind, LineDiff, ReasonCode, Revision, Role
from pricing.lines import EstimateLine, Evidence, Explanation, Finding, LineFlag, LineKind
from pricing.money import Money
from pricing.parts import (
    PART_NAMES,
    UNKNOWN_PART,
    Action,
    DamageType,
    Material,
    PartCode,
    PartName,
    Severity,
    name_index,
    part_from_name,
)
from pricing.price_list import import_price_list, load_sample_catalog
from pricing.revision import AddLine, LineEdit, revise_estimate
from pricing.rules import DEFAULT_RULES, RuleId, Rules, Settlement, TierReason
from pricing.serialize import from_jsonable, to_jsonable
from pricing.text import render_text

__all__ = [
    "DEFAULT_LIMITS",
    "DEFAULT_RULES",
    "PART_NAMES",
    "UNKNOWN_PART",
    "Action",
    "AddLine",
    "ApprovalCheck",
    "ApprovalLimits",
    "Basis",
    "CaseFacts",
    "CaseTier",
    "ChangeKind",
    "CurrencyMismatchError",
    "DamageType",
    "Estimate",
    "EstimateLine",
    "EstimateRevisionError",
    "Evidence",
    "Explanation",
    "Finding",
    "InMemoryCatalog",
    "LabourKind",
    "LineDiff",
    "LineEdit",
    "LineFlag",
    "LineKind",
    "MatchLevel",
    "Material",
    "Money",
    "PartCode",
    "PartName",
    "PartsCatalog",
    "PolicyTerms",
    "PriceListError",
    "PriceType",
    "PricingError",
    "Quote",
    "ReasonCode",
    "Revision",
    "Role",
    "RoleLimit",
    "RowProblem",
    "RuleId",
    "Rules",
    "RulesConfigError",
    "Settlement",
    "Severity",
    "TierReason",
    "Vehicle",
    "VehicleClass",
    "build_estimate",
    "can_approve",
    "from_jsonable",
    "import_price_list",
    "load_sample_catalog",
    "name_index",
    "part_from_name",
    "render_text",
    "revise_estimate",
    "to_jsonable",
]
