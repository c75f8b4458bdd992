"""What a labels export reads: the findings an adjuster stood behind (the assessment the claim's
latest estimate version priced, that version approved), on photos of claims whose customer consented
to training. A reopened claim's corrections wait for its new version's approval."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.db.models import Assessment, Claim, EstimateVersion, Finding, Photo
from api.db.models.assessment import FindingCorrection


@dataclass(frozen=True)
class LabelledPhoto:
    photo: Photo
    claim_id: uuid.UUID
    findings: list[Finding]  # not rejected
    changed: frozenset[uuid.UUID]  # findings an adjuster changed


def labelled_photos(session: Session, *, since: datetime) -> Sequence[LabelledPhoto]:
    latest = (
        select(EstimateVersion.claim_id, func.max(EstimateVersion.version).label("version"))
        .group_by(EstimateVersion.claim_id)
        .subquery()
    )
    approved = (
        select(EstimateVersion.assessment_id)
        .join(latest, (latest.c.claim_id == EstimateVersion.claim_id) & (latest.c.version == EstimateVersion.version))
        .where(EstimateVersion.approved_at.is_not(None))
    )
    stmt = (
        select(Finding, Photo, Assessment.claim_id)
        .join(Assessment, Assessment.id == Finding.assessment_id)
        .join(Claim, Claim.id == Assessment.claim_id)
        .join(Photo, Photo.id == Finding.photo_id)
        .where(
            Claim.training_consent.is_(True),
            Assessment.id.in_(approved),
            Assessment.created_at >= since,
            Finding.rejected.is_(False),
        )
        .order_by(Photo.created_at, Photo.id, Finding.rank)
    )
    photos: dict[uuid.UUID, LabelledPhoto] = {}
    for finding, photo, claim_id in session.execute(stmt):
        entry = photos.setdefault(photo.id, LabelledPhoto(photo, claim_id, [], frozenset()))
        entry.findings.append(finding)
    ids = [f.id for p in photos.values() for f in p.findings]
    changed: set[uuid.UUID] = set()
    if ids:
        query = select(FindingCorrection.finding_id).where(
            FindingCorrection.finding_id.in_(ids), FindingCorrection.action == "changed"
        )
        changed = {fid for fid in session.scalars(query) if fid is not None}
    return [
        LabelledPhoto(p.photo, p.claim_id, p.findings, frozenset(f.id for f in p.findings if f.id in changed))
        for p in photos.values()
    ]
