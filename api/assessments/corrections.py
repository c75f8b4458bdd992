"""An adjuster corrects the AI's findings: adds a missed damage, changes a finding's type, part,
side or severity, rejects a false one. Each correction is a record (before, after, who, why) and
the batch re-prices the parts it touched into a new estimate version, in the caller's transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import structlog
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.assessments.errors import FindingsClosed, InvalidCorrection
from api.assessments.schemas import AddDamage, ChangeFinding, FindingCorrectionsCreate, FindingOrigin, Side
from api.assessments.service import latest
from api.auth.actor import Actor
from api.db.models import Claim, Photo
from api.db.models.assessment import Finding, FindingCorrection
from api.estimates import reassessment
from api.storage import repository as storage_repository
from api.workflow.states import ClaimState
from pricing import PartCode, PartsCatalog

log = structlog.get_logger(__name__)

# Longest first: "front_left_door" is on the front_left side, "left_mirror" on the left.
_SIDES = sorted((s.value for s in Side), key=len, reverse=True)


def side_of_part(part: str) -> str | None:
    """The side a part code names, if any (``front_left_door`` → ``front_left``; ``wheel`` → None)."""
    return next((s for s in _SIDES if part.startswith(f"{s}_")), None)


def snapshot(row: Finding) -> dict[str, Any]:
    return {
        "finding_id": str(row.id),
        "photo_id": str(row.photo_id),
        "xyxy": [row.x1, row.y1, row.x2, row.y2],
        "damage_type": row.damage_type,
        "part": row.part,
        "side": row.side,
        "severity": row.severity,
        "origin": row.origin,
        "rejected": row.rejected,
    }


@dataclass(frozen=True)
class Corrected:
    records: list[FindingCorrection]
    estimate_version: int | None


def _invalid(index: int, field: str, message: str) -> InvalidCorrection:
    loc = ["body", "corrections", index, field]
    return InvalidCorrection(
        f"corrections.{index}.{field}: {message}", errors=[{"loc": loc, "msg": message, "type": "value_error"}]
    )


def _side(index: int, part: str, side: Side | None) -> str | None:
    named = side_of_part(part)
    if side is not None and named is not None and side.value != named:
        raise _invalid(index, "side", f"part '{part}' is on the {named} side, not {side.value}")
    return named or (side.value if side is not None else None)


def _added(index: int, c: AddDamage, photos: dict[uuid.UUID, Photo], assessment_id: uuid.UUID, rank: int) -> Finding:
    photo = photos.get(c.photo_id)
    if photo is None:
        raise _invalid(index, "photo_id", "no such photo on this claim")
    x1, y1, x2, y2 = c.xyxy
    if x2 > photo.width or y2 > photo.height:
        raise _invalid(index, "xyxy", f"box falls outside the photo ({photo.width}×{photo.height} pixels)")
    return Finding(
        id=uuid.uuid4(),
        assessment_id=assessment_id,
        photo_id=photo.id,
        rank=rank,
        damage_type=c.damage_type.value,
        confidence=1.0,
        x1=x1,
        y1=y1,
        x2=x2,
        y2=y2,
        part=c.part.value,
        part_method="adjuster",
        severity=c.severity.value,
        severity_rule=None,
        origin=c.origin.value,
        side=_side(index, c.part.value, c.side),
        rejected=False,
    )


def _change(index: int, row: Finding, c: ChangeFinding) -> None:
    part = c.part.value if c.part is not None else row.part
    side = _side(index, part, c.side) if c.part is not None or c.side is not None else row.side
    if c.part is not None and c.side is None and side_of_part(part) is None:
        side = None  # a new part without a side of its own does not inherit the old part's
    new = (c.damage_type or row.damage_type, part, side, c.severity or row.severity)
    if new == (row.damage_type, row.part, row.side, row.severity):
        raise _invalid(index, "finding_id", "this correction changes nothing")
    row.damage_type, row.part, row.side, row.severity = new
    if c.part is not None:
        row.part_method = "adjuster"
    if c.severity is not None:
        row.severity_rule = "set by the adjuster"


def correct_findings(
    session: Session,
    *,
    claim: Claim,
    actor: Actor,
    corrections: FindingCorrectionsCreate,
    catalog: PartsCatalog,
) -> Corrected:
    """Apply a batch of corrections to the latest assessment's findings and re-price the parts
    they touch (a new estimate version when the claim has one). The caller holds the claim's
    row lock and commits; any error leaves nothing written."""
    if claim.state is not ClaimState.UNDER_REVIEW:
        raise FindingsClosed(f"A claim that is '{claim.state}' is not under review; its findings cannot change.")
    assessment = latest(session, claim=claim)
    rows = {f.id: f for f in assessment.findings}
    photos = {p.id: p for p in storage_repository.photos_of(session, claim_id=claim.id)}
    rank = max((f.rank for f in rows.values()), default=-1) + 1
    records: list[FindingCorrection] = []
    parts: set[PartCode] = set()
    corrected: set[str] = set()
    seen: set[uuid.UUID] = set()
    for index, c in enumerate(corrections.corrections):
        if isinstance(c, AddDamage):
            row = _added(index, c, photos, assessment.id, rank)
            rank += 1
            assessment.findings.append(row)
            before, action, finding_id = None, "added", None
        else:
            found = rows.get(c.finding_id)
            if found is None:
                raise _invalid(index, "finding_id", "no such finding in the claim's latest assessment")
            if found.id in seen:
                raise _invalid(index, "finding_id", "corrected twice in one batch")
            if found.rejected:
                raise _invalid(index, "finding_id", "this finding was rejected")
            row, before, finding_id = found, snapshot(found), found.id
            seen.add(found.id)
            if isinstance(c, ChangeFinding):
                _change(index, row, c)
                action = "changed"
            else:
                row.rejected, action = True, "rejected"
        was = before["part"] if before else row.part
        parts.update(PartCode(p) for p in {was, row.part} if p in PartCode._value2member_map_)
        corrected.add(str(row.id))
        records.append(
            FindingCorrection(
                claim_id=claim.id,
                assessment_id=assessment.id,
                finding_id=finding_id,
                photo_id=row.photo_id,
                action=action,
                before=before,
                after=snapshot(row),
                reason=c.reason.value,
                note=c.note,
                actor_id=actor.user_id,
                actor_role=actor.role,
            )
        )
    session.flush()
    current = [f for f in assessment.findings if not f.rejected]
    version = reassessment.reprice_corrected(
        session,
        claim=claim,
        actor=actor,
        assessment_id=assessment.id,
        findings=current,
        parts=parts,
        corrected=corrected,
        catalog=catalog,
        note=corrections.note,
    )
    for record in records:
        record.estimate_version = version
        session.add(record)
    session.flush()
    log.info(
        "findings.corrected",
        claim_id=str(claim.id),
        added=sum(r.action == "added" for r in records),
        changed=sum(r.action == "changed" for r in records),
        rejected=sum(r.action == "rejected" for r in records),
        estimate_version=version,
    )
    return Corrected(records, version)


def history(session: Session, *, claim: Claim) -> Sequence[FindingCorrection]:
    """Every correction on the claim, oldest first."""
    query = select(FindingCorrection).where(FindingCorrection.claim_id == claim.id)
    return session.scalars(query.order_by(FindingCorrection.created_at, FindingCorrection.id)).all()


def origin_of(row: Finding) -> FindingOrigin:
    return FindingOrigin(row.origin)
