"""The signature as the 定损单 prints it: who signed, when, and the signed content's hash prefix."""

from __future__ import annotations

from datetime import tzinfo

from sqlalchemy.orm import Session

from api.db.models import Claim
from api.reports.view import stamp
from api.signing import repository
from api.signing.service import binding_intact

HASH_PREFIX = 16


def signature_line(session: Session, *, claim: Claim, version: int, tz: tzinfo) -> str | None:
    """``None`` when the version is unsigned; a note when it no longer hashes to what was signed."""
    row = repository.signature(session, claim_id=claim.id, version=version)
    if row is None:
        return None
    line = (
        f"客户本人验证码签署 signed by the customer with a one-time code, "
        f"{stamp(row.signed_at, tz)} · SHA-256 {row.content_sha256[:HASH_PREFIX]}"
    )
    if not binding_intact(session, signature=row):
        line += " · 内容与签署时不一致 does not match what was signed"
    return line
