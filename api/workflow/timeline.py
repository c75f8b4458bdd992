"""The customer's progress view (进度查询): the four statuses, when each was reached, and the
published deadline beside it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from api.db.models import AuditEvent, Claim
from api.workflow.schemas import Timeline, TimelineStep
from api.workflow.states import CUSTOMER_STATUS, AuditAction, CustomerStatus

ORDER = list(CustomerStatus)


def build_timeline(claim: Claim, events: Sequence[AuditEvent], *, now: datetime) -> Timeline:
    current = claim.customer_status
    current_index = ORDER.index(current)
    reached: dict[CustomerStatus, datetime] = {}
    for event in events:  # oldest first: the latest entry into each status wins
        if event.action is AuditAction.CREATED:
            reached[CustomerStatus.DOCUMENTS_SUBMITTED] = event.at
        elif event.action is AuditAction.TRANSITION and event.to_state is not None:
            status = CUSTOMER_STATUS[event.to_state]
            if event.from_state is None or CUSTOMER_STATUS[event.from_state] != status:
                reached[status] = event.at
    due = {
        CustomerStatus.ASSESSMENT_DONE: claim.assessment_due_at,
        CustomerStatus.AWAITING_PAYMENT: claim.payment_due_at,
    }
    steps = []
    for index, status in enumerate(ORDER):
        reached_at = reached.get(status) if index <= current_index else None
        due_at = due.get(status)
        # Reached is done, except 待支付: the current step until the payment closes the claim.
        done = index < current_index or (index == current_index and status is not CustomerStatus.AWAITING_PAYMENT)
        steps.append(
            TimelineStep(
                status=status,
                label=status.label,
                reached_at=reached_at,
                due_at=due_at,
                current=index == current_index,
                done=done,
                overdue=due_at is not None and not done and now > due_at,
            )
        )
    return Timeline(
        claim_id=claim.id,
        tier=claim.tier,
        status=current,
        status_label=current.label,
        steps=steps,
    )
