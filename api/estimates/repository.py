"""Every query on stored estimate versions."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.db.models.assessment import Assessment, Finding
from api.db.models.estimate import EstimateVersion
from api.db.models.evidence import Photo


def versions(session: Session, *, claim_id: uuid.UUID) -> Sequence[EstimateVersion]:
    query = select(EstimateVersion).where(EstimateVersion.claim_id == claim_id).order_by(EstimateVersion.version)
    return session.scalars(query).all()


def get(session: Session, *, claim_id: uuid.UUID, version: int) -> EstimateVersion | None:
    query = select(EstimateVersion).where(EstimateVersion.claim_id == claim_id, EstimateVersion.version == version)
    return session.scalars(query).first()


def latest(session: Session, *, claim_id: uuid.UUID) -> EstimateVersion | None:
    query = (
        select(EstimateVersion)
        .where(EstimateVersion.claim_id == claim_id)
        .order_by(EstimateVersion.version.desc())
        .limit(1)
    )
    return session.scalars(query).first()


def latest_assessment(session: Session, *, claim_id: uuid.UUID) -> Assessment | None:
    query = select(Assessment).where(Assessment.claim_id == claim_id).order_by(Assessment.created_at.desc()).limit(1)
    return session.scalars(query).first()


def findings_of(session: Session, *, assessment_id: uuid.UUID) -> Sequence[Finding]:
    query = select(Finding).where(Finding.assessment_id == assessment_id).order_by(Finding.rank)
    return session.scalars(query).all()


def photos(session: Session, *, claim_id: uuid.UUID, photo_ids: Sequence[uuid.UUID]) -> Sequence[Photo]:
    if not photo_ids:
        return []
    query = select(Photo).where(Photo.claim_id == claim_id, Photo.id.in_(photo_ids)).order_by(Photo.created_at)
    return session.scalars(query).all()


def add(session: Session, row: EstimateVersion) -> EstimateVersion:
    session.add(row)
    session.flush()
    return row
