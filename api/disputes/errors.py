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
