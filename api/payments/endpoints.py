"""The claim's payment: the customer gives the payee and account; the roles that pay record the
transfer's outcome; whoever may read the claim reads the payment (the account masked but for
the roles that pay)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, status

from api.auth.roles import Role
from api.claims.service import get_visible_claim
from api.db.base import utcnow
from api.db.models import User
from api.deps import CurrentUser, CustomerUser, SessionDep, require_roles
from api.errors import problem_responses
from api.payments import service
from api.payments.schemas import PayeeCreate, PaymentFailedCreate, PaymentRead

router = APIRouter(prefix="/claims/{claim_id}/payment", tags=["payments"])

PayerUser = Annotated[User, Depends(require_roles(*sorted(service.PAYING_ROLES)))]


@router.put("", responses=problem_responses(401, 403, 404, 409, 422))
def set_payee(claim_id: uuid.UUID, body: PayeeCreate, session: SessionDep, user: CustomerUser) -> PaymentRead:
    """Give (or, after a failed transfer, correct) the payee and bank account; the payment is
    pending. Needs the claim awaiting payment with its approved estimate signed (409)."""
    claim = get_visible_claim(session, claim_id=claim_id, user=user, for_update=True)
    payment = service.set_payee(
        session,
        claim=claim,
        payee_name=body.payee_name,
        bank_name=body.bank_name,
        account_number=body.account_number,
        now=utcnow(),
    )
    return service.view(session, claim=claim, payment=payment, role=Role.CUSTOMER)


@router.get("", responses=problem_responses(401, 404, 422))
def read_payment(claim_id: uuid.UUID, session: SessionDep, user: CurrentUser) -> PaymentRead:
    claim = get_visible_claim(session, claim_id=claim_id, user=user)
    payment = service.payment_of(session, claim=claim)
    return service.view(session, claim=claim, payment=payment, role=user.role)


@router.post("/paid", status_code=status.HTTP_200_OK, responses=problem_responses(401, 403, 404, 409, 422))
def mark_paid(claim_id: uuid.UUID, session: SessionDep, user: PayerUser) -> PaymentRead:
    """The transfer went through: the amount due (the signed estimate's payable plus complaint
    adjustments) is recorded as paid and the claim closes."""
    claim = get_visible_claim(session, claim_id=claim_id, user=user, for_update=True)
    payment = service.mark_paid(session, claim=claim, user=user, now=utcnow())
    return service.view(session, claim=claim, payment=payment, role=user.role)


@router.post("/failed", responses=problem_responses(401, 403, 404, 409, 422))
def mark_failed(claim_id: uuid.UUID, body: PaymentFailedCreate, session: SessionDep, user: PayerUser) -> PaymentRead:
    """The transfer was refused; the customer corrects the account (PUT) and it is pending again."""
    claim = get_visible_claim(session, claim_id=claim_id, user=user, for_update=True)
    payment = service.mark_failed(session, claim=claim, user=user, reason=body.reason, now=utcnow())
    return service.view(session, claim=claim, payment=payment, role=user.role)
