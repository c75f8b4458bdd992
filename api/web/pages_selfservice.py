"""Self-service pages, open to everyone (signed in or not): the claims guide with the document
checklist per scenario, the published deadlines with their monthly achievement rates, and the
FAQ with an answer box. The same data as the API (``api.selfservice``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy.orm import Session

from api.db.base import utcnow
from api.db.models import Claim
from api.deps import SessionDep, StateDep
from api.selfservice import faq, service
from api.selfservice.checklist import NEEDS, Scenario
from api.web.render import PageRoute, render
from api.web.session import user_from_cookie
from api.workflow.states import CaseTier

router = APIRouter(route_class=PageRoute, include_in_schema=False)


def _visitor(request: Request, session: SessionDep, state: StateDep) -> None:
    """Show the signed-in header to a signed-in visitor; nobody is asked to sign in here."""
    user = user_from_cookie(session, state, request)
    if user is not None:
        request.state.page_user = user


@router.get("/web/guide")
def guide(
    request: Request, session: SessionDep, state: StateDep, q: Annotated[str, Query(max_length=200)] = ""
) -> Response:
    _visitor(request, session, state)
    context = {
        "checklists": [(scenario, [str(k) for k in NEEDS[scenario]]) for scenario in Scenario],
        "q": q,
        "answers": faq.answer(q) if q.strip() else [],
    }
    return render(request, "public/guide.html", context)


@router.get("/web/deadlines")
def deadlines(request: Request, session: SessionDep, state: StateDep) -> Response:
    _visitor(request, session, state)
    rows = service.achievement(session, now=utcnow(), tz=state.tz)
    months = list(dict.fromkeys(r.month for r in rows))
    table = {(r.month, r.tier, r.step.value): r for r in rows}
    return render(request, "public/deadlines.html", {"months": months, "tiers": list(CaseTier), "table": table})


@router.get("/web/faq")
def faq_page(
    request: Request, session: SessionDep, state: StateDep, q: Annotated[str, Query(max_length=200)] = ""
) -> Response:
    _visitor(request, session, state)
    context = {
        "entries": faq.base().entries,
        "q": q,
        "answers": faq.answer(q) if q.strip() else [],
        "asked": bool(q.strip()),
    }
    return render(request, "public/faq.html", context)


def claim_extras(session: Session, *, claim: Claim, staff: bool) -> dict[str, object]:
    """For the claim page: the claim's document checklist; for staff also the FAQ's answers."""
    extras: dict[str, object] = {"checklist": service.claim_checklist(session, claim=claim)}
    if staff:
        extras["faq_entries"] = faq.base().entries
    return extras
