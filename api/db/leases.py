"""Leasing rows to one worker: the claim/record pattern of the notification outbox, for any
table with an ``id``. The due rows are first locked with ``SELECT … FOR UPDATE SKIP LOCKED`` (on
PostgreSQL a row another worker is claiming is skipped; on SQLite the writer's BEGIN IMMEDIATE
serialises claims and the clause is not rendered), then exactly those rows are leased by a
conditional UPDATE; every later write is conditional on the lease still being held.

The select is its own statement on purpose: as a ``WHERE id IN (subquery)`` of the UPDATE,
PostgreSQL may run the subquery more than once (a rescan, or the recheck after a concurrent
update), locking rows it then does not lease; the other workers skip those, and a due job was
left untaken by six workers claiming thirty at once."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import ColumnElement, CursorResult, Result, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session


def lease_due(
    session: Session,
    model: Any,
    *,
    due: ColumnElement[bool],
    order_by: Sequence[InstrumentedAttribute[Any]],
    limit: int,
    values: dict[str, Any],
) -> int:
    """Set ``values`` (the lease) on up to ``limit`` rows of ``model`` that are ``due``, oldest
    first; returns how many. The caller commits at once, so no row lock outlives the claim."""
    candidates = select(model.id).where(due).order_by(*order_by).limit(limit).with_for_update(skip_locked=True)
    ids = session.scalars(candidates).all()
    if not ids:
        return 0
    return write_if(session, model, model.id.in_(ids) & due, values)


def write_if(session: Session, model: Any, condition: ColumnElement[bool], values: dict[str, Any]) -> int:
    """``UPDATE model SET values WHERE condition``; the number of rows written."""
    result: Result[Any] = session.execute(
        update(model).where(condition).values(**values),
        execution_options={"synchronize_session": False},
    )
    return cast("CursorResult[Any]", result).rowcount
