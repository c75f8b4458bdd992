from __future__ import annotations

from api.errors import InvalidInput, NotFound, PermissionDenied


class ClaimNotFound(NotFound):
    code = "claim-not-found"
    title = "Claim not found"


class InvalidClaim(InvalidInput):
    code = "invalid-claim"
    title = "Claim facts are inconsistent"


class ConsentNotYours(PermissionDenied):
    code = "training-consent-not-yours"
    title = "Only the claim's customer decides on training consent"
