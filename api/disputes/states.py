"""The complaint's lifecycle as data: statuses, channels, decisions and audit actions."""

from __future__ import annotations

from enum import StrEnum


class Channel(StrEnum):
    PHONE = "phone"
    APP = "app"
    WEB = "web"


class ComplaintStatus(StrEnum):
    OPEN = "open"  # received, being verified and handled at its current level
    PENDING_APPROVAL = "pending_approval"  # a decision above the decider's authority
    AWAITING_CONFIRMATION = "awaiting_confirmation"  # feedback given; the customer confirms
    CLOSED = "closed"  # the customer confirmed


OPEN_STATUSES = frozenset({ComplaintStatus.OPEN, ComplaintStatus.PENDING_APPROVAL})


class Verdict(StrEnum):
    JUSTIFIED = "justified"
    PARTLY_JUSTIFIED = "partly_justified"
    NOT_JUSTIFIED = "not_justified"  # explained with evidence


class DecisionStatus(StrEnum):
    APPROVED = "approved"  # within authority, or approved by a supervisor
    PENDING_APPROVAL = "pending_approval"
    REJECTED = "rejected"


class ComplaintAction(StrEnum):
    RECEIVED = "received"
    RECLASSIFIED = "reclassified"
    ANALYSED = "analysed"
    DECIDED = "decided"
    APPROVAL_REQUESTED = "approval_requested"
    APPROVED = "approved"
    REJECTED = "rejected"
    FEEDBACK_GIVEN = "feedback_given"
    ESCALATED = "escalated"
    CONFIRMED = "confirmed"
    FOLLOW_UP_CREATED = "follow_up_created"
    DELIVERED = "delivered"  # an approved decision's remedies carried out (see OutcomeKind)
    REASSESSMENT_RECORDED = "reassessment_recorded"
    # routing and contact (issue 14 item 3)
    ASSIGNED = "assigned"
    MARKED_SEVERE = "marked_severe"
    MARKED_UPSET = "marked_upset"
    CONTACT_LOGGED = "contact_logged"
    DELAY_NOTICE_SENT = "delay_notice_sent"
    FOLLOW_UP_RECORDED = "follow_up_recorded"
    MEDIATION_OFFERED = "mediation_offered"
    STAFF_LINKED = "staff_linked"


class Delivery(StrEnum):
    """How an approved compensation reaches the money: a payment adjustment added to the
    payable, or an estimate revision (a new version citing the complaint, approved as usual)."""

    PAYMENT_ADJUSTMENT = "payment_adjustment"
    ESTIMATE_REVISION = "estimate_revision"


class Reassessor(StrEnum):
    INTERNAL = "internal"  # another adjuster of ours
    THIRD_PARTY = "third_party"  # 第三方定损复核


class OutcomeKind(StrEnum):
    """What a decision did, one row each: the customer sees these, the desk audits them."""

    PAYMENT_ADJUSTMENT = "payment_adjustment"
    ESTIMATE_REVISION = "estimate_revision"
    DEADLINE_MOVED = "deadline_moved"
    VOUCHER_ISSUED = "voucher_issued"
    REASSESSMENT_ORDERED = "reassessment_ordered"
    REASSESSMENT_RECORDED = "reassessment_recorded"
