"""The staff's customer profile page (issue 14 item 5) and its service-tag forms: the same
service as ``GET /customers/{id}/profile`` and ``POST/DELETE /customers/{id}/tags``."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Form, Request, Response

from api.customers import service
from api.customers.schemas import TAG_WRITERS
from api.db.base import utcnow
from api.deps import SessionDep
from api.web.render import PageRoute, redirect, render
from api.web.session import CsrfChecked, PageUser

router = APIRouter(route_class=PageRoute, include_in_schema=False)


@router.get("/web/customers/{customer_id}")
def profile(customer_id: uuid.UUID, request: Request, session: SessionDep, user: PageUser) -> Response:
    found = service.profile(session, customer_id=customer_id, user=user)
    staff = {t.added_by_id for t in found.tags} | {t.removed_by_id for t in found.tags if t.removed_by_id}
    context = {
        "profile": found,
        "active_tags": [t for t in found.tags if t.removed_at is None],
        "removed_tags": [t for t in found.tags if t.removed_at is not None],
        "staff": service.staff_by_id(session, user_ids=list(staff)),
        "can_tag": user.role in TAG_WRITERS,
    }
    return render(request, "staff/customer.html", context)


@router.post("/web/customers/{customer_id}/tags")
def add_tag(
    customer_id: uuid.UUID,
    session: SessionDep,
    user: PageUser,
    _csrf: CsrfChecked,
    label: Annotated[str, Form(min_length=1, max_length=20)],
) -> Response:
    service.add_tag(session, customer_id=customer_id, user=user, label=label, now=utcnow())
    return redirect(f"/web/customers/{customer_id}#tags")


@router.post("/web/customers/{customer_id}/tags/{tag_id}/remove")
def remove_tag(
    customer_id: uuid.UUID, tag_id: uuid.UUID, session: SessionDep, user: PageUser, _csrf: CsrfChecked
) -> Response:
    service.remove_tag(session, customer_id=customer_id, tag_id=tag_id, user=user, now=utcnow())
    return redirect(f"/web/customers/{customer_id}#tags")
