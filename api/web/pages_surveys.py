"""The customer's revisit surveys page: the sent surveys, a form for each unanswered one.
Presentation only: the same service as ``/me/surveys`` and ``POST /surveys/{id}/answers``."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from pydantic import ValidationError

from api.auth.roles import Role
from api.db.base import utcnow
from api.deps import SessionDep
from api.surveys import service
from api.surveys.schemas import SurveyAnswer
from api.surveys.states import SCORE_ITEMS
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
