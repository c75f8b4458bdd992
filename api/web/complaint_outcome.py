"""The customer's complaint card: the decision's neutral, line-by-line explanation (the same one
``GET /complaints/{id}/explanation`` gives), shown before the 满意/不满意 question."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from api.db.models import Claim
from api.disputes import service as disputes
from api.disputes.config import get_dispute_settings
from api.disputes.errors import IllegalComplaintMove
from api.disputes.explain import CustomerExplanation
from api.disputes.explain import Lang as ExplanationLang
from api.disputes.models import Complaint
from api.web.views import complaints_of


def outcome_context(session: Session, *, claim: Claim, lang: str) -> dict[str, Any]:
    """``complaint_explanations``: complaint id → explanation, for each decided complaint with
    an amount analysis (a complaint about timing has none: its decision's reason says it)."""
    found: dict[str, CustomerExplanation] = {}
    for complaint in complaints_of(session, claim=claim):
        if not isinstance(complaint, Complaint) or complaint.approved_decision is None:
            continue
        try:
            explanation, _ = disputes.explanation(
                session, complaint=complaint, lang=ExplanationLang(lang), settings=get_dispute_settings()
            )
        except IllegalComplaintMove:
            continue
        found[str(complaint.id)] = explanation
    return {"complaint_explanations": found}
