"""Self-service over HTTP: the document checklists (public, and one claim's), the published
deadlines with their monthly achievement rates (public), and the FAQ (public)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from api.claims.service import get_visible_claim
from api.db.base import utcnow
from api.deps import CurrentUser, SessionDep, StateDep
from api.errors import problem_responses
from api.selfservice import faq, service
from api.selfservice.checklist import NEEDS, Scenario
from api.workflow.states import CaseTier

router = APIRouter(tags=["self-service"])


class ChecklistItemRead(BaseModel):
    item: str = Field(description='"photos" (the guided shot list) or a document kind')
    have: bool


class ScenarioChecklistRead(BaseModel):
    scenario: Scenario
    items: list[str]


class ClaimChecklistRead(BaseModel):
    scenarios: list[Scenario]
    items: list[ChecklistItemRead]
    missing: list[str]


class MonthRateRead(BaseModel):
    month: str = Field(description="YYYY-MM, in the service's time zone")
    tier: CaseTier
    step: str = Field(description="assessment or payment")
    due: int = Field(description="Deadlines decided this month: met plus missed")
    met: int
    pending: int = Field(description="Due this month, still ahead and not met yet: counted neither way")
    rate: str | None = Field(description="met / due, 4 decimals; null when nothing fell due")


class FaqEntryRead(BaseModel):
    id: str
    question_zh: str
    question_en: str
    answer_zh: list[str]
    answer_en: list[str]


class FaqRead(BaseModel):
    version: str
    entries: list[FaqEntryRead]


def _entry(e: faq.FaqEntry) -> FaqEntryRead:
    return FaqEntryRead(
        id=e.id,
        question_zh=e.question_zh,
        question_en=e.question_en,
        answer_zh=list(e.answer_zh),
        answer_en=list(e.answer_en),
    )


@router.get("/guide/checklists")
def checklists() -> list[ScenarioChecklistRead]:
    """The documents each scenario needs (single vehicle, two vehicles, injury, small loss)."""
    return [ScenarioChecklistRead(scenario=s, items=[str(k) for k in NEEDS[s]]) for s in Scenario]


@router.get("/claims/{claim_id}/checklist", responses=problem_responses(401, 404, 422))
def claim_checklist(claim_id: uuid.UUID, session: SessionDep, user: CurrentUser) -> ClaimChecklistRead:
    """What the claim needs for its scenarios, what it has, and what is still missing."""
    claim = get_visible_claim(session, claim_id=claim_id, user=user)
    found = service.claim_checklist(session, claim=claim)
    return ClaimChecklistRead(
        scenarios=found.scenarios,
        items=[ChecklistItemRead(item=i.key, have=i.have) for i in found.items],
        missing=[i.key for i in found.missing],
    )


@router.get("/deadlines/achievement")
def achievement(session: SessionDep, state: StateDep) -> list[MonthRateRead]:
    """Each tier's assessment and payment deadlines met per month, for the last six months."""
    rows = service.achievement(session, now=utcnow(), tz=state.tz)
    return [
        MonthRateRead(
            month=r.month,
            tier=r.tier,
            step=r.step.value,
            due=r.due,
            met=r.met,
            pending=r.pending,
            rate=None if r.rate is None else str(r.rate),
        )
        for r in rows
    ]


@router.get("/faq", responses=problem_responses(422))
def faq_entries(q: Annotated[str, Query(max_length=faq.MAX_QUESTION)] = "") -> FaqRead:
    """The FAQ base; with ``q``, only the entries that answer it (best first, possibly none)."""
    entries = faq.answer(q) if q.strip() else list(faq.base().entries)
    return FaqRead(version=faq.base().version, entries=[_entry(e) for e in entries])
