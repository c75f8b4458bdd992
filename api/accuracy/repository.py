"""The records behind the AI accuracy figures: assessments whose estimate was approved, with their
findings and the adjusters' corrections."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.db.models import Assessment, EstimateVersion, Finding
from api.db.models.assessment import FindingCorrection


def reviewed_assessments(session: Session, *, start: datetime, end: datetime) -> Sequence[Assessment]:
    """Assessments made in [start, end) that an approved estimate version priced."""
    approved = select(EstimateVersion.assessment_id).where(EstimateVersion.approved_at.is_not(None))
    stmt = (
        select(Assessment)
        .where(Assessment.id.in_(approved), Assessment.created_at >= start, Assessment.created_at < end)
        .order_by(Assessment.created_at, Assessment.id)
    )
    return session.scalars(stmt).all()


def findings_of(session: Session, *, assessment_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[Finding]]:
    out: dict[uuid.UUID, list[Finding]] = defaultdict(list)
    if assessment_ids:
        stmt = select(Finding).where(Finding.assessment_id.in_(assessment_ids)).order_by(Finding.rank)
        for row in session.scalars(stmt):
            out[row.assessment_id].append(row)
    return out


def corrections_of(
    session: Session, *, assessment_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[FindingCorrection]]:
    """Corrections of existing findings, per finding, oldest first."""
    out: dict[uuid.UUID, list[FindingCorrection]] = defaultdict(list)
    if assessment_ids:
        stmt = (
            select(FindingCorrection)
            .where(FindingCorrection.assessment_id.in_(assessment_ids), FindingCorrection.finding_id.is_not(None))
            .order_by(FindingCorrection.created_at, FindingCorrection.id)
        )
        for row in session.scalars(stmt):
            assert row.finding_id is not None
            out[row.finding_id].append(row)
    return out
