"""Re-price the parts whose findings an adjuster corrected: version n+1 with a per-line diff.

Only the parts a correction touched (the finding's part before and after) are priced again, from
every finding now on them; every other line, adjusters' own lines and edits included, is kept
as it was. Lines of a re-priced part that an adjuster had edited are priced afresh (the diff
says so).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace

from pricing.catalog import PartsCatalog
from pricing.errors import EstimateRevisionError
from pricing.estimate import DERIVED_KINDS, Estimate, assemble
from pricing.history import EDITING_ROLES, ReasonCode, Revision, Role
from pricing.lines import EstimateLine, Finding, LineKind
from pricing.operations import diffs_between
from pricing.parts import PartCode
from pricing.pricer import PricingContext, price_part, unidentified_line


def reprice_parts(
    estimate: Estimate,
    *,
    findings: Sequence[Finding],
    parts: Collection[PartCode],
    corrected: Collection[str],
    catalog: PartsCatalog,
    actor_role: Role,
    actor_id: str | None = None,
    reason: ReasonCode = ReasonCode.PART_IDENTIFIED,
    note: str = "",
) -> Estimate:
    """Version n+1 of ``estimate`` with ``parts`` priced again from ``findings`` (the claim's
    current, not rejected findings) and the unidentified lines of the ``corrected`` finding ids
    redone; the revision records each changed line with ``reason``."""
    if actor_role not in EDITING_ROLES:
        raise EstimateRevisionError(f"role {actor_role.value} may not edit an estimate")
    if catalog.version != estimate.catalog_version:
        raise EstimateRevisionError(
            f"the estimate was priced from catalog {estimate.catalog_version}, not {catalog.version}: price it again"
        )
    touched = set(parts)
    redo = set(corrected)

    def stays(line: EstimateLine) -> bool:
        if line.kind in DERIVED_KINDS:
            return False
        if line.kind is LineKind.UNIDENTIFIED:
            return not set(line.evidence.finding_ids) & redo
        # a line with no finding behind it is the adjuster's own: never re-priced
        return not (line.part in touched and line.evidence.finding_ids)

    primary = [x for x in estimate.lines if stays(x)]
    ctx = PricingContext(catalog, estimate.vehicle, estimate.region, estimate.rules, estimate.currency)
    for part in sorted(touched):
        group = sorted((f for f in findings if f.part is part), key=lambda f: f.finding_id)
        if group:
            primary.extend(price_part(ctx, part, group))
    primary.extend(unidentified_line(f) for f in findings if f.part is None and f.finding_id in redo)
    kept_ids = {x.line_id for x in primary}
    if len(kept_ids) != len(primary):
        raise EstimateRevisionError("an adjuster's line has the id of a priced line; rename it first")
    revised = assemble(
        primary=primary,
        version=estimate.version + 1,
        currency=estimate.currency,
        vehicle=estimate.vehicle,
        region=estimate.region,
        catalog_version=estimate.catalog_version,
        rules=estimate.rules,
        policy_terms=estimate.policy_terms,
        case_facts=estimate.case_facts,
    )
    diffs = tuple(diffs_between(estimate.lines, revised.lines, {}, default=reason))
    return replace(revised, revision=Revision(estimate.version, actor_role, actor_id, diffs, note))
