"""The complaint desk and the supervisor: the customer's dispute, complaints with their
clocks, the dispute line by line, the recommendation, decisions, escalation, approvals and
the weekly report."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request, Response
from fastapi.params import Depends
from pydantic import ValidationError
from sqlalchemy.orm import Session

from api.auth.actor import Actor
from api.auth.roles import Role
from api.claims import service as claims
from api.customers.service import queue_risks
from api.db.base import utcnow
from api.db.models import Claim, User
from api.deps import SessionDep, StateDep
from api.disputes import filing, repository, resolution
from api.disputes import service as disputes
from api.disputes.config import DisputeSettings, get_dispute_settings
from api.disputes.delivery import REASSESSMENT_ROLES, DecisionPlan, open_reassessment, payable, record_reassessment
from api.disputes.models import Complaint
from api.disputes.quote import item_and_amount, normalise_line, read_amount
from api.disputes.recommend import Remedy
from api.disputes.schemas import AnalysisCreate, ComplaintCreate
from api.disputes.states import Channel, ComplaintStatus, Delivery, Reassessor, Verdict
from api.errors import InvalidInput
from api.estimates.schemas import EstimateRevisionCreate
from api.surveys import service as surveys
from api.web import views
from api.web.pages_desk_contact import desk_context
from api.web.render import PageRoute, redirect, render
from api.web.session import CsrfChecked, PageUser, require
from pricing import Money
from pricing.estimate import DERIVED_KINDS

router = APIRouter(route_class=PageRoute, include_in_schema=False)

DisputeSettingsDep = Annotated[DisputeSettings, Depends(get_dispute_settings)]
DESK = tuple(disputes.DESK_ROLES)


def _amount(text: str, *, what: str) -> Decimal:
    """An amount typed in a form, read as a quote's amounts are (``800``, ``800元``, ``￥1,800.50``)."""
    value = read_amount(normalise_line(text).replace(" ", ""))
    if value is None:
        raise InvalidInput(f"{what}: not an amount")
    if not value.is_finite() or value < 0 or value != value.quantize(Decimal("0.01")):
        raise InvalidInput(f"{what}: a non-negative amount with at most 2 decimals")
    return value


def figure_lines(text: str) -> list[tuple[str, Decimal]]:
    """The customer's itemized figure: one ``item amount`` per line (the amount last).

    >>> figure_lines("前保险杠 更换 1200元\\n喷漆 ￥800.50")
    [('前保险杠 更换', Decimal('1200')), ('喷漆', Decimal('800.50'))]
    """
    lines = []
    for raw in text.splitlines():
        if not raw.strip():
            continue
        read = item_and_amount(raw)  # the quote parser's reading: 1800元, ￥1800, 1,800 …
        if read is None:
            raise InvalidInput(f"'{raw.strip()}': write the item, a space, then the amount (e.g. 前挡风玻璃 更换 1800)")
        name, amount = read
        lines.append((name, _amount(str(amount), what=name)))
    return lines


class _Refused(Exception):
    def __init__(self, field: str) -> None:
        super().__init__(field)
        self.field = field  # "lines", "total", or "figure" (neither given)


def _demand(*, lines: str, total: str) -> str:
    """The customer's figure as the complaint's demand: item by item with their sum, or a total."""
    try:
        items = figure_lines(lines)
    except InvalidInput as exc:
        raise _Refused("lines") from exc
    if items:
        expected = sum((amount for _, amount in items), Decimal(0))
        return "\n".join(f"{name} {amount}" for name, amount in items) + f"\n{TOTAL_LABEL} {expected}"
    if not total.strip():
        raise _Refused("figure")
    try:
        return f"{EXPECTED_LABEL} {_amount(total, what='total')}"
    except InvalidInput as exc:
        raise _Refused("total") from exc


@router.post("/web/claims/{claim_id}/dispute")
def dispute(
    claim_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    state: StateDep,
    settings: DisputeSettingsDep,
    user: PageUser,
    _csrf: CsrfChecked,
    text: Annotated[str, Form(min_length=1, max_length=4000)],
    total: Annotated[str, Form(max_length=40)] = "",
    lines: Annotated[str, Form(max_length=8000)] = "",
    contact: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """The customer disputes the amount — a total, or item by item — which files a complaint
    and marks the claim disputed."""
    require(user, Role.CUSTOMER)
    claim = claims.get_visible_claim(session, claim_id=claim_id, user=user, for_update=True)
    try:
        demand = _demand(lines=lines, total=total)
    except _Refused as refused:  # the claim page again, the form as typed, the field marked
        from api.web.pages_customer import claim_response

        typed = {"text": text, "total": total, "lines": lines, "contact": contact}
        extra: dict[str, object] = {"dispute_form": typed, "dispute_errors": [refused.field]}
        return claim_response(request, session, state, user, claim_id=claim.id, extra=extra, status_code=422)
    from api.estimates import service as estimates

    version = estimates.latest_version_number(session, claim=claim) or None
    filing.dispute(
        session,
        claim_id=claim.id,
        user=user,
        complaint_create=ComplaintCreate(
            channel=Channel.WEB, text=text, demand=demand, contact=contact, estimate_version=version
        ),
        settings=settings,
        now=utcnow(),
        tz=state.tz,
    )
    return redirect(f"/web/claims/{claim.id}#complaints")


@router.get("/web/complaints")
def complaint_queue(request: Request, session: SessionDep, user: PageUser, status: str = "") -> Response:
    require(user, *DESK)
    wanted = ComplaintStatus(status) if status in set(ComplaintStatus) else None
    items, total = repository.page(session, status=wanted, level=None, overdue=None, now=utcnow(), limit=100, offset=0)
    context = {
        "complaints": items,
        "customers": queue_risks(session, customer_ids=list({c.customer_id for c in items})),
        "total": total,
        "now": utcnow(),
        "statuses": list(ComplaintStatus),
        "status": status,
    }
    return render(request, "desk/complaints.html", context)


def line_keys(snapshot: dict[str, Any]) -> dict[str, list[str]]:
    """Each line of the analysed estimate as the page names it: the part, the operation and the
    kind of cost when it says more (前保险杠 拆装 工时, 前保险杠 喷漆 辅料), as page keys."""
    keys: dict[str, list[str]] = {}
    for line in snapshot.get("lines", []):
        named = [str(k) for k in (line.get("part"), line.get("action")) if k]
        if line.get("kind") and line.get("kind") != line.get("action"):
            named.append(f"kind.{line['kind']}")
        keys[str(line["line_id"])] = named
    return keys


@router.get("/web/complaints/{complaint_id}")
def complaint_page(complaint_id: uuid.UUID, request: Request, session: SessionDep, user: PageUser) -> Response:
    if user.role is not Role.CUSTOMER:  # the role first, as the API does: 403 before any lookup
        require(user, *DESK)
    complaint = disputes.get_visible_complaint(session, complaint_id=complaint_id, user=user)
    if user.role is Role.CUSTOMER:
        return redirect(f"/web/claims/{complaint.claim_id}#complaints")
    analysis = repository.latest_analysis(session, complaint_id=complaint.id)
    complaint_claim = claims.get_visible_claim(session, claim_id=complaint.claim_id, user=user)
    context = {
        "complaint": complaint,
        "claim": complaint_claim,
        "events": repository.events(session, complaint_id=complaint.id),
        "analysis": analysis.result if analysis else None,
        "line_keys": line_keys(analysis.estimate_snapshot if analysis else {}),
        "pending": repository.pending_decision(session, complaint_id=complaint.id),
        "figure": _figure_rows(complaint.demand),
        "verdicts": list(Verdict),
        "remedies": list(Remedy),
        "deliveries": list(Delivery),
        "reassessors": list(Reassessor),
        "payable": payable(session, claim=complaint_claim),
        "reassessment_lines": _reassessment_lines(session, complaint, complaint_claim, user),
        "now": utcnow(),
        "overdue": disputes.is_overdue(complaint, utcnow()),
        "can_analyse": complaint.status is ComplaintStatus.OPEN,
        "customer": queue_risks(session, customer_ids=[complaint.customer_id])[complaint.customer_id],
        **desk_context(session, complaint=complaint, user=user),
    }
    return render(request, "desk/complaint.html", context)


TOTAL_LABEL = "合计"
EXPECTED_LABEL = "期望金额"


@router.post("/web/complaints/{complaint_id}/analysis")
def analyse(
    complaint_id: uuid.UUID,
    session: SessionDep,
    settings: DisputeSettingsDep,
    user: PageUser,
    _csrf: CsrfChecked,
) -> Response:
    """Compare the customer's figure (as they gave it on the dispute form) with the estimate
    version the complaint disputes, line by line."""
    require(user, *DESK)
    complaint = disputes.get_visible_complaint(session, complaint_id=complaint_id, user=user, for_update=True)
    rows = _figure_rows(complaint.demand)
    items = [(name, amount) for name, amount in rows if name not in (TOTAL_LABEL, EXPECTED_LABEL)]
    expected = next((amount for name, amount in rows if name == EXPECTED_LABEL), None)
    if items:
        figure: dict[str, Any] = {"lines": [{"name": n, "amount": {"amount": a, "currency": "CNY"}} for n, a in items]}
    elif expected is not None:
        figure = {"total": {"amount": expected, "currency": "CNY"}}
    else:
        raise InvalidInput("The complaint carries no figure to compare.")
    try:
        body = AnalysisCreate.model_validate(figure)
    except ValidationError as exc:
        raise InvalidInput(str(exc).splitlines()[0]) from exc
    disputes.analyse_dispute(
        session, complaint=complaint, actor=Actor.of(user), analysis_create=body, settings=settings, now=utcnow()
    )
    return redirect(f"/web/complaints/{complaint.id}#side-by-side")


def _figure_rows(demand: str) -> list[tuple[str, str]]:
    rows = []
    for raw in demand.splitlines():
        name, _, amount = raw.strip().rpartition(" ")
        if name:
            rows.append((name, amount))
    return rows


@router.post("/web/complaints/{complaint_id}/decision")
def decide(
    complaint_id: uuid.UUID,
    session: SessionDep,
    state: StateDep,
    settings: DisputeSettingsDep,
    user: PageUser,
    _csrf: CsrfChecked,
    verdict: Annotated[Verdict, Form()],
    reason: Annotated[str, Form(min_length=1, max_length=2000)],
    compensation: Annotated[str, Form(max_length=40)] = "0",
    remedies: Annotated[list[Remedy] | None, Form()] = None,
    delivery: Annotated[Delivery | None, Form()] = None,
    speed_up_days: Annotated[int | None, Form(ge=1, le=2)] = None,
    voucher_type: Annotated[str, Form(max_length=64)] = "",
    voucher_value: Annotated[str, Form(max_length=40)] = "",
    reassessment_by: Annotated[Reassessor | None, Form()] = None,
) -> Response:
    require(user, *DESK)
    complaint = disputes.lock_for_decision(session, complaint_id=complaint_id, user=user)
    amount = Money.of(_amount(compensation or "0", what="compensation"), "CNY")
    chosen = remedies or []
    plan = DecisionPlan.of(
        remedies=chosen,
        compensation=amount,
        delivery=delivery if amount.amount > 0 else None,
        # the form always sends the days and the voucher fields: they count with their remedy
        speed_up_days=speed_up_days if Remedy.SPEED_UP_PAYMENT in chosen else None,
        voucher_type=voucher_type if Remedy.VOUCHER in chosen else None,
        voucher_value=_amount(voucher_value, what="voucher") if Remedy.VOUCHER in chosen and voucher_value else None,
        reassessment_by=reassessment_by,
    )
    resolution.decide(
        session,
        complaint=complaint,
        user=user,
        verdict=verdict,
        remedies=chosen,
        compensation=amount,
        reason=reason,
        settings=settings,
        now=utcnow(),
        tz=state.tz,
        plan=plan,
    )
    return redirect(f"/web/complaints/{complaint.id}")


@router.post("/web/complaints/{complaint_id}/escalate")
def escalate(
    complaint_id: uuid.UUID,
    session: SessionDep,
    state: StateDep,
    settings: DisputeSettingsDep,
    user: PageUser,
    _csrf: CsrfChecked,
    reason: Annotated[str, Form(min_length=1, max_length=2000)],
) -> Response:
    require(user, *DESK)
    complaint = disputes.get_visible_complaint(session, complaint_id=complaint_id, user=user, for_update=True)
    resolution.escalate(
        session, complaint=complaint, actor=Actor.of(user), reason=reason, now=utcnow(), tz=state.tz, settings=settings
    )
    return redirect(f"/web/complaints/{complaint.id}")


@router.post("/web/complaints/{complaint_id}/reassessment")
def reassessment(
    complaint_id: uuid.UUID,
    session: SessionDep,
    user: PageUser,
    _csrf: CsrfChecked,
    assessor: Annotated[str, Form(min_length=1, max_length=200)],
    result: Annotated[str, Form(min_length=1, max_length=2000)],
    line_id: Annotated[str, Form(min_length=1, max_length=80)],
    amount: Annotated[str, Form(max_length=40)],
) -> Response:
    """The ordered re-assessment's result: the line it re-priced, as a new estimate version."""
    require(user, *REASSESSMENT_ROLES)
    complaint = disputes.lock_for_decision(session, complaint_id=complaint_id, user=user)
    value = _amount(amount, what=line_id)
    try:
        revision = EstimateRevisionCreate.model_validate(
            {"edits": [{"line_id": line_id, "reason": "third_party_reassessment", "amount": {"amount": value}}]}
        )
    except ValidationError as exc:
        raise InvalidInput(str(exc).splitlines()[0]) from exc
    record_reassessment(
        session, complaint=complaint, user=user, assessor=assessor, result=result, revision=revision, now=utcnow()
    )
    return redirect(f"/web/complaints/{complaint.id}")


def _reassessment_lines(session: Session, complaint: Complaint, claim: Claim, user: User) -> list[tuple[str, str]]:
    """The latest version's lines a re-assessment may re-price, when one is waiting for its result."""
    if user.role not in REASSESSMENT_ROLES or open_reassessment(complaint) is None:
        return []
    from api.estimates import service as estimates

    latest = estimates.latest_version_number(session, claim=claim)
    if not latest:
        return []
    _, estimate = estimates.get_version(session, claim=claim, version=latest)
    return [(x.line_id, x.description_zh) for x in estimate.lines if x.kind not in DERIVED_KINDS]


@router.post("/web/complaints/{complaint_id}/review")
def review(
    complaint_id: uuid.UUID,
    session: SessionDep,
    state: StateDep,
    settings: DisputeSettingsDep,
    user: PageUser,
    _csrf: CsrfChecked,
    approve: Annotated[bool, Form()],
    reason: Annotated[str, Form(min_length=1, max_length=2000)],
) -> Response:
    require(user, Role.SUPERVISOR)
    complaint = disputes.lock_for_decision(session, complaint_id=complaint_id, user=user)
    resolution.review(
        session,
        complaint=complaint,
        user=user,
        approve=approve,
        reason=reason,
        settings=settings,
        now=utcnow(),
        tz=state.tz,
    )
    return redirect(f"/web/complaints/{complaint.id}")


@router.post("/web/complaints/{complaint_id}/confirm")
def confirm(
    complaint_id: uuid.UUID,
    session: SessionDep,
    state: StateDep,
    settings: DisputeSettingsDep,
    user: PageUser,
    _csrf: CsrfChecked,
    satisfied: Annotated[bool, Form()],
    comment: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    require(user, Role.CUSTOMER)
    complaint = disputes.get_visible_complaint(session, complaint_id=complaint_id, user=user, for_update=True)
    resolution.confirm(
        session,
        complaint=complaint,
        user=user,
        satisfied=satisfied,
        comment=comment,
        now=utcnow(),
        tz=state.tz,
        settings=settings,
    )
    return redirect(f"/web/claims/{complaint.claim_id}#complaints")


@router.get("/web/supervisor")
def supervisor_desk(request: Request, session: SessionDep, user: PageUser) -> Response:
    require(user, Role.SUPERVISOR)
    now = utcnow()
    pending, _ = repository.page(
        session, status=ComplaintStatus.PENDING_APPROVAL, level=None, overdue=None, now=now, limit=100, offset=0
    )
    overdue, _ = repository.page(session, status=None, level=None, overdue=True, now=now, limit=100, offset=0)
    context = {
        "pending": pending,
        "overdue_complaints": overdue,
        "escalated": views.escalated_claims(session),
        "survey_follow_ups": surveys.follow_ups(session),  # low revisit scores: high-risk first, then lowest
        "now": now,
        "week": _this_week(now),
    }
    return render(request, "desk/supervisor.html", context)


def _this_week(now: datetime) -> str:
    year, week, _ = now.isocalendar()
    return f"{year}-W{week:02d}"


@router.get("/web/reports/weekly")
def weekly(
    request: Request, session: SessionDep, state: StateDep, settings: DisputeSettingsDep, user: PageUser, week: str = ""
) -> Response:
    require(user, *DESK)
    week = week or _this_week(utcnow().astimezone(state.tz))
    report = disputes.weekly(session, week=week, tz=state.tz, settings=settings, now=utcnow()).to_json()
    by_cause = report["by_cause"]
    top = max([1, *by_cause.values(), *report["overdue_by_team"].values()])
    return render(request, "desk/weekly.html", {"report": report, "week": week, "top": top})
