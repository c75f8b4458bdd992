"""Estimates after the review moved on: findings corrected (the parts they touch priced again
into version n+1) and re-assessment (what the latest version changes against the last approved
one). Both build on ``api.estimates.service``'s versions and checks."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Collection, Sequence

import structlog
from sqlalchemy.orm import Session

from api.auth.actor import Actor
from api.db.models import Claim
from api.db.models.assessment import Finding as FindingRow
from api.estimates import repository
from api.estimates.errors import EstimateClosed, InvalidRevision
from api.estimates.service import _store, check_open, findings_for_pricing, load
from pricing import LineDiff, PartCode, PartsCatalog, PricingError, ReasonCode, Role
from pricing.operations import diffs_between
from pricing.reprice import reprice_parts

log = structlog.get_logger(__name__)


def reprice_corrected(
    session: Session,
    *,
    claim: Claim,
    actor: Actor,
    assessment_id: uuid.UUID,
    findings: Sequence[FindingRow],
    parts: Collection[PartCode],
    corrected: Collection[str],
    catalog: PartsCatalog,
    note: str = "",
) -> int | None:
    """After corrected findings: the latest version with ``parts`` priced again from the current
    ``findings``, as version n+1 (its number), or None when the claim has no estimate yet (the
    first pricing reads the corrected findings)."""
    latest = repository.latest(session, claim_id=claim.id)
    if latest is None:
        return None
    check_open(session, claim=claim, row=latest)
    if latest.assessment_id != assessment_id:
        raise EstimateClosed(
            f"Version {latest.version} priced an earlier assessment; price the claim again, then correct the findings."
        )
    priced, _ = findings_for_pricing(findings)
    assert actor.role is not None
    try:
        revised = reprice_parts(
            load(latest),
            findings=priced,
            parts=parts,
            corrected=corrected,
            catalog=catalog,
            actor_role=Role(actor.role.value),
            actor_id=str(actor.user_id),
            reason=ReasonCode.FINDING_CORRECTED,
            note=note,
        )
    except (PricingError, ValueError) as exc:
        raise InvalidRevision(str(exc)) from exc
    row = _store(
        session,
        claim=claim,
        estimate=revised,
        actor=actor,
        parent_version=latest.version,
        assessment_id=assessment_id,
        assumptions=latest.assumptions or [],
    )
    log.info("estimate.repriced", claim_id=str(claim.id), version=row.version, parts=len(parts))
    return row.version


@dataclasses.dataclass(frozen=True)
class SinceApproved:
    """What the latest version changes against the last approved one (a re-assessment)."""

    approved_version: int
    latest_version: int
    diffs: list[LineDiff]


def since_approved(session: Session, *, claim: Claim) -> SinceApproved | None:
    """The latest version's per-line diff to the last approved version before it, if any."""
    rows = repository.versions(session, claim_id=claim.id)
    approved = [r for r in rows[:-1] if r.approved_at is not None]
    if not rows or not approved:
        return None
    old, new = load(approved[-1]), load(rows[-1])
    reasons: dict[str, tuple[ReasonCode, str]] = {}
    for row in rows:
        if row.version > approved[-1].version:
            revision = load(row).revision
            if revision is not None:
                reasons.update({d.line_id: (d.reason, d.note) for d in revision.diffs})
    return SinceApproved(approved[-1].version, rows[-1].version, diffs_between(old.lines, new.lines, reasons))
