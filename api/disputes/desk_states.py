"""The desk's vocabulary beyond the complaint's own lifecycle: what a handler does at a level,
how a contact with the customer went, and the improvement-actions register's departments."""

from __future__ import annotations

from enum import StrEnum


class DeskAction(StrEnum):
    """What a member of staff does to a complaint; who may do it at which level is one table in
    :mod:`api.disputes.routing`."""

    DECIDE = "decide"  # propose a solution (a decision)
    ESCALATE = "escalate"
    DELAY_NOTICE = "delay_notice"
    FOLLOW_UP = "follow_up"
    CONTACT = "contact"
    MARK = "mark"  # mark the customer upset or the complaint severe
    LINK_STAFF = "link_staff"
    ASSIGN = "assign"


class ContactChannel(StrEnum):
    PHONE = "phone"
    SMS = "sms"
    APP = "app"
    WEB = "web"
    EMAIL = "email"
    VISIT = "visit"


class ContactPurpose(StrEnum):
    INTAKE = "intake"
    CALMING = "calming"  # 客户心理疏导: calm the customer before a solution is proposed
    EXPLANATION = "explanation"
    FOLLOW_UP = "follow_up"  # an unconfirmed feedback followed up
    OTHER = "other"


class ContactOutcome(StrEnum):
    REACHED = "reached"
    NOT_REACHED = "not_reached"
    CONFIRMED_SATISFIED = "confirmed_satisfied"  # a follow-up: the customer confirms, satisfied
    NOT_SATISFIED = "not_satisfied"  # a follow-up: the customer is not satisfied
    ASKED_FOR_TIME = "asked_for_time"  # a follow-up: reached, the customer will answer later


# A follow-up that leaves the feedback unconfirmed: another one is due.
UNCONFIRMED_OUTCOMES = frozenset({ContactOutcome.REACHED, ContactOutcome.NOT_REACHED, ContactOutcome.ASKED_FOR_TIME})


class Department(StrEnum):
    """Who owns an improvement action (the seed's cross-functional group: technology, market,
    legal; and the claims and customer-service lines)."""

    CLAIMS = "claims"
    ASSESSMENT = "assessment"
    CUSTOMER_SERVICE = "customer_service"
    TECHNOLOGY = "technology"
    MARKETING = "marketing"
    LEGAL = "legal"


class ActionStatus(StrEnum):
    OPEN = "open"
    DONE = "done"  # carried out; evidence that it worked still to come
    EFFECTIVE = "effective"  # evidence recorded that it worked
    NOT_EFFECTIVE = "not_effective"  # evidence recorded that it did not
