"""The customer's training consent on the claim page: give it later or withdraw it, through the
service ``PUT /claims/{id}/training-consent`` calls (``api.claims.consent``); presentation only."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Form, Response

from api.auth.actor import Actor
from api.auth.roles import Role
from api.claims import consent
from api.claims import service as claims
from api.db.base import utcnow
from api.deps import SessionDep
from api.web.render import PageRoute, redirect
from api.web.session import CsrfChecked, PageUser, require

router = APIRouter(route_class=PageRoute, include_in_schema=False)


@router.post("/web/claims/{claim_id}/training-consent")
def set_training_consent(
    claim_id: uuid.UUID,
    session: SessionDep,
    user: PageUser,
    _csrf: CsrfChecked,
    given: Annotated[bool, Form()],
) -> Response:
    """Give or withdraw the training consent, as ``PUT /claims/{id}/training-consent`` does."""
    require(user, Role.CUSTOMER)
    claim = claims.get_visible_claim(session, claim_id=claim_id, user=user, for_update=True)
    consent.set_training_consent(session, claim=claim, actor=Actor.of(user), given=given, now=utcnow())
    return redirect(f"/web/claims/{claim.id}#consent")
