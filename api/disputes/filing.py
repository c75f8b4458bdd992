"""Disputing the assessed amount: the one operation that makes a claim "disputed".

The customer's claim page and ``POST /claims/{claim_id}/dispute`` both call :func:`dispute`;
the generic transition route refuses the move and names this operation (``Gate.DISPUTE``),
so no claim is disputed without a complaint the desk can decide.
"""

from __future__ import annotations

import uuid
from datetime import datetime, tzinfo

from sqlalchemy.orm import Session

from api.auth.actor import Actor
from api.auth.roles import Role
from api.claims.service import get_visible_claim
from api.db.models import User
from api.disputes.config import DisputeSettings
from api.disputes.models import Complaint
from api.disputes.schemas import ComplaintCreate
from api.disputes.service import file_complaint
from api.reasons import Reason, TextCode
from api.workflow import service as workflow
from api.workflow.states import ClaimState, Gate

# The customer on their own claim, or the desk roles that may move a claim to disputed for them.
DISPUTER_ROLES = frozenset({Role.CUSTOMER, Role.COMPLAINT_HANDLER, Role.SUPERVISOR})
DISPUTABLE = frozenset({ClaimState.ASSESSED, ClaimState.AWAITING_PAYMENT})


def dispute(
    session: Session,
    *,
    claim_id: uuid.UUID,
    user: User,
    complaint_create: ComplaintCreate,
    settings: DisputeSettings,
    now: datetime,
    tz: tzinfo,
) -> Complaint:
    """File the complaint and, while the claim stands assessed or awaiting payment, mark it disputed.

    In any other state the complaint is filed alone (the claim is under review, or disputed
    already): the desk decides it all the same. Both happen in the caller's transaction under
    the claim's row lock, so a refused move files nothing.
    """
    claim = get_visible_claim(session, claim_id=claim_id, user=user, for_update=True)
    complaint = file_complaint(
        session, claim_id=claim.id, user=user, complaint_create=complaint_create, settings=settings, now=now, tz=tz
    )
    if claim.state in DISPUTABLE:
        workflow.transition(
            session,
            claim=claim,
            to=ClaimState.DISPUTED,
            actor=Actor.of(user),
            reason=Reason(TextCode.COMPLAINT_FILED, {"complaint_id": str(complaint.id)}),
            gate=Gate.DISPUTE,
        )
    return complaint
