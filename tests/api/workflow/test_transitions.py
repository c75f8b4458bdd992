from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.auth.actor import Actor
from api.auth.roles import Role
from api.db.models import AuditEvent, Claim, OutboxMessage, User
from api.db.models.estimate import EstimateVersion
from api.errors import PROBLEM_MEDIA_TYPE
from api.notifications.topics import Topic
from api.workflow.errors import IllegalTransition, TransitionGated, TransitionNotPermitted
from api.workflow.service import transition
from api.workflow.states import CUSTOMER_STATUS, TRANSITIONS, AuditAction, CaseTier, ClaimState, Gate
from tests.fixtures.harness import Harness


def test_every_state_maps_to_a_customer_status() -> None:
    assert set(CUSTOMER_STATUS) == set(ClaimState)


def test_every_state_is_reachable_from_submitted() -> None:
    seen, frontier = {ClaimState.SUBMITTED}, [ClaimState.SUBMITTED]
    while frontier:
        state = frontier.pop()
        for frm, to in TRANSITIONS:
            if frm == state and to not in seen:
                seen.add(to)
                frontier.append(to)
    assert seen == set(ClaimState)


@pytest.fixture
def db(harness: Harness) -> Iterator[Session]:
    with harness.session() as session:
        yield session


def _claim(session: Session, *, state: ClaimState, tier: CaseTier = CaseTier.NORMAL) -> Claim:
    customer = User(email=f"{uuid.uuid4().hex}@example.test", password_hash="x", role=Role.CUSTOMER)
    session.add(customer)
    session.flush()
    now = datetime.now(UTC)
    claim = Claim(
        customer_id=customer.id,
        policy_number="P1",
        policy_start=date(2026, 1, 1),
        accident_at=now,
        reported_at=now,
        tier=tier,
        state=state,
        assessment_due_at=now + timedelta(days=3),
        payment_due_at=now + timedelta(days=7),
    )
    session.add(claim)
    session.flush()
    return claim


def _approved_estimate(session: Session, claim: Claim) -> None:
    """The row an approval leaves (acceptance needs one)."""
    session.add(
        EstimateVersion(
            claim_id=claim.id,
            version=1,
            catalog_version="c",
            rules_version="r",
            currency="CNY",
            net_repair_cost=0,
            payable=0,
            tier="simple",
            complete=True,
            body={},
            approved_at=datetime.now(UTC),
        )
    )
    session.flush()


def _staff(session: Session, role: Role) -> Actor:
    user = User(email=f"{uuid.uuid4().hex}@example.test", password_hash="x", role=role)
    session.add(user)
    session.flush()
    return Actor.of(user)


ILLEGAL = [(frm, to) for frm in ClaimState for to in ClaimState if (frm, to) not in TRANSITIONS]


def test_illegal_moves_raise_and_change_nothing(db: Session) -> None:
    # One database for the whole table: starting an app per pair would be slow.
    supervisor = _staff(db, Role.SUPERVISOR)
    assert len(ILLEGAL) > 40
    for frm, to in ILLEGAL:
        claim = _claim(db, state=frm)
        with pytest.raises(IllegalTransition):
            transition(db, claim=claim, to=to, actor=supervisor, reason="test")
        assert claim.state is frm, (frm, to)
        assert db.scalars(select(AuditEvent).where(AuditEvent.claim_id == claim.id)).all() == []


def test_legal_moves_write_an_audit_event(db: Session) -> None:
    for (frm, to), move in TRANSITIONS.items():
        claim = _claim(db, state=frm, tier=CaseTier.SIMPLE)
        if move.needs_approved_estimate:
            _approved_estimate(db, claim)
        role = sorted(move.roles)[0] if move.roles else Role.CUSTOMER  # no roles: the claim's customer only
        actor = _staff(db, role)
        if role is Role.CUSTOMER:
            claim.customer_id = actor.user_id  # type: ignore[assignment]
        event = transition(db, claim=claim, to=to, actor=actor, reason="because", gate=move.gate)
        assert claim.state is to
        assert (event.actor_id, event.actor_role, event.from_state, event.to_state, event.reason) == (
            actor.user_id,
            role,
            frm,
            to,
            "because",
        )
        assert event.action is AuditAction.TRANSITION and event.at is not None


@pytest.mark.parametrize(
    ("role", "tier", "allowed"),
    [
        (Role.JUNIOR_ADJUSTER, CaseTier.SIMPLE, True),
        (Role.JUNIOR_ADJUSTER, CaseTier.NORMAL, False),
        (Role.JUNIOR_ADJUSTER, CaseTier.COMPLEX, False),
        (Role.SENIOR_ADJUSTER, CaseTier.COMPLEX, True),
        (Role.SUPERVISOR, CaseTier.COMPLEX, True),
        (Role.COMPLAINT_HANDLER, CaseTier.SIMPLE, False),
        (Role.ADMIN, CaseTier.SIMPLE, False),
    ],
)
def test_who_may_approve_an_estimate(db: Session, role: Role, tier: CaseTier, allowed: bool) -> None:
    claim = _claim(db, state=ClaimState.UNDER_REVIEW, tier=tier)
    actor = _staff(db, role)
    gate = Gate.ESTIMATE_APPROVAL  # the approval's own move (tests/api/estimates covers the amount)
    if allowed:
        transition(db, claim=claim, to=ClaimState.ASSESSED, actor=actor, reason="ok", gate=gate)
        assert claim.state is ClaimState.ASSESSED
    else:
        with pytest.raises(TransitionNotPermitted):
            transition(db, claim=claim, to=ClaimState.ASSESSED, actor=actor, reason="ok", gate=gate)
        assert claim.state is ClaimState.UNDER_REVIEW


def test_system_actor_only_for_system_moves(db: Session) -> None:
    claim = _claim(db, state=ClaimState.SUBMITTED)
    transition(db, claim=claim, to=ClaimState.ASSESSING, actor=Actor.system("assessment"), reason="auto")
    transition(db, claim=claim, to=ClaimState.UNDER_REVIEW, actor=Actor.system("assessment"), reason="auto")
    with pytest.raises(TransitionNotPermitted):  # asking for more material is a person's move
        transition(db, claim=claim, to=ClaimState.SUBMITTED, actor=Actor.system(), reason="auto")
    # The system approves only through the approval (estimates.approve, which asks for a passing
    # straight-through rule set: tests/api/straight_through), never by a bare move.
    with pytest.raises(TransitionGated):
        transition(db, claim=claim, to=ClaimState.ASSESSED, actor=Actor.system(), reason="auto")


def test_key_steps_queue_a_customer_notification(db: Session) -> None:
    claim = _claim(db, state=ClaimState.UNDER_REVIEW)
    senior = _staff(db, Role.SENIOR_ADJUSTER)
    transition(db, claim=claim, to=ClaimState.ASSESSED, actor=senior, reason="ok", gate=Gate.ESTIMATE_APPROVAL)
    messages = db.scalars(select(OutboxMessage).where(OutboxMessage.claim_id == claim.id)).all()
    assert [(m.topic, m.recipient_id) for m in messages] == [(Topic.CLAIM_ASSESSED, claim.customer_id)]
    assert messages[0].payload["message"] == "定损已完成，请查收报告"


# --- over HTTP -------------------------------------------------------------------------------


def _move(harness: Harness, claim_id: str, to: str, headers: dict[str, str], reason: str = "r") -> tuple[int, dict]:
    response = harness.client.post(
        f"/claims/{claim_id}/transitions", json={"to": to, "reason": reason}, headers=headers
    )
    assert response.headers["content-type"] in ("application/json", PROBLEM_MEDIA_TYPE)
    return response.status_code, response.json()


def test_full_journey_over_http_with_audit_and_timeline(harness: Harness) -> None:
    from tests.api.estimates.helpers import assessed_claim, price

    _, customer = harness.login(Role.CUSTOMER)
    _, junior = harness.login(Role.JUNIOR_ADJUSTER)
    cid = assessed_claim(harness, customer, parts=[("front_bumper", "moderate")])  # simple tier, under review
    claim = harness.client.get(f"/claims/{cid}", headers=customer).json()
    price(harness, cid, junior)
    # Approval within authority is the only way to 'assessed'.
    approved = harness.client.post(f"/claims/{cid}/estimates/1/approve", headers=junior)
    assert approved.status_code == 200, approved.text
    body = harness.client.get(f"/claims/{cid}", headers=junior).json()
    assert body["state"] == "assessed" and body["status_label"] == "定损完成"
    # The customer accepts their assessment by signing it; then the payment closes it.
    from tests.api.signing.helpers import request_code, sent_code, sign

    customer_id = harness.client.get("/auth/me", headers=customer).json()["id"]
    assert request_code(harness, cid, customer).status_code == 202
    assert sign(harness, cid, customer, sent_code(harness, customer_id)).status_code == 201
    body = harness.client.get(f"/claims/{cid}", headers=customer).json()
    assert body["view"] == "customer" and body["status_label"] == "待支付"
    _, supervisor = harness.login(Role.SUPERVISOR)
    payee = {"payee_name": "张伟", "bank_name": "中国工商银行", "account_number": "6222021234567890"}
    assert harness.client.put(f"/claims/{cid}/payment", json=payee, headers=customer).status_code == 200
    assert harness.client.post(f"/claims/{cid}/payment/paid", headers=supervisor).status_code == 200

    audit = harness.client.get(f"/claims/{cid}/audit", headers=supervisor).json()
    moves = [(e["action"], e["from_state"], e["to_state"], e["actor_role"]) for e in audit]
    assert [m for m in moves if m[0] == "transition"] == [
        ("transition", "submitted", "assessing", "senior_adjuster"),
        ("transition", "assessing", "under_review", "senior_adjuster"),
        ("transition", "under_review", "assessed", "junior_adjuster"),
        ("transition", "assessed", "awaiting_payment", "customer"),
        ("transition", "awaiting_payment", "closed", "supervisor"),
    ]
    assert moves[0] == ("created", None, "submitted", "customer")
    (approval,) = [e for e in audit if e["to_state"] == "assessed"]
    assert approval["reason"].startswith("estimate v1 approved")

    timeline = harness.client.get(f"/claims/{cid}/timeline", headers=customer).json()
    assert [s["label"] for s in timeline["steps"]] == ["已提交资料", "定损完成", "待支付", "已结案"]
    assert all(s["reached_at"] for s in timeline["steps"])
    assert timeline["steps"][-1]["current"] and timeline["status_label"] == "已结案"
    due = [s["due_at"] and datetime.fromisoformat(s["due_at"]) for s in timeline["steps"]]
    assert due == [
        None,
        datetime.fromisoformat(claim["assessment_due_at"]),
        datetime.fromisoformat(claim["payment_due_at"]),
        None,
    ]


def test_illegal_move_over_http_is_409_problem_with_allowed_states(harness: Harness) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    _, senior = harness.login(Role.SENIOR_ADJUSTER)
    claim = harness.create_claim(customer)
    before = harness.row_counts()
    status, problem = _move(harness, claim["id"], "closed", senior)
    assert status == 409
    assert problem["type"].endswith(":illegal-transition")
    assert problem["current_state"] == "submitted"
    assert set(problem["allowed_states"]) == {"assessing", "under_review"}
    assert harness.row_counts() == before


def test_no_one_approves_through_the_bare_move_over_http(harness: Harness) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    _, junior = harness.login(Role.JUNIOR_ADJUSTER)
    _, supervisor = harness.login(Role.SUPERVISOR)
    claim = harness.create_claim(customer, vehicles_involved=2)
    assert _move(harness, claim["id"], "under_review", junior)[0] == 200
    for headers in (junior, supervisor):
        status, problem = _move(harness, claim["id"], "assessed", headers)
        assert status == 409 and problem["type"].endswith(":transition-gated")


def test_customer_cannot_move_other_customers_claim_nor_staff_moves(harness: Harness) -> None:
    _, alice = harness.login(Role.CUSTOMER)
    _, bob = harness.login(Role.CUSTOMER)
    claim = harness.create_claim(alice)
    assert _move(harness, claim["id"], "under_review", bob)[0] == 404
    assert _move(harness, claim["id"], "under_review", alice)[0] == 403


@pytest.mark.parametrize("body", [{"to": "nowhere", "reason": "x"}, {"to": "closed"}, {"to": "closed", "reason": ""}])
def test_bad_transition_bodies_are_422(harness: Harness, body: dict[str, str]) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    _, senior = harness.login(Role.SENIOR_ADJUSTER)
    claim = harness.create_claim(customer)
    response = harness.client.post(f"/claims/{claim['id']}/transitions", json=body, headers=senior)
    assert response.status_code == 422
