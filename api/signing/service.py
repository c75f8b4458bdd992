"""Signing the approved estimate version with a one-time code.

The customer asks for a code for the claim's latest approved version (the only signable one);
six digits go out through their notification channel and only an HMAC of them is kept. The code
is good for ``CODE_TTL`` and ``MAX_ATTEMPTS`` tries; a new one may be asked for after
``RESEND_AFTER``, at most ``MAX_CODES_PER_HOUR`` an hour, and replaces the old. The right code
makes an ``EstimateSignature`` binding the version's content hash, time, device and user, and
moves the claim to awaiting payment (the signature is the acceptance).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

import structlog
from sqlalchemy.orm import Session

from api.auth.actor import Actor
from api.db.models import Claim, EstimateVersion, User
from api.estimates import repository as estimates_repository
from api.estimates.errors import NoEstimate
from api.reasons import Reason, TextCode
from api.signing import repository
from api.signing.codes import code_hash, code_matches, content_sha256, device_hash, new_code
from api.signing.delivery import send_code
from api.signing.errors import CodeExpired, CodeInvalid, NoSignature, NotSignable, ResendTooSoon
from api.signing.models import EstimateSignature, SigningCode
from api.workflow import service as workflow
from api.workflow.states import ClaimState, Gate

log = structlog.get_logger(__name__)

CODE_TTL = timedelta(minutes=10)
MAX_ATTEMPTS = 5
RESEND_AFTER = timedelta(seconds=60)
MAX_CODES_PER_HOUR = 5


@dataclass(frozen=True)
class Device:
    user_agent: str
    ip: str


@dataclass(frozen=True)
class Confirmation:
    """A confirmation's result: the signature, or why it was refused. A refusal still counts the
    attempt, so the caller commits before raising ``refused``."""

    signature: EstimateSignature | None = None
    refused: CodeInvalid | CodeExpired | None = None


def signable_version(session: Session, *, claim: Claim, version: int) -> EstimateVersion:
    """The version if the customer may sign it now: approved, not superseded, not yet signed,
    with the claim waiting for the signature (409 otherwise)."""
    row = estimates_repository.get(session, claim_id=claim.id, version=version)
    if row is None:
        raise NoEstimate(f"The claim has no estimate version {version}.")
    latest = estimates_repository.latest(session, claim_id=claim.id)
    if latest is not None and latest.version != row.version:
        raise NotSignable(f"Version {version} was superseded by version {latest.version}; sign the latest.")
    if row.approved_at is None:
        raise NotSignable(f"Version {version} is not approved yet; only an approved estimate is signed.")
    if repository.signature(session, claim_id=claim.id, version=version) is not None:
        raise NotSignable(f"Version {version} is already signed.")
    if claim.state is not ClaimState.ASSESSED:
        raise NotSignable(f"The claim is not waiting for a signature (its state is '{claim.state}').")
    return row


def request_code(session: Session, *, claim: Claim, version: int, user: User, key: bytes, now: datetime) -> SigningCode:
    """Send a new code for ``version`` (the caller holds the claim's row lock)."""
    signable_version(session, claim=claim, version=version)
    recent = repository.codes_since(session, claim_id=claim.id, since=now - timedelta(hours=1))
    if recent and now - recent[-1].created_at < RESEND_AFTER:
        wait = RESEND_AFTER - (now - recent[-1].created_at)
        raise ResendTooSoon("A code was sent less than a minute ago.", retry_after=math.ceil(wait.total_seconds()))
    if len(recent) >= MAX_CODES_PER_HOUR:
        wait = recent[-MAX_CODES_PER_HOUR].created_at + timedelta(hours=1) - now
        raise ResendTooSoon(
            f"At most {MAX_CODES_PER_HOUR} codes an hour.", retry_after=max(1, math.ceil(wait.total_seconds()))
        )
    for old in repository.live_codes(session, claim_id=claim.id):
        old.revoked_at = now
    code = new_code()
    row = SigningCode(
        claim_id=claim.id,
        user_id=user.id,
        estimate_version=version,
        code_hash=code_hash(key, code),
        expires_at=now + CODE_TTL,
        attempts=0,
        created_at=now,
    )
    repository.add(session, row)
    minutes = int(CODE_TTL.total_seconds() // 60)
    send_code(session, claim_id=claim.id, user_id=user.id, code=code, minutes=minutes, now=now)
    log.info("signing.code_sent", claim_id=str(claim.id), version=version)
    return row


def confirm(
    session: Session, *, claim: Claim, version: int, user: User, code: str, key: bytes, device: Device, now: datetime
) -> Confirmation:
    """Check ``code`` against the live code for ``version``; the right one signs the version."""
    row = signable_version(session, claim=claim, version=version)
    live = [c for c in repository.live_codes(session, claim_id=claim.id) if c.estimate_version == version]
    current = live[0] if live else None
    if current is None or current.expires_at <= now or current.attempts >= MAX_ATTEMPTS:
        return Confirmation(refused=CodeExpired("No live code for this version; request a new one."))
    current.attempts += 1
    if not code_matches(key, current.code_hash, code):
        left = MAX_ATTEMPTS - current.attempts
        if left == 0:
            current.revoked_at = now
        log.info("signing.code_wrong", claim_id=str(claim.id), version=version, attempts_left=left)
        return Confirmation(refused=CodeInvalid(f"The code is wrong; {left} attempt(s) left.", attempts_left=left))
    current.used_at = now
    signature = EstimateSignature(
        claim_id=claim.id,
        estimate_id=row.id,
        estimate_version=row.version,
        content_sha256=content_sha256(row),
        signed_at=now,
        user_id=user.id,
        code_id=current.id,
        user_agent=device.user_agent[:255],
        ip_hash=device_hash(key, device.ip),
    )
    repository.add(session, signature)
    workflow.transition(
        session,
        claim=claim,
        to=ClaimState.AWAITING_PAYMENT,
        actor=Actor.of(user),
        reason=Reason(TextCode.ESTIMATE_SIGNED, {"version": row.version, "sha256": signature.content_sha256[:12]}),
        gate=Gate.ESTIMATE_SIGNATURE,
    )
    log.info("signing.signed", claim_id=str(claim.id), version=version)
    return Confirmation(signature=signature)


def signature_of(session: Session, *, claim: Claim, version: int) -> EstimateSignature:
    found = repository.signature(session, claim_id=claim.id, version=version)
    if found is None:
        raise NoSignature(f"Version {version} is not signed.")
    return found


def binding_intact(session: Session, *, signature: EstimateSignature) -> bool:
    """Whether the stored version still hashes to what was signed."""
    row = session.get(EstimateVersion, signature.estimate_id)
    return row is not None and content_sha256(row) == signature.content_sha256


def current_signature(session: Session, *, claim: Claim) -> EstimateSignature | None:
    """The signature of the claim's latest version, if that version is approved and signed."""
    latest = estimates_repository.latest(session, claim_id=claim.id)
    if latest is None or latest.approved_at is None:
        return None
    return repository.signature(session, claim_id=claim.id, version=latest.version)
