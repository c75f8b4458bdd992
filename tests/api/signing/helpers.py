"""Signing in tests: the code is read from what the notification channel sent (the recording
sender behind the outbox), never from the database."""

from __future__ import annotations

import re
import uuid
from typing import Any

from sqlalchemy import select

from api.db.base import utcnow
from api.notifications.models import InboxMessage
from api.notifications.senders import RecordingSender
from api.notifications.service import dispatch_pending
from api.notifications.topics import Topic
from tests.fixtures.harness import Harness

_CODE = re.compile(r"(?<!\d)(\d{6})(?!\d)")


def sent_code(h: Harness, user_id: uuid.UUID | str) -> str:
    """The latest one-time code sent to ``user_id``."""
    sender = RecordingSender()
    dispatch_pending(h.state.session_factory, sender=sender, now=utcnow())
    sent = [n.message for n in sender.sent if n.topic == Topic.ONE_TIME_CODE and str(n.recipient_id) == str(user_id)]
    if not sent:  # the user's channel is the in-app inbox: read what it was given
        sent = _inbox_messages(h, uuid.UUID(str(user_id)))
    assert sent, "no one-time code was sent to the user"
    found = _CODE.findall(sent[-1])
    assert len(found) == 1, sent[-1]
    return str(found[0])


def _inbox_messages(h: Harness, user_id: uuid.UUID) -> list[str]:
    query = (
        select(InboxMessage)
        .where(InboxMessage.user_id == user_id, InboxMessage.topic == Topic.ONE_TIME_CODE)
        .order_by(InboxMessage.created_at, InboxMessage.id)
    )
    with h.session() as session:
        return [row.body for row in session.scalars(query).all()]


def request_code(h: Harness, claim_id: str, headers: dict[str, str], version: int = 1) -> Any:
    return h.client.post(f"/claims/{claim_id}/estimates/{version}/signing-code", headers=headers)


def sign(h: Harness, claim_id: str, headers: dict[str, str], code: str, version: int = 1) -> Any:
    return h.client.post(
        f"/claims/{claim_id}/estimates/{version}/signature",
        json={"code": code},
        headers={**headers, "User-Agent": "Mozilla/5.0 (iPhone) test"},
    )


def signed_claim(h: Harness) -> tuple[Any, dict[str, str], str]:
    """A customer's claim whose approved version 1 is signed: awaiting payment."""
    from tests.api.disputes.helpers import assessed_claim

    customer, headers, claim_id = assessed_claim(h)
    assert request_code(h, claim_id, headers).status_code == 202
    signed = sign(h, claim_id, headers, sent_code(h, customer.id))
    assert signed.status_code == 201, signed.text
    return customer, headers, claim_id


PAYEE = {"payee_name": "张伟", "bank_name": "中国工商银行", "account_number": "6222 0212 3456 7890"}


def approved_claim(h: Harness, customer: dict[str, str]) -> str:
    """A claim of ``customer`` whose estimate version 1 is approved (through the API)."""
    from api.auth.roles import Role
    from tests.api.estimates.helpers import assessed_claim, price

    claim_id = assessed_claim(h, customer, parts=[("front_bumper", "minor")])
    senior = h.login(Role.SENIOR_ADJUSTER)[1]
    price(h, claim_id, senior)
    approved = h.client.post(f"/claims/{claim_id}/estimates/1/approve", headers=senior)
    assert approved.status_code == 200, approved.text
    return claim_id


def signed_claim_of(h: Harness, customer: dict[str, str], *, payee: bool) -> str:
    claim_id = approved_claim(h, customer)
    me = h.client.get("/auth/me", headers=customer).json()["id"]
    assert request_code(h, claim_id, customer).status_code == 202
    assert sign(h, claim_id, customer, sent_code(h, me)).status_code == 201
    if payee:
        assert h.client.put(f"/claims/{claim_id}/payment", json=PAYEE, headers=customer).status_code == 200
    return claim_id


def matrix_claim(h: Harness, owner: dict[str, str], method: str, path: str, spares: dict[str, str]) -> str:
    """For the authorization matrix: a claim of ``owner`` in the state the route acts on. A call
    that changes it (a code, a signature, a payment's outcome) gets its own, kept until a call
    succeeds on it (the matrix then drops ``spares[path]``)."""
    if method == "GET" or path.endswith("/payment"):
        key = "signing:signed"
        if key not in spares:
            spares[key] = signed_claim_of(h, owner, payee=True)
        return spares[key]
    if path not in spares:
        if path.endswith(("/signing-code", "/signature")):
            spares[path] = approved_claim(h, owner)
        else:
            spares[path] = signed_claim_of(h, owner, payee=True)
    return spares[path]


def matrix_signature_body(h: Harness, headers: dict[str, str], claim_id: str, *, owner: bool) -> dict[str, Any]:
    """The owner signs with the code sent to them; anyone else tries a code of their own."""
    if not owner:
        return {"json": {"code": "000000"}}
    assert request_code(h, claim_id, headers).status_code == 202
    me = h.client.get("/auth/me", headers=headers).json()["id"]
    return {"json": {"code": sent_code(h, me)}}
