"""HTTP for the complaint desk. Customers file complaints on their own claims, read them,
read the explanation and confirm the feedback; desk staff (complaint handlers, the senior
claims team, supervisors) work the queue; supervisors approve decisions above authority."""

from __future__ import annotations

import json
import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status
from sqlalchemy.orm import Session

from api.auth.actor import Actor
from api.auth.roles import Role
from api.customers.service import queue_risks
from api.db.base import utcnow
from api.db.models import Claim, User
from api.deps import SessionDep, StateDep, require_roles
from api.disputes import delivery, desk_endpoints, filing, repository, resolution, service
from api.disputes.clock import Level
from api.disputes.config import DisputeSettings, get_dispute_settings
from api.disputes.delivery import DecisionPlan
from api.disputes.desk_schemas import ComplaintQueueRead
from api.disputes.errors import IllegalComplaintMove
from api.disputes.explain import Lang
from api.disputes.models import Complaint, ComplaintAnalysis
from api.disputes.schemas import (
    AnalysisCreate,
    AnalysisRead,
    ComplaintCreate,
    ComplaintOutcomeRead,
    ComplaintRead,
    ComplaintStaffRead,
    ComplaintUpdate,
    ConfirmationCreate,
    DecisionCreate,
    DecisionRead,
    DecisionSummaryRead,
    EscalationCreate,
    EventRead,
    ExplanationLineRead,
    ExplanationRead,
    OutcomeRead,
    PayableRead,
    ReassessmentResultCreate,
    ReviewCreate,
    StepRead,
)
from api.disputes.states import ComplaintStatus
from api.errors import problem_responses
from api.schemas import MAX_OFFSET, Page
from api.schemas import Money as MoneyIn
from pricing import Money

router = APIRouter(tags=["complaints"])

DisputeSettingsDep = Annotated[DisputeSettings, Depends(get_dispute_settings)]
DeskUser = Annotated[User, Depends(require_roles(*service.DESK_ROLES))]
SupervisorUser = Annotated[User, Depends(require_roles(Role.SUPERVISOR))]
CustomerUser = Annotated[User, Depends(require_roles(Role.CUSTOMER))]
# A re-assessment's result revises the estimate: the desk roles that may edit one.
ReassessorUser = Annotated[User, Depends(require_roles(*delivery.REASSESSMENT_ROLES))]
# The customer (their own complaints) and the desk; other staff have no business here.
ReaderUser = Annotated[User, Depends(require_roles(Role.CUSTOMER, *service.DESK_ROLES))]
DisputerUser = Annotated[User, Depends(require_roles(*filing.DISPUTER_ROLES))]
ComplaintView = ComplaintStaffRead | ComplaintRead


def _read(complaint: Complaint) -> ComplaintRead:
    now = utcnow()
    return ComplaintRead.model_validate(
        {**_common(complaint), "overdue": service.is_overdue(complaint, now)}, from_attributes=False
    )


def _common(complaint: Complaint) -> dict[str, object]:
    fields = ComplaintRead.model_fields.keys() - {"level_label", "overdue"}
    return {f: getattr(complaint, f) for f in fields} | {"level_label": complaint.level.zh}


def _staff(session: Session, complaint: Complaint, *, with_events: bool = False) -> ComplaintStaffRead:
    extra = ComplaintStaffRead.model_fields.keys() - ComplaintRead.model_fields.keys() - {"steps", "events"}
    events = repository.events(session, complaint_id=complaint.id) if with_events else []
    return ComplaintStaffRead.model_validate(
        {
            **_common(complaint),
            **{f: getattr(complaint, f) for f in extra},
            "overdue": service.is_overdue(complaint, utcnow()),
            "steps": [StepRead.model_validate(s) for s in complaint.steps],
            "events": [EventRead.model_validate(e) for e in events],
        }
    )


def _view(session: Session, user: User, complaint: Complaint, *, with_events: bool = False) -> ComplaintView:
    if user.role is Role.CUSTOMER:
        return _read(complaint)
    return _staff(session, complaint, with_events=with_events)


def _analysis(row: ComplaintAnalysis) -> AnalysisRead:
    return AnalysisRead.model_validate(
        {**row.result, "id": row.id, "created_at": row.created_at, "fingerprint": row.fingerprint}
    )


@router.post(
    "/claims/{claim_id}/complaints",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(401, 403, 404, 422),
)
def file_complaint(
    claim_id: uuid.UUID,
    body: ComplaintCreate,
    session: SessionDep,
    state: StateDep,
    settings: DisputeSettingsDep,
    user: ReaderUser,
) -> ComplaintView:
    """File a complaint: the customer on their own claim, or the desk on the customer's
    behalf. It is classified from its text and its clocks start: feedback within 24 hours,
    the front-line step within 2 working days."""
    complaint = service.file_complaint(
        session, claim_id=claim_id, user=user, complaint_create=body, settings=settings, now=utcnow(), tz=state.tz
    )
    return _view(session, user, complaint)


@router.post(
    "/claims/{claim_id}/dispute",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(401, 403, 404, 409, 422),
)
def dispute(
    claim_id: uuid.UUID,
    body: ComplaintCreate,
    session: SessionDep,
    state: StateDep,
    settings: DisputeSettingsDep,
    user: DisputerUser,
) -> ComplaintView:
    """Dispute the assessed amount, as the claim page's dispute form does: the complaint is filed
    and a claim that stands assessed or awaiting payment becomes disputed (the only way it does;
    a decision on the complaint moves it on). The customer on their own claim, or a complaint
    handler or supervisor for them."""
    complaint = filing.dispute(
        session, claim_id=claim_id, user=user, complaint_create=body, settings=settings, now=utcnow(), tz=state.tz
    )
    return _view(session, user, complaint)


@router.get("/complaints", responses=problem_responses(401, 403, 422))
def complaint_queue(
    session: SessionDep,
    user: DeskUser,
    status: ComplaintStatus | None = None,
    level: Level | None = None,
    overdue: bool | None = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> Page[ComplaintQueueRead]:
    """The desk's queue: high-risk customers first, then the soonest step deadline; each
    complaint with its clocks and its customer's high-risk flag and service tags."""
    items, total = repository.page(
        session, status=status, level=level, overdue=overdue, now=utcnow(), limit=limit, offset=offset
    )
    risks = queue_risks(session, customer_ids=list({c.customer_id for c in items}))
    rows = [
        ComplaintQueueRead.model_validate({**dict(_staff(session, c)), **dict(risks[c.customer_id])}) for c in items
    ]
    return Page[ComplaintQueueRead](items=rows, total=total, limit=limit, offset=offset)


@router.get("/complaints/{complaint_id}", responses=problem_responses(401, 403, 404, 422))
def get_complaint(complaint_id: uuid.UUID, session: SessionDep, user: ReaderUser) -> ComplaintView:
    """One complaint; staff also see its steps and every recorded event."""
    complaint = service.get_visible_complaint(session, complaint_id=complaint_id, user=user)
    return _view(session, user, complaint, with_events=True)


@router.patch("/complaints/{complaint_id}", responses=problem_responses(401, 403, 404, 422))
def reclassify(complaint_id: uuid.UUID, body: ComplaintUpdate, session: SessionDep, user: DeskUser) -> ComplaintView:
    """Set the complaint's cause (the handler's judgement overrides the keywords)."""
    complaint = service.get_visible_complaint(session, complaint_id=complaint_id, user=user, for_update=True)
    service.reclassify(
        session, complaint=complaint, actor=Actor.of(user), cause=body.cause, reason=body.reason, now=utcnow()
    )
    return _staff(session, complaint)


@router.post(
    "/complaints/{complaint_id}/analysis",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(401, 403, 404, 409, 422),
)
def analyse(
    complaint_id: uuid.UUID, body: AnalysisCreate, session: SessionDep, settings: DisputeSettingsDep, user: DeskUser
) -> AnalysisRead:
    """Compare the customer's figure (a total, itemized lines, or a quote's text) with the
    disputed estimate version, line by line, and recommend a resolution."""
    complaint = service.get_visible_complaint(session, complaint_id=complaint_id, user=user, for_update=True)
    row = service.analyse_dispute(
        session, complaint=complaint, actor=Actor.of(user), analysis_create=body, settings=settings, now=utcnow()
    )
    return _analysis(row)


@router.get("/complaints/{complaint_id}/analysis", responses=problem_responses(401, 403, 404, 409, 422))
def latest_analysis(complaint_id: uuid.UUID, session: SessionDep, user: DeskUser) -> AnalysisRead:
    complaint = service.get_visible_complaint(session, complaint_id=complaint_id, user=user)
    row = repository.latest_analysis(session, complaint_id=complaint.id)
    if row is None:
        raise IllegalComplaintMove("No amount analysis has been made for this complaint yet.")
    return _analysis(row)


@router.post(
    "/complaints/{complaint_id}/decision",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(401, 403, 404, 409, 422),
)
def decide(
    complaint_id: uuid.UUID,
    body: DecisionCreate,
    session: SessionDep,
    state: StateDep,
    settings: DisputeSettingsDep,
    user: DeskUser,
) -> DecisionRead:
    """Decide the complaint. Within the decider's compensation authority the feedback goes to
    the customer now; above it the decision waits for a supervisor (status pending_approval)."""
    complaint = service.lock_for_decision(session, complaint_id=complaint_id, user=user)
    compensation = Money.of(body.compensation.amount, body.compensation.currency.value)
    plan = DecisionPlan.of(
        remedies=body.remedies,
        compensation=compensation,
        delivery=body.delivery,
        speed_up_days=body.speed_up_days,
        voucher_type=body.voucher.type if body.voucher else None,
        voucher_value=body.voucher.value.amount if body.voucher else None,
        reassessment_by=body.reassessment_by,
    )
    decision = resolution.decide(
        session,
        complaint=complaint,
        user=user,
        verdict=body.verdict,
        remedies=body.remedies,
        compensation=compensation,
        reason=body.reason,
        settings=settings,
        now=utcnow(),
        tz=state.tz,
        plan=plan,
    )
    return DecisionRead.model_validate(decision)


@router.post("/complaints/{complaint_id}/approve", responses=problem_responses(401, 403, 404, 409, 422))
def approve(
    complaint_id: uuid.UUID,
    body: ReviewCreate,
    session: SessionDep,
    state: StateDep,
    settings: DisputeSettingsDep,
    user: SupervisorUser,
) -> DecisionRead:
    """A supervisor approves or rejects a decision above the decider's authority."""
    complaint = service.lock_for_decision(session, complaint_id=complaint_id, user=user)
    decision = resolution.review(
        session,
        complaint=complaint,
        user=user,
        approve=body.approve,
        reason=body.reason,
        settings=settings,
        now=utcnow(),
        tz=state.tz,
    )
    return DecisionRead.model_validate(decision)


def _money(value: Money) -> MoneyIn:
    return MoneyIn.model_validate({"amount": value.quantized().amount, "currency": value.currency})


@router.get("/complaints/{complaint_id}/outcome", responses=problem_responses(401, 403, 404, 422))
def outcome(complaint_id: uuid.UUID, session: SessionDep, user: ReaderUser) -> ComplaintOutcomeRead:
    """What the complaint's decision did — compensation paid or revised into the estimate, a
    payment deadline moved, a voucher, a re-assessment — and the claim's payable now."""
    complaint = service.get_visible_complaint(session, complaint_id=complaint_id, user=user)
    claim = session.get(Claim, complaint.claim_id)
    assert claim is not None
    pay = delivery.payable(session, claim=claim)
    decision = complaint.approved_decision
    return ComplaintOutcomeRead(
        complaint_id=complaint.id,
        status=complaint.status,
        claim_state=claim.state.value,
        decision=DecisionSummaryRead.model_validate(decision) if decision else None,
        outcomes=[OutcomeRead.model_validate(o) for o in complaint.outcomes],
        payable=PayableRead(
            estimate_version=pay.estimate_version,
            estimate_payable=_money(pay.estimate_payable),
            adjustments=_money(pay.adjustments),
            total=_money(pay.total),
        ),
    )


@router.post(
    "/complaints/{complaint_id}/reassessment",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(401, 403, 404, 409, 422),
)
def record_reassessment(
    complaint_id: uuid.UUID, body: ReassessmentResultCreate, session: SessionDep, user: ReassessorUser
) -> OutcomeRead:
    """Record the ordered re-assessment's result: the estimate is revised as it found (a new
    version citing the complaint, which an adjuster approves as usual)."""
    complaint = service.lock_for_decision(session, complaint_id=complaint_id, user=user)
    row = delivery.record_reassessment(
        session,
        complaint=complaint,
        user=user,
        assessor=body.assessor,
        result=body.result,
        revision=body.revision,
        now=utcnow(),
    )
    return OutcomeRead.model_validate(row)


@router.post("/complaints/{complaint_id}/escalate", responses=problem_responses(401, 403, 404, 409, 422))
def escalate(
    complaint_id: uuid.UUID,
    body: EscalationCreate,
    session: SessionDep,
    state: StateDep,
    settings: DisputeSettingsDep,
    user: DeskUser,
) -> ComplaintStaffRead:
    """Hand the complaint to the next level now, with the reason."""
    complaint = service.get_visible_complaint(session, complaint_id=complaint_id, user=user, for_update=True)
    resolution.escalate(
        session,
        complaint=complaint,
        actor=Actor.of(user),
        reason=body.reason,
        now=utcnow(),
        tz=state.tz,
        settings=settings,
    )
    return _staff(session, complaint)


@router.post("/complaints/{complaint_id}/confirm", responses=problem_responses(401, 403, 404, 409, 422))
def confirm(
    complaint_id: uuid.UUID,
    body: ConfirmationCreate,
    session: SessionDep,
    state: StateDep,
    settings: DisputeSettingsDep,
    user: CustomerUser,
) -> ComplaintRead:
    """The customer confirms the feedback: satisfied closes the complaint; not satisfied sends
    it to the next level."""
    complaint = service.get_visible_complaint(session, complaint_id=complaint_id, user=user, for_update=True)
    resolution.confirm(
        session,
        complaint=complaint,
        user=user,
        satisfied=body.satisfied,
        comment=body.comment,
        now=utcnow(),
        tz=state.tz,
        settings=settings,
    )
    return _read(complaint)


@router.get("/complaints/{complaint_id}/explanation", responses=problem_responses(401, 403, 404, 409, 422))
def explanation(
    complaint_id: uuid.UUID,
    session: SessionDep,
    settings: DisputeSettingsDep,
    user: ReaderUser,
    lang: Lang = Lang.ZH,
) -> ExplanationRead:
    """The line-by-line explanation of the latest analysis, for the customer."""
    complaint = service.get_visible_complaint(session, complaint_id=complaint_id, user=user)
    result, version = service.explanation(session, complaint=complaint, lang=lang, settings=settings)
    return ExplanationRead(
        lang=lang.value,
        estimate_version=version,
        summary=result.summary,
        closing=result.closing,
        lines=[
            ExplanationLineRead(
                item=x.item,
                customer_amount=x.customer_amount.to_json() if x.customer_amount else None,
                estimate_amount=x.estimate_amount.to_json() if x.estimate_amount else None,
                text=x.text,
            )
            for x in result.lines
        ],
    )


@router.get(
    "/reports/complaints/weekly",
    responses={
        **problem_responses(401, 403, 422),
        200: {"content": {"application/json": {}, "text/csv": {}}, "description": "The report as JSON or CSV"},
    },
)
def weekly_report(
    session: SessionDep,
    state: StateDep,
    settings: DisputeSettingsDep,
    user: DeskUser,
    week: Annotated[str, Query(pattern=r"^\d{4}-W\d{2}$", examples=["2026-W48"])],
    format: Annotated[str, Query(pattern="^(json|csv)$")] = "json",
) -> Response:
    """Complaints by cause, repeat complainants (high-risk), overdue by team and the deadline
    achievement rate for an ISO week, in the service's time zone."""
    report = service.weekly(session, week=week, tz=state.tz, settings=settings, now=utcnow())
    if format == "csv":
        return Response(
            report.to_csv(),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="complaints-{week}.csv"'},
        )
    return Response(json.dumps(report.to_json(), ensure_ascii=False), media_type="application/json")


# The desk's routing, contact log and service quality, published with the complaints.
router.include_router(desk_endpoints.router)
