"""The adjuster's queue page and its assignment buttons: the same filters, sort and service as
``GET /queue`` and ``POST/DELETE /claims/{claim_id}/assignment``."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Form, Request, Response

from api.auth.roles import ADJUSTER_ROLES
from api.db.base import utcnow
from api.deps import SessionDep
from api.queue import service
from api.queue.endpoints import QUEUE_ROLES, QueueQueryDep
from api.queue.schemas import AiStatus, QueueSort
from api.web.render import PageRoute, redirect, render
from api.web.session import CsrfChecked, PageUser, require
from api.workflow.states import CaseTier

router = APIRouter(route_class=PageRoute, include_in_schema=False)


@router.get("/web/queue")
def queue(request: Request, session: SessionDep, user: PageUser, query: QueueQueryDep) -> Response:
    require(user, *QUEUE_ROLES)
    now = utcnow()
    filters = service.filters(query, user=user)
    items, total = service.list_queue(
        session, filters=filters, sort=query.sort, now=now, limit=query.limit, offset=query.offset
    )
    context = {
        "items": items,
        "total": total,
        "query": query,
        "now": now,
        "tiers": list(CaseTier),
        "ai_statuses": list(AiStatus),
        "sorts": list(QueueSort),
        "can_take": user.role in ADJUSTER_ROLES,
    }
    return render(request, "staff/queue.html", context)


@router.post("/web/claims/{claim_id}/assignment")
def assignment(
    claim_id: uuid.UUID,
    session: SessionDep,
    user: PageUser,
    _csrf: CsrfChecked,
    action: Annotated[Literal["take", "release"], Form()],
    back: Annotated[str, Form(max_length=500, pattern=r"^/web/queue(\?[^\s]*)?$")] = "/web/queue",
) -> Response:
    """Take the claim or put it back, as the API's assignment does (the same service)."""
    require(user, *ADJUSTER_ROLES)
    if action == "take":
        service.assign(session, claim_id=claim_id, user=user, assignee_id=None, now=utcnow())
    else:
        service.release(session, claim_id=claim_id, user=user, now=utcnow())
    return redirect(back)
