"""Bank account numbers: what is accepted and how one is shown.

>>> normalise_account(" 6222 0212 3456 7890 ")
'6222021234567890'
>>> mask_account("6222021234567890")
'**** **** **** 7890'
"""

from __future__ import annotations

import re

from api.payments.errors import InvalidPayee

ACCOUNT_DIGITS = (12, 19)  # Chinese bank cards and personal accounts: 12 to 19 digits
_SEPARATORS = re.compile(r"[\s-]")
_NAME = re.compile(r"^[\u3400-\u9fffA-Za-z·.' ]+$")


def normalise_account(text: str) -> str:
    digits = _SEPARATORS.sub("", text)
    low, high = ACCOUNT_DIGITS
    if not digits.isascii() or not digits.isdigit() or not low <= len(digits) <= high:
        raise InvalidPayee(f"The account number is {low} to {high} digits.", field="account_number")
    return digits


def normalise_name(text: str, *, field: str) -> str:
    name = " ".join(text.split())
    if not 2 <= len(name) <= 50 or not _NAME.match(name):
        raise InvalidPayee("A name is 2 to 50 letters or Chinese characters.", field=field)
    return name


def mask_account(account: str) -> str:
    """All but the last four digits hidden."""
    return f"**** **** **** {account[-4:]}"
