"""The adjuster's queue page and its assignment buttons: the same filters, sort and service as
``GET /queue`` and ``POST/DELETE /claims/{claim_id}/assignment``."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request, Response

from api.auth.roles import ADJUSTER_ROLES
from api.db.base import utcnow
from api.deps import SessionDep
from api.errors import InvalidInput
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
    adjusters = service.adjusters(session)
    previous = query.offset - query.limit if query.offset > 0 else None
    following = query.offset + query.limit if query.offset + query.limit < total else None
    context = {
        "prev_url": _at(request, max(0, previous)) if previous is not None else None,
        "next_url": _at(request, following) if following is not None else None,
        "items": items,
        "total": total,
        "query": query,
        "now": now,
        "tiers": list(CaseTier),
        "ai_statuses": list(AiStatus),
        "sorts": list(QueueSort),
        "can_take": user.role in ADJUSTER_ROLES,
        # Everyone filters by adjuster (the queue shows who holds what); whoever may assign to
        # someone else (the service's policy) picks from the same list.
        "adjusters": adjusters,
        "assignees": adjusters if service.may_assign_others(user) else (),
    }
    return render(request, "staff/queue.html", context)


def _at(request: Request, offset: int) -> str:
    """This queue page at another ``offset``, with the same filters, sort and page size."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "offset"]
    return f"/web/queue?{urlencode([*params, ('offset', str(offset))])}"


@router.post("/web/claims/{claim_id}/assignment")
def assignment(
    claim_id: uuid.UUID,
    session: SessionDep,
    user: PageUser,
    _csrf: CsrfChecked,
    action: Annotated[Literal["take", "assign", "release"], Form()],
    assignee_id: Annotated[uuid.UUID | None, Form()] = None,
    back: Annotated[str, Form(max_length=500, pattern=r"^/web/queue(\?[^\s]*)?$")] = "/web/queue",
) -> Response:
    """Take the claim, assign it to ``assignee_id`` (who may: the service's policy), or put it
    back, as the API's assignment does (the same service)."""
    require(user, *ADJUSTER_ROLES)
    if action in ("take", "assign"):
        if action == "assign" and assignee_id is None:
            raise InvalidInput("Choose the adjuster to assign the claim to.")
        chosen = assignee_id if action == "assign" else None
        service.assign(session, claim_id=claim_id, user=user, assignee_id=chosen, now=utcnow())
    else:
        service.release(session, claim_id=claim_id, user=user, now=utcnow())
    return redirect(back)
