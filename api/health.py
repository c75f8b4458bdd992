from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from api.db.migrate import is_at_head
from api.deps import StateDep
from api.errors import ServiceUnavailable, problem_responses

router = APIRouter(tags=["health"])


class NotReady(ServiceUnavailable):
    code = "not-ready"
    title = "Service not ready"


class HealthRead(BaseModel):
    status: Literal["ok"] = "ok"


class ReadyRead(BaseModel):
    status: Literal["ready"] = "ready"
    database: Literal["ok"] = "ok"
    migrations: Literal["head"] = "head"


@router.get("/health")
def health() -> HealthRead:
    """Liveness: the process answers."""
    return HealthRead()


@router.get("/ready", responses=problem_responses(503))
def ready(state: StateDep) -> ReadyRead:
    """Readiness: the database answers and its schema is at the latest migration."""
    try:
        with state.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        at_head = is_at_head(state.engine)
    except SQLAlchemyError as exc:
        raise NotReady("The database is not reachable.") from exc
    if not at_head:
        raise NotReady("The database schema is not at the latest migration.")
    return ReadyRead()
