"""Service quality on the supervisor's dashboard (issue 14 item 6; the seed's 投诉处理考核: 差评率
and satisfaction in each employee's review). A complaint is linked to the staff responsible for
what it is about; from the links, the complaints each member of staff held and the steps they
held, per employee and per team over a window of ISO weeks:

- 差评率: complaints linked to them ÷ claims they acted on (the claim audit trail);
- satisfaction: complaints they held answered "satisfied" ÷ those answered either way;
- deadline hit rate: steps they held met on time ÷ steps whose deadline is decided — met, or
  passed unmet (a deadline still ahead counts neither way, as in the weekly report);
- survey satisfaction: the mean overall score (1–5) of the revisit surveys answered in the window
  on claims they handled — acted on in the claim's audit trail, or held a complaint (or one of its
  steps) on it. A survey counts once for each member of staff who handled its claim.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Final

from sqlalchemy.orm import Session

from api.auth.actor import Actor
from api.auth.roles import Role
from api.db.models import User
from api.disputes import desk_repository
from api.disputes.desk_models import ComplaintStaffLink
from api.disputes.desk_states import DeskAction
from api.disputes.errors import IllegalComplaintMove, InvalidWeek, NotStaff
from api.disputes.models import Complaint, ComplaintStep
from api.disputes.report import parse_week, week_bounds
from api.disputes.routing import ensure_may_act
from api.disputes.service import record
from api.disputes.states import ComplaintAction
from api.disputes.trend import Filed, finer_cause, week_on_week

TEAM_OF_ROLE: Final = {
    Role.COMPLAINT_HANDLER: "front_line",
    Role.SENIOR_ADJUSTER: "senior_claims",
    Role.SUPERVISOR: "customer_service",
    Role.JUNIOR_ADJUSTER: "assessment",
    Role.ADMIN: "administration",
}


def link_staff(
    session: Session, *, complaint: Complaint, user: User, staff_id: uuid.UUID, reason: str, now: datetime
) -> ComplaintStaffLink:
    """Link the complaint to a member of staff responsible for what it is about (once each)."""
    ensure_may_act(complaint, role=user.role, action=DeskAction.LINK_STAFF)
    target = session.get(User, staff_id)
    if target is None or target.role is Role.CUSTOMER:
        raise NotStaff("Link the complaint to a member of staff.")
    if desk_repository.link_exists(session, complaint_id=complaint.id, user_id=target.id):
        raise IllegalComplaintMove("This member of staff is already linked to the complaint.")
    row = ComplaintStaffLink(
        id=uuid.uuid4(), complaint_id=complaint.id, user_id=target.id, linked_by_id=user.id, at=now, reason=reason
    )
    session.add(row)
    record(session, complaint=complaint, action=ComplaintAction.STAFF_LINKED, actor=Actor.of(user), at=now,
           reason=reason, details={"user_id": str(target.id), "role": target.role.value})  # fmt: skip
    return row


def _rate(num: int, den: int) -> Decimal | None:
    return (Decimal(num) / Decimal(den)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP) if den else None


def _mean(total: int, count: int) -> Decimal | None:
    """The mean of 1–5 scores to two places (``4.33``), None without any."""
    return (Decimal(total) / Decimal(count)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) if count else None


@dataclass
class Tally:
    """One row of the dashboard: an employee or a team."""

    claims_handled: int = 0
    complaints: int = 0
    answered: int = 0
    satisfied: int = 0
    deadlines_decided: int = 0
    deadlines_met: int = 0
    deadlines_pending: int = 0
    surveys: int = 0
    survey_overall_total: int = 0
    members: set[uuid.UUID] = field(default_factory=set)

    def add(self, other: Tally) -> None:
        for name in ("claims_handled", "complaints", "answered", "satisfied", "deadlines_decided",
                     "deadlines_met", "deadlines_pending", "surveys", "survey_overall_total"):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.members |= other.members

    def to_json(self) -> dict[str, Any]:
        rates = {
            "bad_review_rate": _rate(self.complaints, self.claims_handled),
            "satisfaction": _rate(self.satisfied, self.answered),
            "deadline_hit_rate": _rate(self.deadlines_met, self.deadlines_decided),
            "survey_satisfaction": _mean(self.survey_overall_total, self.surveys),
        }
        counts = {k: v for k, v in vars(self).items() if k != "members"}
        return counts | {k: None if v is None else str(v) for k, v in rates.items()}


def step_outcome(step: ComplaintStep, now: datetime) -> str:
    """met / missed / pending, as the weekly report counts a deadline."""
    on_time = step.ended_at is not None and not step.overdue and step.ended_at <= step.due_at
    if on_time:
        return "met"
    return "pending" if step.due_at > now else "missed"


def tally(
    *,
    complaints: Iterable[Complaint],
    links: Iterable[ComplaintStaffLink],
    steps: Iterable[ComplaintStep],
    claims_handled: dict[uuid.UUID, int],
    now: datetime,
    surveys: Iterable[tuple[uuid.UUID, int]] = (),
    claim_staff: Mapping[uuid.UUID, set[uuid.UUID]] | None = None,
) -> dict[uuid.UUID, Tally]:
    """Per member of staff: the figures above (pure: the rows are already loaded). ``surveys`` are
    (claim id, overall score); ``claim_staff`` who handled each claim."""
    rows: dict[uuid.UUID, Tally] = defaultdict(Tally)
    for claim_id, overall in surveys:
        for user_id in (claim_staff or {}).get(claim_id, set()):
            rows[user_id].surveys += 1
            rows[user_id].survey_overall_total += overall
    for link in links:
        rows[link.user_id].complaints += 1
    for c in complaints:
        if c.assignee_id is not None and c.satisfied is not None:
            rows[c.assignee_id].answered += 1
            rows[c.assignee_id].satisfied += int(c.satisfied)
    for step in steps:
        if step.assignee_id is None:
            continue
        outcome = step_outcome(step, now)
        row = rows[step.assignee_id]
        row.deadlines_pending += outcome == "pending"
        row.deadlines_decided += outcome != "pending"
        row.deadlines_met += outcome == "met"
    for user_id in list(rows):
        rows[user_id].claims_handled = claims_handled.get(user_id, 0)
        rows[user_id].members = {user_id}
    return dict(rows)


def window(week: str, weeks: int, tz: tzinfo) -> tuple[datetime, datetime]:
    """The ``weeks`` ISO weeks ending with ``week``."""
    try:
        start, end = week_bounds(*parse_week(week), tz)
    except ValueError as exc:
        raise InvalidWeek(str(exc)) from exc
    return start - timedelta(weeks=weeks - 1), end


def dashboard(session: Session, *, week: str, weeks: int, tz: tzinfo, now: datetime) -> dict[str, Any]:
    """Per employee and per team, over the window (see the module docstring)."""
    since, until = window(week, weeks, tz)
    complaints = desk_repository.complaints_between(session, since=since, until=until)
    links = desk_repository.links_for(session, complaint_ids=[c.id for c in complaints])
    steps = desk_repository.steps_due_between(session, since=since, until=until)
    handled = desk_repository.claims_handled(session, since=since, until=until)
    surveys = desk_repository.surveys_answered(session, since=since, until=until)
    claim_staff = desk_repository.staff_of_claims(session, claim_ids=list({claim_id for claim_id, _ in surveys}))
    rows = tally(complaints=complaints, links=links, steps=steps, claims_handled=handled, now=now,
                 surveys=surveys, claim_staff=claim_staff)  # fmt: skip
    users = {u.id: u for u in desk_repository.users(session, ids=list(rows))}
    teams: dict[str, Tally] = defaultdict(Tally)
    employees = []
    for user_id, row in rows.items():
        user = users.get(user_id)
        if user is None or user.role is Role.CUSTOMER:
            continue
        team = TEAM_OF_ROLE.get(user.role, "administration")
        teams[team].add(row)
        employees.append({"user_id": str(user_id), "role": user.role.value, "team": team, **row.to_json()})
    employees.sort(key=lambda e: (-(e["complaints"]), e["team"], e["user_id"]))
    return {
        "week": week,
        "weeks": weeks,
        "since": since.isoformat(),
        "until": until.isoformat(),
        "employees": employees,
        "teams": [{"team": t, "members": len(v.members), **v.to_json()} for t, v in sorted(teams.items())],
    }


def weekly_causes(session: Session, *, week: str, tz: tzinfo) -> dict[str, Any]:
    """The weekly review by cause and finer cause, against the week before (``trend``)."""
    start, end = window(week, 1, tz)
    before = start - timedelta(weeks=1)
    year, number, _ = before.isocalendar()
    complaints = desk_repository.complaints_between(session, since=before, until=end)
    rows = [Filed(c.received_at, c.cause, finer_cause(c.text, c.demand, c.cause)) for c in complaints]
    return week_on_week(rows, week=week, previous=f"{year}-W{number:02d}", bounds=(start, end), before=(before, start))
