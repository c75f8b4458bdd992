from __future__ import annotations

from enum import StrEnum


class PaymentStatus(StrEnum):
    PENDING = "pending"  # payee entered; the insurer is to pay
    PAID = "paid"
    FAILED = "failed"  # the transfer was refused (e.g. a wrong account); the customer corrects it
