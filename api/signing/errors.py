from __future__ import annotations

from api.errors import Conflict, InvalidInput, NotFound, TooManyRequests


class NotSignable(Conflict):
    """The version is not the claim's latest approved one, or the claim is not waiting for it."""

    code = "estimate-not-signable"
    title = "Estimate version cannot be signed"


class CodeInvalid(InvalidInput):
    code = "signing-code-invalid"
    title = "Signing code is wrong"


class CodeExpired(Conflict):
    code = "signing-code-expired"
    title = "Signing code expired or used up; request a new one"


class ResendTooSoon(TooManyRequests):
    code = "signing-code-throttled"
    title = "A signing code was sent moments ago"


class NoSignature(NotFound):
    code = "no-signature"
    title = "Estimate not signed"
