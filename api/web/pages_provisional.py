"""The customer's photos are in (a button on the capture page) and, on the claim page, the
provisional estimate's straight-through decision: approved by the rule set, or why it goes to an
adjuster and by when. The same service as ``POST /claims/{id}/photos/submission``."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Response
from sqlalchemy.orm import Session

from api.auth.actor import Actor
from api.auth.roles import Role
from api.claims import service as claims
from api.db.models import Claim
from api.deps import SessionDep, StateDep, end_transaction
from api.jobs.endpoints import hand_to_runner
from api.straight_through import repository
from api.straight_through import service as straight_through
from api.straight_through.models import Outcome
from api.web.render import PageRoute, redirect
from api.web.session import CsrfChecked, PageUser, require

router = APIRouter(route_class=PageRoute, include_in_schema=False)


@router.post("/web/claims/{claim_id}/capture/submit")
def submit_photos(
    claim_id: uuid.UUID, session: SessionDep, state: StateDep, user: PageUser, _csrf: CsrfChecked
) -> Response:
    require(user, Role.CUSTOMER)
    claim = claims.get_visible_claim(session, claim_id=claim_id, user=user, for_update=True)
    job = straight_through.submit_photos(
        session, claim=claim, actor=Actor.of(user), max_attempts=state.settings.jobs.max_attempts
    )
    end_transaction(session)  # the job is committed before the runner is told
    hand_to_runner(job, state=state)
    return redirect(f"/web/claims/{claim.id}#provisional")


def provisional_context(session: Session, *, claim: Claim) -> dict[str, Any]:
    """The latest decision as the claim page shows it: approved, or each failed rule's reason and
    the published deadline."""
    decision = repository.latest(session, claim_id=claim.id)
    if decision is None:
        return {"provisional": None}
    return {
        "provisional": {
            "approved": decision.outcome is Outcome.APPROVED,
            "rule_set": decision.rule_set,
            "version": decision.estimate_version,
            "failed": [r for r in decision.rules if not r["passed"]],
            "passed": [r for r in decision.rules if r["passed"]],
            "due_at": claim.assessment_due_at,
        }
    }
