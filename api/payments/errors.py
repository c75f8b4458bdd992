from __future__ import annotations

from api.errors import Conflict, InvalidInput, NotFound


class InvalidPayee(InvalidInput):
    code = "invalid-payee"
    title = "Invalid payee details"


class NoPayment(NotFound):
    code = "no-payment"
    title = "No payment for this claim"


class PaymentNotOpen(Conflict):
    """Payee details or a payment outcome given when the claim is not waiting for payment, or
    a move the payment's status does not allow."""

    code = "payment-not-open"
    title = "Payment cannot change now"


class SignatureNeeded(Conflict):
    code = "signature-needed"
    title = "The approved estimate is not signed"
