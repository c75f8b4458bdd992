"""The customer signs the approved estimate version: ask for a code, confirm with it; anyone who
may read the claim reads the signature."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request, status

from api.claims.service import get_visible_claim
from api.db.base import utcnow
from api.deps import CurrentUser, CustomerUser, SessionDep, StateDep, end_transaction
from api.errors import problem_responses
from api.estimates.endpoints import Version
from api.signing import service
from api.signing.codes import signing_key
from api.signing.schemas import SignatureCreate, SignatureRead, SigningCodeSent

router = APIRouter(prefix="/claims/{claim_id}/estimates/{version}", tags=["signing"])


def device_of(request: Request) -> service.Device:
    return service.Device(
        user_agent=request.headers.get("user-agent", ""), ip=request.client.host if request.client else ""
    )


@router.post(
    "/signing-code", status_code=status.HTTP_202_ACCEPTED, responses=problem_responses(401, 403, 404, 409, 422, 429)
)
def request_code(
    claim_id: uuid.UUID, version: Version, session: SessionDep, state: StateDep, user: CustomerUser
) -> SigningCodeSent:
    """Send a one-time code for signing the claim's latest approved version through the
    customer's notification channel (409 for a draft or superseded version; 429 when asked again
    within a minute, or more than 5 times an hour)."""
    claim = get_visible_claim(session, claim_id=claim_id, user=user, for_update=True)
    key = signing_key(state.tokens.secret)
    row = service.request_code(session, claim=claim, version=version, user=user, key=key, now=utcnow())
    return SigningCodeSent(
        estimate_version=row.estimate_version,
        expires_at=row.expires_at,
        attempts_allowed=service.MAX_ATTEMPTS,
        resend_after_seconds=int(service.RESEND_AFTER.total_seconds()),
    )


@router.post("/signature", status_code=status.HTTP_201_CREATED, responses=problem_responses(401, 403, 404, 409, 422))
def sign(
    claim_id: uuid.UUID,
    version: Version,
    body: SignatureCreate,
    request: Request,
    session: SessionDep,
    state: StateDep,
    user: CustomerUser,
) -> SignatureRead:
    """Sign the version with the code: the signature binds the version's content hash, the time,
    the device and the customer, and the claim moves to awaiting payment. A wrong code is 422
    and counts one of 5 attempts; an expired or used-up code is 409."""
    claim = get_visible_claim(session, claim_id=claim_id, user=user, for_update=True)
    key = signing_key(state.tokens.secret)
    result = service.confirm(
        session,
        claim=claim,
        version=version,
        user=user,
        code=body.code,
        key=key,
        device=device_of(request),
        now=utcnow(),
    )
    if result.refused is not None:
        end_transaction(session)  # the spent attempt stays counted
        raise result.refused
    assert result.signature is not None
    return SignatureRead.of(result.signature, intact=True)


@router.get("/signature", responses=problem_responses(401, 404, 422))
def read_signature(claim_id: uuid.UUID, version: Version, session: SessionDep, user: CurrentUser) -> SignatureRead:
    """The version's signature, and whether the stored version still hashes to what was signed."""
    claim = get_visible_claim(session, claim_id=claim_id, user=user)
    row = service.signature_of(session, claim=claim, version=version)
    return SignatureRead.of(row, intact=service.binding_intact(session, signature=row))
