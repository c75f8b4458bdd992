"""HTTP for the customer profile and its service tags (issue 14 item 5); who may call what is
decided in ``api.customers.service``."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, status

from api.customers import service
from api.customers.schemas import CustomerProfile, TagCreate, TagRead
from api.db.base import utcnow
from api.deps import CurrentUser, SessionDep
from api.errors import problem_responses

router = APIRouter(tags=["customers"])


@router.get("/customers/{customer_id}/profile", responses=problem_responses(401, 403, 404, 422))
def profile(customer_id: uuid.UUID, session: SessionDep, user: CurrentUser) -> CustomerProfile:
    """Staff only: the customer's policies (from confirmed OCR readings), claims, complaints,
    surveys, fraud signals, service tags and the stored high-risk flag with its reasons."""
    return service.profile(session, customer_id=customer_id, user=user)


@router.post(
    "/customers/{customer_id}/tags",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(401, 403, 404, 409, 422),
)
def add_tag(customer_id: uuid.UUID, body: TagCreate, session: SessionDep, user: CurrentUser) -> TagRead:
    """Put a manual service tag on the customer (handlers and supervisors); an active tag with
    the same label is a 409."""
    row = service.add_tag(session, customer_id=customer_id, user=user, label=body.label, now=utcnow())
    return TagRead.model_validate(row)


@router.delete("/customers/{customer_id}/tags/{tag_id}", responses=problem_responses(401, 403, 404, 409, 422))
def remove_tag(customer_id: uuid.UUID, tag_id: uuid.UUID, session: SessionDep, user: CurrentUser) -> TagRead:
    """Remove a manual tag; it stays on record with who removed it and when."""
    row = service.remove_tag(session, customer_id=customer_id, tag_id=tag_id, user=user, now=utcnow())
    return TagRead.model_validate(row)
