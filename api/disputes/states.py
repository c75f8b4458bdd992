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
