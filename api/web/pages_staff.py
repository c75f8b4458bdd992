"""The adjuster's pages: the queue by case tier and deadline (overdue first), the claim view
with the boxes over the photos, findings and flags, the AI assessment and approval."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Form, Response
from sqlalchemy.orm import Session

from api.assessments import corrections
from api.assessments import service as assessments
from api.assessments.endpoints import findings_read
from api.assessments.errors import NoAssessment
from api.assessments.schemas import REJECT_REASONS, CorrectionReason, FindingCorrectionsCreate, Side
from api.auth import repository as auth_repository
from api.auth.actor import Actor
from api.auth.roles import ADJUSTER_ROLES, Role
from api.claims import service as claims
from api.customers.service import queue_risks
from api.db.models import AuditEvent, Claim, User
from api.deps import SessionDep, StateDep, end_transaction, get_detector
from api.estimates import repository as estimates_repository
from api.estimates.endpoints import CatalogDep
from api.fraud import repository as fraud_repository
from api.jobs.endpoints import hand_to_runner
from api.storage import repository as storage_repository
from api.web import review_view
from api.web.render import PageRoute, redirect
from api.web.session import CsrfChecked, PageUser, require
from api.workflow import service as workflow
from api.workflow.states import TRANSITIONS, ClaimState
from pricing import DamageType, PartCode, Severity

router = APIRouter(route_class=PageRoute, include_in_schema=False)

QUEUE_ROLES = (*ADJUSTER_ROLES, Role.ADMIN)


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
        **review_context(session, claim=claim, user=user),
        "flags": fraud_repository.flags_for(session, claim_id=claim.id),
        "customer": queue_risks(session, customer_ids=[claim.customer_id])[claim.customer_id],
        "events": events,
        # With estimates, approval is the estimate's (within authority), not a bare move.
        "moves": [m for m in _moves(claim, user) if m is not ClaimState.ASSESSED],
        "can_assess": user.role in ADJUSTER_ROLES and claim.state in assessments.ASSESSABLE,
    }


def review_context(session: Session, *, claim: Claim, user: User) -> dict[str, Any]:
    """The findings as corrected (origin, history) and what the correction forms offer."""
    try:
        assessment = assessments.latest(session, claim=claim)
    except NoAssessment:
        return {"review": None}
    review = findings_read(assessment, list(corrections.history(session, claim=claim)))
    photos = storage_repository.photos_of(session, claim_id=claim.id)
    bodies = [row.body for row in estimates_repository.versions(session, claim_id=claim.id)]
    who = auth_repository.emails_of(session, user_ids=review_view.actor_ids(review.findings, bodies))
    return {
        "review": review,
        "staff_names": {str(k): v for k, v in who.items()},
        "can_correct": user.role in ADJUSTER_ROLES and claim.state is ClaimState.UNDER_REVIEW,
        "review_photos": review_view.review_photos(
            photos, review.findings, quality_json=assessment.quality_json, assessed_at=assessment.created_at
        ),
        "photo_labels": review_view.photo_labels,
        "diagram_zones": review_view.diagram_zones(),
        "diagram_viewbox": review_view.DIAGRAM_VIEWBOX,
        "damage_types": list(DamageType),
        "severities": list(Severity),
        "sides": list(Side),
        "correction_reasons": list(CorrectionReason),
        "reject_reasons": list(REJECT_REASONS),
        "finding_parts": list(PartCode),
    }


FormText = Annotated[str, Form(max_length=500)]


@router.post("/web/claims/{claim_id}/findings/corrections")
def correct(
    claim_id: uuid.UUID,
    session: SessionDep,
    catalog: CatalogDep,
    user: PageUser,
    _csrf: CsrfChecked,
    action: Annotated[str, Form(max_length=16)],
    finding_id: FormText = "",
    photo_id: FormText = "",
    x1: FormText = "",
    y1: FormText = "",
    x2: FormText = "",
    y2: FormText = "",
    damage_type: FormText = "",
    part: FormText = "",
    side: FormText = "",
    severity: FormText = "",
    origin: FormText = "",
    reason: FormText = "",
    note: FormText = "",
) -> Response:
    """One correction of the findings (add a missed damage, change or reject a finding): the
    API's batch of one, through the same service; the parts it touches are re-priced."""
    require(user, *ADJUSTER_ROLES)
    given = {
        "finding_id": finding_id,
        "photo_id": photo_id,
        "damage_type": damage_type,
        "part": part,
        "side": side,
        "severity": severity,
        "origin": origin,
        "reason": reason,
        "note": note,
    }
    correction: dict[str, Any] = {"action": action, **{k: v for k, v in given.items() if v}}
    if action == "add":
        correction["xyxy"] = [x1, y1, x2, y2]
    body = FindingCorrectionsCreate.model_validate({"corrections": [correction], "note": note})
    claim = claims.get_visible_claim(session, claim_id=claim_id, user=user, for_update=True)
    corrections.correct_findings(session, claim=claim, actor=Actor.of(user), corrections=body, catalog=catalog)
    return redirect(f"/web/claims/{claim.id}#review")


@router.post("/web/claims/{claim_id}/assess")
def assess(
    claim_id: uuid.UUID,
    session: SessionDep,
    state: StateDep,
    user: PageUser,
    _csrf: CsrfChecked,
) -> Response:
    """Queue the assessment, as ``POST /claims/{id}/assessments`` does; the claim page follows
    the job (its card refreshes the page until the job is done)."""
    require(user, *ADJUSTER_ROLES)
    get_detector(state)  # 503 at once where no detector is loaded
    claim = claims.get_visible_claim(session, claim_id=claim_id, user=user, for_update=True)
    job = assessments.request_assessment(
        session, claim=claim, actor=Actor.of(user), max_attempts=state.settings.jobs.max_attempts
    )
    end_transaction(session)  # the job is committed before the runner is told of it
    hand_to_runner(job, state=state)
    return redirect(f"/web/claims/{claim.id}#jobs")


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
