from __future__ import annotations

from api.errors import Conflict, InvalidInput, NotFound, PermissionDenied


class NoEstimate(NotFound):
    code = "no-estimate"
    title = "No such estimate version"


class NotPriceable(Conflict):
    code = "not-priceable"
    title = "Claim cannot be priced in its state"


class EstimateClosed(Conflict):
    """Editing or approving anything but the latest, unapproved version of a claim under review."""

    code = "estimate-closed"
    title = "Estimate version cannot be changed"


class AlreadyApproved(Conflict):
    code = "already-approved"
    title = "Estimate already approved"


class InvalidRevision(InvalidInput):
    code = "invalid-revision"
    title = "Invalid estimate revision"


class InvalidPricingInput(InvalidInput):
    code = "invalid-pricing-input"
    title = "Invalid pricing input"


class ApprovalRefused(PermissionDenied):
    code = "approval-refused"
    title = "Not allowed to approve this estimate"


class NothingToPrice(Conflict):
    code = "no-assessment-to-price"
    title = "No assessment to price"


class EstimateIncomplete(Conflict):
    code = "estimate-incomplete"
    title = "Estimate has lines awaiting pricing or review"
