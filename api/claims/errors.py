from __future__ import annotations

from api.errors import InvalidInput, NotFound


class ClaimNotFound(NotFound):
    code = "claim-not-found"
    title = "Claim not found"


class InvalidClaim(InvalidInput):
    code = "invalid-claim"
    title = "Claim facts are inconsistent"
