from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from api.auth.roles import Role
from api.db.base import utcnow
from api.db.models import Claim, EstimateVersion
from api.signing import endpoints as signing_endpoints
from api.signing.models import SigningCode
from api.signing.service import MAX_ATTEMPTS
from tests.api.disputes.helpers import assessed_claim
from tests.api.signing.helpers import request_code, sent_code, sign
from tests.fixtures.harness import Harness

PROBLEM = "application/problem+json"


def _state(h: Harness, claim_id: str) -> str:
    with h.session() as session:
        claim = session.get(Claim, uuid.UUID(claim_id))
        assert claim is not None
        return claim.state.value


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_the_code_sent_signs_the_approved_version_and_the_claim_awaits_payment(harness: Harness) -> None:
    h = harness
    customer, headers, claim_id = assessed_claim(h)

    sent = request_code(h, claim_id, headers)
    assert sent.status_code == 202, sent.text
    assert sent.json()["attempts_allowed"] == MAX_ATTEMPTS and sent.json()["estimate_version"] == 1
    code = sent_code(h, customer.id)
    signed = sign(h, claim_id, headers, code)

    assert signed.status_code == 201, signed.text
    body = signed.json()
    assert body["estimate_version"] == 1 and body["signed_by"] == str(customer.id)
    assert len(body["content_sha256"]) == 64 and body["binding_intact"] is True
    assert body["user_agent"] == "Mozilla/5.0 (iPhone) test"
    assert _state(h, claim_id) == "awaiting_payment"
    with h.session() as session:  # only a keyed hash of the code is kept
        (row,) = session.scalars(select(SigningCode).where(SigningCode.claim_id == uuid.UUID(claim_id))).all()
        assert code not in row.code_hash and len(row.code_hash) == 64 and row.used_at is not None
    staff = h.login(Role.COMPLAINT_HANDLER)[1]
    read = h.client.get(f"/claims/{claim_id}/estimates/1/signature", headers=staff)
    assert read.status_code == 200 and read.json()["content_sha256"] == body["content_sha256"]
    # Signed once: neither a second code nor the same code again.
    assert request_code(h, claim_id, headers).status_code == 409
    assert sign(h, claim_id, headers, code).status_code == 409


def test_a_wrong_code_is_refused_and_counts_an_attempt(harness: Harness) -> None:
    h = harness
    customer, headers, claim_id = assessed_claim(h)
    assert request_code(h, claim_id, headers).status_code == 202
    code = sent_code(h, customer.id)

    wrong = sign(h, claim_id, headers, _wrong(code))

    assert wrong.status_code == 422 and wrong.headers["content-type"] == PROBLEM
    assert wrong.json()["type"].endswith(":signing-code-invalid") and wrong.json()["attempts_left"] == MAX_ATTEMPTS - 1
    assert _state(h, claim_id) == "assessed"
    assert sign(h, claim_id, headers, code).status_code == 201


def test_attempts_exhausted_kill_the_code_even_the_right_one(harness: Harness) -> None:
    h = harness
    customer, headers, claim_id = assessed_claim(h)
    assert request_code(h, claim_id, headers).status_code == 202
    code = sent_code(h, customer.id)
    answers = [sign(h, claim_id, headers, _wrong(code)) for _ in range(MAX_ATTEMPTS)]
    assert [a.json()["attempts_left"] for a in answers] == list(range(MAX_ATTEMPTS - 1, -1, -1))

    late = sign(h, claim_id, headers, code)

    assert late.status_code == 409 and late.json()["type"].endswith(":signing-code-expired")
    assert _state(h, claim_id) == "assessed"


def test_a_code_expires_after_ten_minutes(harness: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    h = harness
    customer, headers, claim_id = assessed_claim(h)
    start = utcnow()
    monkeypatch.setattr(signing_endpoints, "utcnow", lambda: start)
    assert request_code(h, claim_id, headers).status_code == 202
    code = sent_code(h, customer.id)

    monkeypatch.setattr(signing_endpoints, "utcnow", lambda: start + timedelta(minutes=10))
    expired = sign(h, claim_id, headers, code)

    assert expired.status_code == 409 and expired.json()["type"].endswith(":signing-code-expired")
    monkeypatch.setattr(signing_endpoints, "utcnow", lambda: start + timedelta(minutes=9, seconds=59))
    assert sign(h, claim_id, headers, code).status_code == 201


def test_resends_are_throttled_and_a_new_code_replaces_the_old(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    h = harness
    customer, headers, claim_id = assessed_claim(h)
    start = utcnow()
    monkeypatch.setattr(signing_endpoints, "utcnow", lambda: start)
    assert request_code(h, claim_id, headers).status_code == 202
    first = sent_code(h, customer.id)

    again = request_code(h, claim_id, headers)
    assert again.status_code == 429 and int(again.headers["Retry-After"]) == 60
    for minute in range(1, 5):  # five codes in the hour
        monkeypatch.setattr(signing_endpoints, "utcnow", lambda m=minute: start + timedelta(minutes=m))
        assert request_code(h, claim_id, headers).status_code == 202
    latest = sent_code(h, customer.id)
    monkeypatch.setattr(signing_endpoints, "utcnow", lambda: start + timedelta(minutes=6))
    sixth = request_code(h, claim_id, headers)
    assert sixth.status_code == 429 and int(sixth.headers["Retry-After"]) == 54 * 60

    if first != latest:  # the replaced code no longer signs
        assert sign(h, claim_id, headers, first).status_code == 422
    assert sign(h, claim_id, headers, latest).status_code == 201


def test_a_draft_or_superseded_version_cannot_be_signed(harness: Harness) -> None:
    h = harness
    _, headers, claim_id = assessed_claim(h)
    senior = h.login(Role.SENIOR_ADJUSTER)[1]
    withdrawn = h.client.post(
        f"/claims/{claim_id}/transitions", json={"to": "under_review", "reason": "recheck"}, headers=senior
    )
    assert withdrawn.status_code == 200, withdrawn.text
    edit = {"additions": [_addition()]}
    revised = h.client.post(f"/claims/{claim_id}/estimates/1/revisions", json=edit, headers=senior)
    assert revised.status_code == 201, revised.text

    superseded = request_code(h, claim_id, headers, version=1)
    draft = request_code(h, claim_id, headers, version=2)

    for response, words in ((superseded, "superseded by version 2"), (draft, "not approved")):
        assert response.status_code == 409 and response.headers["content-type"] == PROBLEM
        assert response.json()["type"].endswith(":estimate-not-signable") and words in response.json()["detail"]
    assert request_code(h, claim_id, headers, version=9).status_code == 404


def test_a_code_for_a_version_superseded_before_signing_no_longer_signs(harness: Harness) -> None:
    h = harness
    customer, headers, claim_id = assessed_claim(h)
    assert request_code(h, claim_id, headers).status_code == 202
    code = sent_code(h, customer.id)
    senior = h.login(Role.SENIOR_ADJUSTER)[1]
    h.client.post(f"/claims/{claim_id}/transitions", json={"to": "under_review", "reason": "r"}, headers=senior)
    h.client.post(f"/claims/{claim_id}/estimates/1/revisions", json={"additions": [_addition()]}, headers=senior)

    late = sign(h, claim_id, headers, code)

    assert late.status_code == 409 and late.json()["type"].endswith(":estimate-not-signable")


def test_the_signature_binds_the_content_a_changed_version_breaks_it(harness: Harness) -> None:
    h = harness
    customer, headers, claim_id = assessed_claim(h)
    assert request_code(h, claim_id, headers).status_code == 202
    assert sign(h, claim_id, headers, sent_code(h, customer.id)).status_code == 201
    url = f"/claims/{claim_id}/estimates/1/signature"
    assert h.client.get(url, headers=headers).json()["binding_intact"] is True

    with h.session() as session:  # someone edits the stored version behind the service's back
        row = session.scalars(select(EstimateVersion).where(EstimateVersion.claim_id == uuid.UUID(claim_id))).one()
        body = dict(row.body)
        body["note"] = "tampered"
        row.body = body

    assert h.client.get(url, headers=headers).json()["binding_intact"] is False


def test_only_the_claims_customer_signs(harness: Harness) -> None:
    h = harness
    _, headers, claim_id = assessed_claim(h)
    other = h.login(Role.CUSTOMER)[1]
    senior = h.login(Role.SENIOR_ADJUSTER)[1]
    assert request_code(h, claim_id, other).status_code == 404
    assert request_code(h, claim_id, senior).status_code == 403
    # Nor is the acceptance reachable around the signature: the bare move is gated.
    moved = h.client.post(
        f"/claims/{claim_id}/transitions", json={"to": "awaiting_payment", "reason": "ok"}, headers=headers
    )
    assert moved.status_code == 409 and moved.json()["gate"] == "estimate-signature"


def _addition() -> dict[str, object]:
    return {
        "line_id": "hidden/1",
        "kind": "labour",
        "description_zh": "隐蔽损失",
        "amount": {"amount": "100.00", "currency": "CNY"},
        "reason": "hidden_damage",
    }


def test_the_code_goes_by_sms_when_the_customer_chose_it(harness: Harness) -> None:
    """Read from what the SMS channel was given to send (the recording sender), not the inbox."""
    from api.notifications.senders import RecordingSender
    from api.notifications.service import dispatch_pending

    h = harness
    customer, headers, claim_id = assessed_claim(h)
    chosen = h.client.put(
        "/me/notification-preferences", json={"channels": ["sms"], "phone": "13800138000"}, headers=headers
    )
    assert chosen.status_code == 200, chosen.text
    assert request_code(h, claim_id, headers).status_code == 202
    sender = RecordingSender()
    dispatch_pending(h.state.session_factory, sender=sender, now=utcnow())
    [sms] = [n for n in sender.sent if n.topic == "auth.one_time_code"]
    assert sms.channel == "sms" and sms.recipient_id == customer.id and "10 分钟" in sms.message
    code = next(word for word in sms.message.replace("，", " ").split() if word.isdigit() and len(word) == 6)
    assert sign(h, claim_id, headers, code).status_code == 201
