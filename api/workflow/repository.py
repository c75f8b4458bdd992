from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from api.db.models import AuditEvent, Claim
from api.db.models.estimate import EstimateVersion
from api.workflow.states import BEFORE_ASSESSMENT, BEFORE_PAYMENT


def audit_events(session: Session, *, claim_id: uuid.UUID) -> Sequence[AuditEvent]:
    stmt = select(AuditEvent).where(AuditEvent.claim_id == claim_id).order_by(AuditEvent.at, AuditEvent.id)
    return session.scalars(stmt).all()


def latest_estimate_approved(session: Session, *, claim_id: uuid.UUID) -> bool:
    stmt = (
        select(EstimateVersion.approved_at)
        .where(EstimateVersion.claim_id == claim_id)
        .order_by(EstimateVersion.version.desc())
        .limit(1)
    )
    row = session.execute(stmt).first()
    return row is not None and row.approved_at is not None


def overdue_claims(session: Session, *, now: datetime) -> Sequence[Claim]:
    stmt = (
        select(Claim)
        .where(
            or_(
                and_(
                    Claim.state.in_(BEFORE_ASSESSMENT),
                    Claim.assessment_due_at < now,
                    Claim.assessment_escalated_at.is_(None),
                ),
                and_(
                    Claim.state.in_(BEFORE_PAYMENT),
                    Claim.payment_due_at.is_not(None),
                    Claim.payment_due_at < now,
                    Claim.payment_escalated_at.is_(None),
                ),
            )
        )
        .order_by(Claim.created_at)
    )
    return session.scalars(stmt).all()
