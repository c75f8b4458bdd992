"""The adjuster's pages: the queue by case tier and deadline (overdue first), the claim view
with the boxes over the photos, findings and flags, the AI assessment and approval."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request, Response
from sqlalchemy.orm import Session

from api.assessments import service as assessments
from api.auth.actor import Actor
from api.auth.roles import ADJUSTER_ROLES, Role
from api.claims import service as claims
from api.db.base import utcnow
from api.db.models import AuditEvent, Claim, User
from api.deps import DetectorDep, PartsDep, SessionDep, StateDep, end_transaction
from api.fraud import repository as fraud_repository
from api.web import views
from api.web.render import PageRoute, redirect, render
from api.web.session import CsrfChecked, PageUser, require
from api.workflow import service as workflow
from api.workflow.states import TRANSITIONS, ClaimState

router = APIRouter(route_class=PageRoute, include_in_schema=False)

QUEUE_ROLES = (*ADJUSTER_ROLES, Role.ADMIN)


@router.get("/web/queue")
def queue(request: Request, session: SessionDep, user: PageUser) -> Response:
    require(user, *QUEUE_ROLES)
    now = utcnow()
    items = views.staff_queue(session, now=now)
    flags = fraud_repository.flags_for_many(session, claim_ids=[c.id for c in items])
    return render(request, "staff/queue.html", {"claims": items, "flags": flags, "now": now})


def _moves(claim: Claim, user: User) -> list[ClaimState]:
    """The moves this user's role may make from the claim's state (the workflow decides);
    gated moves are made by their operation (approval, complaint decision), not by this form."""
    moves = []
    for (frm, to), move in TRANSITIONS.items():
        if frm != claim.state or user.role not in move.roles or move.gate is not None:
            continue
        limit = move.tier_limits.get(user.role)
        if limit is not None and claim.tier not in limit:
            continue
        moves.append(to)
    return moves


def staff_context(session: Session, *, claim: Claim, user: User, events: Sequence[AuditEvent]) -> dict[str, Any]:
    return {
        "flags": fraud_repository.flags_for(session, claim_id=claim.id),
        "events": events,
        # With estimates, approval is the estimate's (within authority), not a bare move.
        "moves": [m for m in _moves(claim, user) if m is not ClaimState.ASSESSED],
        "can_assess": user.role in ADJUSTER_ROLES and claim.state in assessments.ASSESSABLE,
    }


@router.post("/web/claims/{claim_id}/assess")
def assess(
    claim_id: uuid.UUID,
    session: SessionDep,
    state: StateDep,
    detector: DetectorDep,
    parts: PartsDep,
    user: PageUser,
    _csrf: CsrfChecked,
) -> Response:
    """Run the damage detector on every photo (a sync route: inference runs off the event loop)."""
    require(user, *ADJUSTER_ROLES)
    claim = claims.get_visible_claim(session, claim_id=claim_id, user=user)
    end_transaction(session)  # no lock while the models run (the service's own short transactions)
    assessments.run_assessment(
        state.session_factory,
        claim_id=claim.id,
        actor=Actor.of(user),
        detector=detector,
        parts=parts,
        blobs=state.blobs,
    )
    return redirect(f"/web/claims/{claim.id}#findings")


@router.post("/web/claims/{claim_id}/transition")
def move(
    claim_id: uuid.UUID,
    session: SessionDep,
    user: PageUser,
    _csrf: CsrfChecked,
    to: Annotated[ClaimState, Form()],
    reason: Annotated[str, Form(min_length=1, max_length=2000)],
) -> Response:
    """Approve, send back, re-open: whatever the workflow's table lets this role do (a junior
    adjuster approves simple cases only)."""
    claim = claims.get_visible_claim(session, claim_id=claim_id, user=user, for_update=True)
    workflow.transition(session, claim=claim, to=to, actor=Actor.of(user), reason=reason)
    return redirect(f"/web/claims/{claim.id}")
