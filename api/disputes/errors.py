from __future__ import annotations

from api.errors import Conflict, InvalidInput, NotFound, PermissionDenied


class ComplaintNotFound(NotFound):
    code = "complaint-not-found"
    title = "Complaint not found"


class InvalidFigure(InvalidInput):
    code = "invalid-figure"
    title = "The customer's figure is not valid"


class QuoteUnreadable(InvalidInput):
    code = "quote-unreadable"
    title = "The repair quote could not be read"


class InvalidEstimate(InvalidInput):
    code = "invalid-estimate"
    title = "The estimate snapshot is not valid"


class IllegalComplaintMove(Conflict):
    code = "illegal-complaint-move"
    title = "Not possible in the complaint's current status"


class AboveAuthority(PermissionDenied):
    code = "above-authority"
    title = "Above this role's compensation authority"


class InvalidWeek(InvalidInput):
    code = "invalid-week"
    title = "Not an ISO week"


class InvalidDecision(InvalidInput):
    code = "invalid-decision"
    title = "The decision's remedies and their details do not agree"


class NotAtThisLevel(PermissionDenied):
    code = "not-at-this-level"
    title = "This role does not act at the complaint's level"


class SupervisorRequired(PermissionDenied):
    code = "severe-needs-supervisor"
    title = "A severe complaint is decided by a supervisor"


class CustomerUpset(Conflict):
    """No solution is proposed while the customer is upset: the calming-contact gate."""

    code = "customer-upset"
    title = "The customer is upset: log a calming contact before proposing a solution"


class InvalidAssignee(InvalidInput):
    code = "invalid-assignee"
    title = "This user cannot hold the complaint at its level"


class InvalidDelay(InvalidInput):
    code = "invalid-delay"
    title = "The delay notice's new time is not valid"


class NonNeutralWording(InvalidInput):
    code = "non-neutral-wording"
    title = "Text for the customer uses wording to avoid"


class NotStaff(InvalidInput):
    code = "not-staff"
    title = "A complaint is linked to a member of staff"
