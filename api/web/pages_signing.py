"""The customer signs the approved estimate on the phone and gives the payee; the roles that pay
record the transfer. Presentation only: every action is the same service call the API makes
(``api.signing.service``, ``api.payments.service``)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request, Response
from sqlalchemy.orm import Session

from api.auth.roles import Role
from api.claims import service as claims
from api.db.base import utcnow
from api.db.models import Claim, User
from api.deps import SessionDep, StateDep, end_transaction
from api.estimates import repository as estimates_repository
from api.payments import repository as payments_repository
from api.payments import service as payments
from api.payments.errors import InvalidPayee
from api.schemas import MAX_VERSION
from api.signing import repository as signing_repository
from api.signing import service as signing
from api.signing.codes import signing_key
from api.signing.endpoints import device_of
from api.signing.errors import CodeExpired, CodeInvalid
from api.web.render import PageRoute, redirect
from api.web.session import CsrfChecked, PageUser, require
from api.workflow.states import ClaimState

router = APIRouter(route_class=PageRoute, include_in_schema=False)
Version = Annotated[int, Path(ge=1, le=MAX_VERSION)]


def signing_context(session: Session, *, claim: Claim, user: User) -> dict[str, Any]:
    """What the claim page shows of signing and payment: the version to sign, its signature, the
    payment as the viewer may see it, and whether the viewer may record the transfer."""
    latest = estimates_repository.latest(session, claim_id=claim.id)
    signature = signing.current_signature(session, claim=claim)
    payment = payments_repository.of_claim(session, claim_id=claim.id)
    signatures = signing_repository.signatures(session, claim_id=claim.id)
    now = utcnow()
    live = [c for c in signing_repository.live_codes(session, claim_id=claim.id) if c.expires_at > now]
    return {
        "sign_version": latest.version
        if latest is not None and latest.approved_at is not None and claim.state is ClaimState.ASSESSED
        else None,
        "signature": signature or (signatures[-1] if signatures else None),
        "payment": payments.view(session, claim=claim, payment=payment, role=user.role) if payment else None,
        "payment_open": claim.state is ClaimState.AWAITING_PAYMENT and signature is not None,
        "may_pay": payments.sees_account(user.role),
        "code_minutes": int(signing.CODE_TTL.total_seconds() // 60),
        # A code sent and still good: the form to enter it stays on the page (e.g. after reading the inbox).
        "code_live": bool(live) and live[0].attempts < signing.MAX_ATTEMPTS,
    }


def _back(claim_id: uuid.UUID, **flags: str) -> Response:
    query = "&".join(f"{k}={v}" for k, v in flags.items())
    return redirect(f"/web/claims/{claim_id}{'?' + query if query else ''}#sign")


@router.post("/web/claims/{claim_id}/estimates/{version}/signing-code")
def request_code(
    claim_id: uuid.UUID, version: Version, session: SessionDep, state: StateDep, user: PageUser, _csrf: CsrfChecked
) -> Response:
    require(user, Role.CUSTOMER)
    claim = claims.get_visible_claim(session, claim_id=claim_id, user=user, for_update=True)
    key = signing_key(state.tokens.secret)
    signing.request_code(session, claim=claim, version=version, user=user, key=key, now=utcnow())
    return _back(claim.id, sign="sent")


@router.post("/web/claims/{claim_id}/estimates/{version}/signature")
def sign(
    claim_id: uuid.UUID,
    version: Version,
    request: Request,
    session: SessionDep,
    state: StateDep,
    user: PageUser,
    _csrf: CsrfChecked,
    code: Annotated[str, Form(max_length=20)],
) -> Response:
    require(user, Role.CUSTOMER)
    claim = claims.get_visible_claim(session, claim_id=claim_id, user=user, for_update=True)
    key = signing_key(state.tokens.secret)
    result = signing.confirm(
        session,
        claim=claim,
        version=version,
        user=user,
        code=code,
        key=key,
        device=device_of(request),
        now=utcnow(),
    )
    if isinstance(result.refused, CodeInvalid):
        end_transaction(session)  # the spent attempt stays counted
        return _back(claim.id, sign="wrong", left=str(result.refused.extra["attempts_left"]))
    if isinstance(result.refused, CodeExpired):
        end_transaction(session)
        return _back(claim.id, sign="expired")
    return _back(claim.id, sign="done")


@router.post("/web/claims/{claim_id}/payment")
def set_payee(
    claim_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    state: StateDep,
    user: PageUser,
    _csrf: CsrfChecked,
    payee_name: Annotated[str, Form(max_length=100)],
    bank_name: Annotated[str, Form(max_length=100)],
    account_number: Annotated[str, Form(max_length=40)],
) -> Response:
    require(user, Role.CUSTOMER)
    claim = claims.get_visible_claim(session, claim_id=claim_id, user=user, for_update=True)
    try:
        payments.set_payee(
            session,
            claim=claim,
            payee_name=payee_name,
            bank_name=bank_name,
            account_number=account_number,
            now=utcnow(),
        )
    except InvalidPayee as exc:  # the claim page again with what was typed, the field marked
        from api.web.pages_customer import claim_response

        typed = {"payee_name": payee_name, "bank_name": bank_name, "account_number": account_number}
        refused = str(exc.extra.get("field", "account_number"))
        extra: dict[str, object] = {"payee_form": typed, "payee_refused": refused}
        return claim_response(request, session, state, user, claim_id=claim.id, extra=extra, status_code=422)
    return _back(claim.id, payee="saved")


@router.post("/web/claims/{claim_id}/payment/paid")
def mark_paid(claim_id: uuid.UUID, session: SessionDep, user: PageUser, _csrf: CsrfChecked) -> Response:
    require(user, *sorted(payments.PAYING_ROLES))
    claim = claims.get_visible_claim(session, claim_id=claim_id, user=user, for_update=True)
    payments.mark_paid(session, claim=claim, user=user, now=utcnow())
    return _back(claim.id)


@router.post("/web/claims/{claim_id}/payment/failed")
def mark_failed(
    claim_id: uuid.UUID,
    session: SessionDep,
    user: PageUser,
    _csrf: CsrfChecked,
    reason: Annotated[str, Form(min_length=1, max_length=500)],
) -> Response:
    require(user, *sorted(payments.PAYING_ROLES))
    claim = claims.get_visible_claim(session, claim_id=claim_id, user=user, for_update=True)
    payments.mark_failed(session, claim=claim, user=user, reason=reason, now=utcnow())
    return _back(claim.id)
