"""Paying the customer once the approved estimate is signed.

The customer gives the payee and bank account (one payment record per claim, pending); the
roles that pay (supervisor, admin) mark it paid, which closes the claim through the payment
gate, or failed (a refused transfer), after which the customer corrects the account and it is
pending again. The amount paid is the signed version's payable plus the payment adjustments
complaint decisions added (``api.disputes.delivery.payable``), fixed when marked paid.
"""

from __future__ import annotations

from datetime import datetime

import structlog
from sqlalchemy.orm import Session

from api.auth.actor import Actor
from api.auth.roles import Role
from api.db.models import Claim, User
from api.disputes.delivery import payable
from api.disputes.wording import ensure_neutral
from api.notifications import Topic, notify_user
from api.payments import repository
from api.payments.accounts import normalise_account, normalise_name
from api.payments.errors import InvalidPayee, NoPayment, PaymentNotOpen, SignatureNeeded
from api.payments.models import Payment
from api.payments.schemas import PaymentRead
from api.payments.states import PaymentStatus
from api.reasons import Reason, TextCode
from api.signing import service as signing
from api.signing.models import EstimateSignature
from api.workflow import service as workflow
from api.workflow.states import ClaimState, Gate
from pricing import Money

log = structlog.get_logger(__name__)

# The roles that pay, and so see the whole account number (no finance role exists yet).
PAYING_ROLES = frozenset({Role.SUPERVISOR, Role.ADMIN})


def sees_account(role: Role) -> bool:
    return role in PAYING_ROLES


def _signed(session: Session, *, claim: Claim) -> EstimateSignature:
    signature = signing.current_signature(session, claim=claim)
    if signature is None:
        raise SignatureNeeded("The claim's latest approved estimate version is not signed; sign it first.")
    if not signing.binding_intact(session, signature=signature):
        raise SignatureNeeded("The signed estimate version no longer matches what was signed.")
    return signature


def set_payee(
    session: Session, *, claim: Claim, payee_name: str, bank_name: str, account_number: str, now: datetime
) -> Payment:
    """Record (or correct, after a failed transfer) who is paid into which account."""
    if claim.state is not ClaimState.AWAITING_PAYMENT:
        raise PaymentNotOpen(f"The claim is not waiting for payment (its state is '{claim.state}').")
    signature = _signed(session, claim=claim)
    fields = {
        "payee_name": normalise_name(payee_name, field="payee_name"),
        "bank_name": normalise_name(bank_name, field="bank_name"),
        "account_number": normalise_account(account_number),
    }
    payment = repository.of_claim(session, claim_id=claim.id)
    if payment is None:
        payment = Payment(claim_id=claim.id, currency=claim.currency, signature_id=signature.id, **fields)
        repository.add(session, payment)
    elif payment.status is PaymentStatus.PAID:
        raise PaymentNotOpen("The claim is already paid.")
    else:
        for name, value in fields.items():
            setattr(payment, name, value)
        payment.signature_id = signature.id
        payment.status, payment.failure_reason = PaymentStatus.PENDING, ""
        payment.updated_at = now
    session.flush()
    log.info("payment.payee_set", claim_id=str(claim.id))  # no name, no account number
    return payment


def payment_of(session: Session, *, claim: Claim) -> Payment:
    payment = repository.of_claim(session, claim_id=claim.id)
    if payment is None:
        raise NoPayment("No payee has been given for this claim yet.")
    return payment


def amount_due(session: Session, *, claim: Claim) -> Money:
    return payable(session, claim=claim).total


def _pending(session: Session, *, claim: Claim) -> Payment:
    payment = payment_of(session, claim=claim)
    if claim.state is not ClaimState.AWAITING_PAYMENT or payment.status is not PaymentStatus.PENDING:
        raise PaymentNotOpen(f"The payment is {payment.status} and the claim '{claim.state}'; nothing to mark.")
    return payment


def mark_paid(session: Session, *, claim: Claim, user: User, now: datetime) -> Payment:
    """The transfer went through: the amount due is fixed and the claim closes."""
    payment = _pending(session, claim=claim)
    signature = _signed(session, claim=claim)
    if signature.id != payment.signature_id:
        raise SignatureNeeded("The estimate was signed again since the payee was given; confirm the payee.")
    due = amount_due(session, claim=claim)
    if due.amount <= 0:
        raise PaymentNotOpen("Nothing is payable on this claim.")
    payment.amount, payment.currency = due.quantized().amount, due.currency
    payment.status, payment.paid_at = PaymentStatus.PAID, now
    payment.updated_by, payment.updated_by_role, payment.updated_at = user.id, user.role, now
    workflow.transition(
        session,
        claim=claim,
        to=ClaimState.CLOSED,
        actor=Actor.of(user),
        reason=Reason(TextCode.PAID, {"amount": str(payment.amount), "currency": payment.currency}),
        gate=Gate.PAYMENT,
    )
    amount = f"{payment.amount:.2f}"
    customer, params = claim.customer_id, {"amount": amount}
    notify_user(session, user_id=customer, topic=Topic.PAYMENT_MADE, params=params, claim_id=claim.id, now=now)
    log.info("payment.paid", claim_id=str(claim.id), amount=str(payment.amount))
    return payment


def mark_failed(session: Session, *, claim: Claim, user: User, reason: str, now: datetime) -> Payment:
    """The transfer was refused; the customer is asked to correct the account."""
    payment = _pending(session, claim=claim)
    if not reason.strip():
        raise InvalidPayee("Say why the transfer failed.", field="reason")
    ensure_neutral(reason=reason)  # the customer reads it beside their payment
    payment.status, payment.failed_at, payment.failure_reason = PaymentStatus.FAILED, now, reason.strip()
    payment.updated_by, payment.updated_by_role, payment.updated_at = user.id, user.role, now
    session.flush()
    log.info("payment.failed", claim_id=str(claim.id))
    return payment


def view(session: Session, *, claim: Claim, payment: Payment, role: Role) -> PaymentRead:
    """The payment as ``role`` may see it (the account masked but for the paying roles)."""
    signature = session.get(EstimateSignature, payment.signature_id)
    assert signature is not None
    return PaymentRead.of(
        payment,
        due=amount_due(session, claim=claim),
        estimate_version=signature.estimate_version,
        full_account=sees_account(role),
    )
