"""The complaint desk: intake and classification, amount-dispute analysis, decisions within
authority, escalation, the customer's confirmation, explanations and the weekly report.
Services never commit; every step is recorded as a :class:`ComplaintEvent` (who, when, why)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime, timedelta, tzinfo
from typing import Any

import structlog
from sqlalchemy.orm import Session

from api.auth.actor import Actor
from api.auth.roles import Role
from api.claims import repository as claims_repository
from api.claims.service import get_visible_claim
from api.customers.service import recompute as recompute_risk
from api.db.models import Claim, User
from api.disputes import inputs, repository
from api.disputes.analysis import analyse
from api.disputes.classify import Cause, Classification, classify
from api.disputes.clock import Level, feedback_due, step_due
from api.disputes.config import DisputeSettings
from api.disputes.errors import (
    ComplaintNotFound,
    IllegalComplaintMove,
    InvalidEstimate,
    InvalidFigure,
    InvalidWeek,
)
from api.disputes.explain import CustomerExplanation, Lang, explain
from api.disputes.models import Complaint, ComplaintAnalysis, ComplaintEvent, ComplaintStep
from api.disputes.recommend import Tier, recommend
from api.disputes.report import ComplaintFacts, StepFacts, WeeklyReport, parse_week, week_bounds, weekly_report
from api.disputes.schemas import AnalysisCreate, ComplaintCreate
from api.disputes.serialize import analysis_to_json, figure_from_json, figure_to_json
from api.disputes.snapshot import EstimateSnapshot
from api.disputes.states import (
    OPEN_STATUSES,
    ComplaintAction,
    ComplaintStatus,
)
from api.estimates import repository as estimates_repository
from api.estimates.errors import NoEstimate
from api.notifications import Topic, notify_user
from api.reasons import Reason, TextCode, reason_fields
from api.surveys.service import weekly_satisfaction

log = structlog.get_logger(__name__)

DESK_ROLES = frozenset({Role.COMPLAINT_HANDLER, Role.SENIOR_ADJUSTER, Role.SUPERVISOR})


def record(
    session: Session,
    *,
    complaint: Complaint,
    action: ComplaintAction,
    actor: Actor,
    at: datetime,
    reason: str | Reason = "",
    details: dict[str, Any] | None = None,
) -> ComplaintEvent:
    event = ComplaintEvent(
        complaint_id=complaint.id,
        at=at,
        action=action,
        actor_id=actor.user_id,
        actor_role=actor.role,
        actor_label=actor.label,
        **reason_fields(reason),
        details=details or {},
    )
    session.add(event)
    return event


def _classification_json(result: Classification) -> dict[str, Any]:
    return {
        "rules_version": result.rules_version,
        "scores": {c.value: str(v) for c, v in result.scores.items()},
        "matched": [{"cause": r.cause.value, "keyword": r.keyword, "weight": str(r.weight)} for r in result.matched],
    }


def _check_disputed_version(session: Session, *, claim: Claim, version: int | None) -> None:
    """A claim priced here (it has stored estimate versions) is disputed on one of them; a claim
    whose estimate is kept elsewhere names its version, checked when that estimate is sent."""
    if version is None or estimates_repository.latest(session, claim_id=claim.id) is None:
        return
    if estimates_repository.get(session, claim_id=claim.id, version=version) is None:
        raise NoEstimate(f"This claim has no estimate version {version} to dispute.")


def file_complaint(
    session: Session,
    *,
    claim_id: uuid.UUID,
    user: User,
    complaint_create: ComplaintCreate,
    settings: DisputeSettings,
    now: datetime,
    tz: tzinfo,
) -> Complaint:
    """Record a complaint on a claim the user may see: the customer on their own claim, or
    desk staff on the customer's behalf. Classified from its text; the clocks start now."""
    claim = get_visible_claim(session, claim_id=claim_id, user=user)
    _check_disputed_version(session, claim=claim, version=complaint_create.estimate_version)
    result = classify(complaint_create.text, settings.keyword_rules(), extra=[complaint_create.demand])
    due = step_due(now, tz, settings.step_working_days)
    complaint = Complaint(
        id=uuid.uuid4(),
        claim_id=claim.id,
        customer_id=claim.customer_id,
        filed_by_id=user.id,
        channel=complaint_create.channel,
        demand=complaint_create.demand,
        text=complaint_create.text,
        contact=complaint_create.contact,
        estimate_version=complaint_create.estimate_version,
        received_at=now,
        cause=result.cause,
        cause_set_by_handler=False,
        classification=_classification_json(result),
        status=ComplaintStatus.OPEN,
        level=Level.FRONT_LINE,
        step_due_at=due,
        feedback_due_at=feedback_due(now, settings.feedback_hours),
        created_at=now,
        updated_at=now,
    )
    complaint.steps.append(
        ComplaintStep(
            level=Level.FRONT_LINE,
            started_at=now,
            due_at=due,
            overdue=False,
            **reason_fields(Reason(TextCode.COMPLAINT_ROUTED)),
        )
    )
    session.add(complaint)
    session.flush()
    record(
        session,
        complaint=complaint,
        action=ComplaintAction.RECEIVED,
        actor=Actor.of(user),
        at=now,
        reason=Reason(
            TextCode.COMPLAINT_RECEIVED,
            {"channel": complaint_create.channel.value, "cause": result.cause.value if result.cause else None},
        ),
        details={"cause": result.cause.value if result.cause else None},
    )
    _route_new(session, complaint=complaint, result=result, settings=settings, now=now)
    recompute_risk(
        session, customer_id=complaint.customer_id, now=now, above_market_factor=settings.above_market_factor
    )
    notify_user(session, user_id=complaint.customer_id, topic=Topic.COMPLAINT_RECEIVED, claim_id=claim.id, now=now)
    log.info("complaint.received", complaint_id=str(complaint.id), claim_id=str(claim.id), cause=result.cause)
    return complaint


def _route_new(
    session: Session,
    *,
    complaint: Complaint,
    result: Classification,
    settings: DisputeSettings,
    now: datetime,
) -> None:
    """A severe complaint (bad service, repeated unresolved ones) is held by a supervisor from the
    start; every complaint is assigned to its level's team (see ``routing``)."""
    from api.disputes import routing  # routing records events with ``record`` above

    actor = Actor.system("routing")
    prior = repository.unresolved_on_claim(session, claim_id=complaint.claim_id, excluding=complaint.id)
    rec = recommend(cause=result.cause, classification=result, analysis=None, prior_unresolved=prior, settings=settings)
    if rec.tier is Tier.SEVERE:
        # severe_reason holds a person's words; the rule's reason is the event's code
        complaint.severe, complaint.severe_reason = True, ""
        record(session, complaint=complaint, action=ComplaintAction.MARKED_SEVERE, actor=actor, at=now,
               reason=rec.reasons[0], details={"automatic": True})  # fmt: skip
    routing.route(session, complaint=complaint, actor=actor, at=now, reason=Reason(TextCode.COMPLAINT_ROUTED))


def can_see(user: User, complaint: Complaint) -> bool:
    return user.role in DESK_ROLES or complaint.customer_id == user.id


def get_visible_complaint(
    session: Session, *, complaint_id: uuid.UUID, user: User, for_update: bool = False
) -> Complaint:
    """The complaint if ``user`` may see it; another customer's is "not found"."""
    complaint = repository.get(session, complaint_id=complaint_id, for_update=for_update)
    if complaint is None or not can_see(user, complaint):
        raise ComplaintNotFound()
    return complaint


def lock_for_decision(session: Session, *, complaint_id: uuid.UUID, user: User) -> Complaint:
    """The complaint, locked for a decision that may move its claim: the claim's row is locked
    first, then the complaint's — the one lock order (claim, then its estimate or complaint
    rows), so two transactions never wait on each other in a cycle."""
    complaint = get_visible_complaint(session, complaint_id=complaint_id, user=user)
    claims_repository.get(session, claim_id=complaint.claim_id, for_update=True)
    return get_visible_complaint(session, complaint_id=complaint_id, user=user, for_update=True)


def is_overdue(complaint: Complaint, now: datetime) -> bool:
    step = complaint.status in OPEN_STATUSES and complaint.step_due_at <= now
    return step or (complaint.feedback_at is None and complaint.feedback_due_at <= now)


def reclassify(
    session: Session, *, complaint: Complaint, actor: Actor, cause: Cause, reason: str, now: datetime
) -> Complaint:
    before = complaint.cause
    complaint.cause = cause
    complaint.cause_set_by_handler = True
    complaint.updated_at = now
    record(
        session,
        complaint=complaint,
        action=ComplaintAction.RECLASSIFIED,
        actor=actor,
        at=now,
        reason=reason,
        details={"from": before.value if before else None, "to": cause.value},
    )
    return complaint


def analyse_dispute(
    session: Session,
    *,
    complaint: Complaint,
    actor: Actor,
    analysis_create: AnalysisCreate,
    settings: DisputeSettings,
    now: datetime,
) -> ComplaintAnalysis:
    """Compare the customer's figure with the disputed estimate version, line by line; store
    the figure, the estimate snapshot and the result so the analysis can be reproduced."""
    if complaint.status is ComplaintStatus.CLOSED:
        raise IllegalComplaintMove("The complaint is closed.")
    claim = session.get(Claim, complaint.claim_id)
    assert claim is not None
    if analysis_create.document_id is not None:
        figure = inputs.figure_from_document(
            session, claim=claim, document_id=analysis_create.document_id, body=analysis_create
        )
    else:
        figure = inputs.build_figure(analysis_create)
    if analysis_create.estimate is not None:
        estimate = inputs.build_snapshot(analysis_create.estimate, claim=claim)
    else:
        estimate = inputs.stored_snapshot(session, claim=claim, version=complaint.estimate_version)
    if estimate.currency != claim.currency or figure.total.currency != claim.currency:
        raise InvalidFigure(f"amounts must be in the claim's currency, {claim.currency}")
    if complaint.estimate_version is not None and complaint.estimate_version != estimate.version:
        raise InvalidEstimate(
            f"the complaint disputes estimate version {complaint.estimate_version}, not {estimate.version}"
        )
    fingerprint = figure.fingerprint()
    seen = repository.same_material(session, fingerprint=fingerprint, complaint_id=complaint.id)
    repeated = [(str(claim_id), claim_id == complaint.claim_id) for _, claim_id in seen]
    result = analyse(
        figure=figure, estimate=estimate, above_market_factor=settings.above_market_factor, repeated_on=repeated
    )
    classification = classify(complaint.text, settings.keyword_rules(), extra=[complaint.demand])
    rec = recommend(
        cause=complaint.cause,
        classification=classification,
        analysis=result,
        prior_unresolved=repository.unresolved_on_claim(session, claim_id=complaint.claim_id, excluding=complaint.id),
        settings=settings,
        currency=estimate.currency,
    )
    row = ComplaintAnalysis(
        id=uuid.uuid4(),
        complaint_id=complaint.id,
        claim_id=complaint.claim_id,
        created_by_id=actor.user_id,
        estimate_version=estimate.version,
        estimate_snapshot=estimate.to_json(),
        figure=figure_to_json(figure),
        result=analysis_to_json(result, rec),
        fingerprint=fingerprint,
        gap=result.gap.amount,
        currency=estimate.currency,
        created_at=now,
    )
    session.add(row)
    if complaint.estimate_version is None:
        complaint.estimate_version = estimate.version
    complaint.updated_at = now
    record(
        session,
        complaint=complaint,
        action=ComplaintAction.ANALYSED,
        actor=actor,
        at=now,
        reason=Reason(
            TextCode.ANALYSED_GAP,
            {"gap": str(result.gap.amount), "currency": result.gap.currency, "version": estimate.version},
        ),
        details={"analysis_id": str(row.id), "flags": sorted(f.value for f in result.flags)},
    )
    # the disputed total may put the amount far above the estimate (api.customers.rules)
    recompute_risk(
        session, customer_id=complaint.customer_id, now=now, above_market_factor=settings.above_market_factor
    )
    log.info("complaint.analysed", complaint_id=str(complaint.id), flags=sorted(f.value for f in result.flags))
    return row


def explanation(
    session: Session, *, complaint: Complaint, lang: Lang, settings: DisputeSettings
) -> tuple[CustomerExplanation, int]:
    """The customer's explanation, re-computed from the stored snapshot and figure."""
    row = repository.latest_analysis(session, complaint_id=complaint.id)
    if row is None:
        raise IllegalComplaintMove("No amount analysis has been made for this complaint yet.")
    result = analyse(
        figure=figure_from_json(row.figure),
        estimate=EstimateSnapshot.from_json(row.estimate_snapshot),
        above_market_factor=settings.above_market_factor,
    )
    return explain(result, lang), row.estimate_version


def facts_of(complaint: Complaint) -> ComplaintFacts:
    steps = tuple(
        StepFacts(s.level, s.started_at, s.due_at, None if s.overdue else s.ended_at) for s in complaint.steps
    )
    return ComplaintFacts(
        complaint.id,
        complaint.customer_id,
        complaint.cause,
        complaint.received_at,
        complaint.feedback_due_at,
        complaint.feedback_at,
        steps,
    )


def weekly(session: Session, *, week: str, tz: tzinfo, settings: DisputeSettings, now: datetime) -> WeeklyReport:
    try:
        start, end = week_bounds(*parse_week(week), tz)
    except ValueError as exc:
        raise InvalidWeek(str(exc)) from exc
    since = min(start, end - timedelta(days=settings.repeat_window_days))
    rows = repository.for_report(session, since=since, until=end)
    report = weekly_report(
        [facts_of(c) for c in rows],
        week=week,
        tz=tz,
        now=now,
        repeat_window_days=settings.repeat_window_days,
        repeat_complaints=settings.repeat_complaints,
    )
    return replace(report, satisfaction=weekly_satisfaction(session, start=start, end=end))
