"""The customer's training consent for a claim (PIPL: a separate consent, withdrawable at any time):
given when the claim is reported or later, withdrawn from the claim page or the API. One service
for both, one policy (the claim's own customer, nobody else), each change audited.

A withdrawal takes effect for every labels export made after it (``api.labels`` reads the flag at
export time); a folder exported before it names the claim's images in its manifest, so they can be
found and deleted.
"""

from __future__ import annotations

from datetime import datetime

import structlog
from sqlalchemy.orm import Session

from api.auth.actor import Actor
from api.auth.roles import Role
from api.claims.errors import ConsentNotYours
from api.db.models import Claim
from api.workflow.service import record
from api.workflow.states import AuditAction

log = structlog.get_logger(__name__)


def may_set_training_consent(actor: Actor, claim: Claim) -> bool:
    """Only the claim's own customer gives or withdraws consent to train on its photos."""
    return actor.role is Role.CUSTOMER and actor.user_id == claim.customer_id


def set_training_consent(session: Session, *, claim: Claim, actor: Actor, given: bool, now: datetime) -> Claim:
    """Give (``given``) or withdraw the training consent for ``claim`` and audit the change; the
    same answer again changes nothing and writes nothing. The caller holds the claim's row lock
    (``get_visible_claim(..., for_update=True)``) and commits."""
    if not may_set_training_consent(actor, claim):
        raise ConsentNotYours("Only the claim's customer may give or withdraw the training consent.")
    if claim.training_consent is given:
        return claim
    claim.training_consent = given
    if given:
        claim.training_consent_at, claim.training_consent_withdrawn_at = now, None
    else:
        claim.training_consent_withdrawn_at = now
    action = AuditAction.TRAINING_CONSENT_GIVEN if given else AuditAction.TRAINING_CONSENT_WITHDRAWN
    record(session, claim=claim, action=action, actor=actor, at=now)
    session.flush()
    log.info("claim.training_consent_set", claim_id=str(claim.id), given=given)
    return claim
