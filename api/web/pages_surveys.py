"""The customer's revisit surveys page: the sent surveys, a form for each unanswered one; and the
desk's page of the priority follow-ups low scores open, each closed with a form. Presentation
only: the same services as ``/me/surveys``, ``POST /surveys/{id}/answers``, ``GET
/survey-follow-ups`` and ``POST /survey-follow-ups/{id}/closure``."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from pydantic import ValidationError

from api.auth.roles import Role
from api.customers.service import queue_risks
from api.db.base import utcnow
from api.deps import SessionDep
from api.disputes import desk_repository
from api.disputes.desk_states import ContactChannel
from api.errors import InvalidInput
from api.surveys import follow_ups, service
from api.surveys.schemas import FollowUpClose, SurveyAnswer
from api.surveys.states import SCORE_ITEMS, FollowUpOutcome, FollowUpStatus
from api.web.render import PageRoute, redirect, render
from api.web.session import CsrfChecked, PageUser, require

router = APIRouter(route_class=PageRoute, include_in_schema=False)


def _page(
    request: Request, session: SessionDep, user: PageUser, *, invalid: uuid.UUID | None = None, thanks: bool = False
) -> Response:
    surveys = service.my_surveys(session, user=user)
    context = {"surveys": surveys, "items": SCORE_ITEMS, "invalid": invalid, "thanks": thanks}
    return render(request, "customer/surveys.html", context, status_code=422 if invalid else 200)


@router.get("/web/surveys")
def surveys_page(request: Request, session: SessionDep, user: PageUser, answered: bool = False) -> Response:
    require(user, Role.CUSTOMER)
    return _page(request, session, user, thanks=answered)


@router.post("/web/surveys/{survey_id}/answers")
def answer_survey(
    survey_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    user: PageUser,
    _csrf: CsrfChecked,
    convenience: Annotated[str, Form(max_length=2)] = "",
    communication: Annotated[str, Form(max_length=2)] = "",
    amount_fairness: Annotated[str, Form(max_length=2)] = "",
    overall: Annotated[str, Form(max_length=2)] = "",
    improve: Annotated[str, Form(max_length=1000)] = "",
    would_return: Annotated[str, Form(max_length=8)] = "",
) -> Response:
    require(user, Role.CUSTOMER)
    scores = {"convenience": convenience, "communication": communication}
    scores |= {"amount_fairness": amount_fairness, "overall": overall}
    try:
        body = SurveyAnswer.model_validate({**scores, "improve": improve, "would_return": would_return or None})
    except ValidationError:
        return _page(request, session, user, invalid=survey_id)
    service.answer(session, user=user, revisit_id=survey_id, body=body, now=utcnow())
    return redirect("/web/surveys?answered=1")


@router.get("/web/survey-follow-ups")
def follow_ups_page(request: Request, session: SessionDep, user: PageUser) -> Response:
    """The open follow-ups (high-risk customers first, then the lowest score), a closing form on
    each for those who may close, and the closed ones with their record."""
    rows = follow_ups.listing(session, user=user, open_only=False)
    desk = {u.id: u for u in desk_repository.staff(session, roles=tuple(follow_ups.READERS))}
    context = {
        "open": [r for r in rows if r.status is FollowUpStatus.OPEN],
        "closed": sorted(
            (r for r in rows if r.status is not FollowUpStatus.OPEN),
            key=lambda r: r.closed_at or r.created_at,
            reverse=True,
        ),
        "customers": queue_risks(session, customer_ids=list({r.customer_id for r in rows})),
        "staff": desk,
        "may_close": user.role in follow_ups.CLOSERS,
        "channels": list(ContactChannel),
        "outcomes": list(FollowUpOutcome),
    }
    return render(request, "desk/survey_follow_ups.html", context)


@router.post("/web/survey-follow-ups/{follow_up_id}/closure")
def close_follow_up(
    follow_up_id: uuid.UUID,
    session: SessionDep,
    user: PageUser,
    _csrf: CsrfChecked,
    channel: Annotated[str, Form(max_length=16)],
    outcome: Annotated[str, Form(max_length=16)],
    customer_calmed: Annotated[str, Form(max_length=8)] = "",
    contacted_by_id: Annotated[str, Form(max_length=40)] = "",
    note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    follow_ups.ensure_may_close(user)  # the role first, as the API answers: 403 before the form is read
    calmed = {"yes": True, "no": False}.get(customer_calmed)
    try:
        body = FollowUpClose.model_validate(
            {"channel": channel, "outcome": outcome, "customer_calmed": calmed, "note": note,
             "contacted_by_id": contacted_by_id or None}
        )  # fmt: skip
    except ValidationError as exc:
        raise InvalidInput(str(exc).splitlines()[0]) from exc
    follow_ups.close(session, follow_up_id=follow_up_id, user=user, body=body, now=utcnow())
    return redirect(f"/web/survey-follow-ups#follow-up-{follow_up_id}")
