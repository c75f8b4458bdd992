from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from api.payments.accounts import mask_account
from api.payments.models import Payment
from api.payments.states import PaymentStatus
from api.schemas import Money as MoneyOut
from pricing import Money


class PayeeCreate(BaseModel):
    """Personal data: kept for paying, never logged, the account shown masked."""

    model_config = ConfigDict(extra="forbid", hide_input_in_errors=True)

    payee_name: str = Field(min_length=1, max_length=100, examples=["张伟"])
    bank_name: str = Field(min_length=1, max_length=100, examples=["中国工商银行"])
    account_number: str = Field(min_length=1, max_length=40, examples=["6222 0212 3456 7890"])


class PaymentFailedCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=1, max_length=500, examples=["账户名与账号不符，银行退回"])


class PaymentRead(BaseModel):
    claim_id: uuid.UUID
    status: PaymentStatus
    payee_name: str
    bank_name: str
    account_number: str = Field(description="Masked (last four digits) but for the roles that pay")
    account_masked: bool
    amount: MoneyOut = Field(description="Paid: the amount paid; otherwise the amount due now")
    estimate_version: int = Field(description="The signed estimate version the payment rests on")
    paid_at: datetime | None
    failed_at: datetime | None
    failure_reason: str

    @classmethod
    def of(cls, row: Payment, *, due: Money, estimate_version: int, full_account: bool) -> PaymentRead:
        amount = Money.of(row.amount, row.currency) if row.amount is not None else due.quantized()
        return cls(
            claim_id=row.claim_id,
            status=row.status,
            payee_name=row.payee_name,
            bank_name=row.bank_name,
            account_number=row.account_number if full_account else mask_account(row.account_number),
            account_masked=not full_account,
            amount=MoneyOut.model_validate({"amount": amount.amount, "currency": amount.currency}),
            estimate_version=estimate_version,
            paid_at=row.paid_at,
            failed_at=row.failed_at,
            failure_reason=row.failure_reason,
        )
