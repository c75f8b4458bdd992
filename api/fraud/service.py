"""Fraud signals raised when a photo is uploaded (DOMAIN.md §5). Flags inform staff; they
decide nothing on their own and are never shown to customers."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import tzinfo

import structlog
from sqlalchemy.orm import Session

from api.auth.actor import Actor
from api.customers.service import recompute as recompute_risk
from api.db.base import utcnow
from api.db.models import Claim, FraudFlag, Photo
from api.fraud import repository
from api.fraud.signals import FraudSignal
from api.reasons import Reason, TextCode
from api.storage.images import hamming
from api.workflow.service import record
from api.workflow.states import AuditAction

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class PhotoMatch:
    photo_id: uuid.UUID
    claim_id: uuid.UUID
    customer_id: uuid.UUID
    distance: int


def _pair_flags(claim: Claim, photo: Photo, other: PhotoMatch) -> tuple[FraudFlag, FraudFlag]:
    """One flag on each claim for one pair of photos (the database keeps a pair once per claim)."""
    same_customer = other.customer_id == claim.customer_id
    signal = FraudSignal.REUSED_PHOTO if same_customer else FraudSignal.DUPLICATE_PHOTO
    whose = "another own claim of this customer" if same_customer else "another customer's claim"
    detail = f"Photo matches a photo in {whose} (distance {other.distance})."
    mine = FraudFlag(
        claim_id=claim.id,
        signal=signal,
        photo_id=photo.id,
        related_claim_id=other.claim_id,
        related_photo_id=other.photo_id,
        hash_distance=other.distance,
        detail=detail,
    )
    theirs = FraudFlag(
        claim_id=other.claim_id,
        signal=signal,
        photo_id=other.photo_id,
        related_claim_id=claim.id,
        related_photo_id=photo.id,
        hash_distance=other.distance,
        detail=detail,
    )
    return mine, theirs


def matching_photos(session: Session, *, claim: Claim, photo: Photo, max_distance: int) -> list[PhotoMatch]:
    """Photos in other claims (any customer's) within ``max_distance`` bits of ``photo``'s pHash."""
    return [
        PhotoMatch(other_photo_id, other_claim_id, customer_id, distance)
        for other_photo_id, other_claim_id, other_phash, customer_id in repository.photo_hashes_of_other_claims(
            session, claim_id=claim.id
        )
        if (distance := hamming(photo.phash, other_phash)) <= max_distance
    ]


def check_photo(session: Session, *, claim: Claim, photo: Photo, max_distance: int, tz: tzinfo) -> list[FraudFlag]:
    """Flag the claim (and the other claim) once per pair if the new photo is the same or nearly
    the same (pHash Hamming distance <= ``max_distance``) as a photo in another customer's claim
    (``duplicate_photo``) or in another claim of the same customer (``reused_photo``); flag it if
    it was taken after the claim was reported, or before the policy started (dates in ``tz``).

    The other claims' rows are never locked or changed here: flags and audit events are inserted
    only, so two uploads that match each other's claims cannot deadlock on PostgreSQL."""
    flags: list[FraudFlag] = []
    for other in matching_photos(session, claim=claim, photo=photo, max_distance=max_distance):
        flags.extend(_pair_flags(claim, photo, other))
    if photo.captured_at is not None:
        if photo.captured_at > claim.reported_at:
            flags.append(
                FraudFlag(
                    claim_id=claim.id,
                    signal=FraudSignal.CAPTURED_AFTER_REPORT,
                    photo_id=photo.id,
                    detail=(
                        f"Captured {photo.captured_at.isoformat()}, after the report {claim.reported_at.isoformat()}."
                    ),
                )
            )
        if photo.captured_at.astimezone(tz).date() < claim.policy_start:
            flags.append(
                FraudFlag(
                    claim_id=claim.id,
                    signal=FraudSignal.CAPTURED_BEFORE_POLICY,
                    photo_id=photo.id,
                    detail=(
                        f"Captured {photo.captured_at.astimezone(tz).date().isoformat()}, before "
                        f"the policy start {claim.policy_start.isoformat()}."
                    ),
                )
            )
    if not flags:
        return flags
    session.add_all(flags)
    system = Actor.system("fraud-check")
    flagged_claims: list[Claim] = []
    for claim_id in dict.fromkeys(f.claim_id for f in flags):
        flagged = claim if claim_id == claim.id else session.get(Claim, claim_id)
        if flagged is None:
            continue
        flagged_claims.append(flagged)
        signals = sorted({f.signal.value for f in flags if f.claim_id == claim_id})
        record(
            session,
            claim=flagged,
            action=AuditAction.FRAUD_FLAGGED,
            actor=system,
            reason=Reason(TextCode.FRAUD_SIGNALS, {"signals": [str(s) for s in signals]}),
        )
        log.info("fraud.flagged", claim_id=str(claim_id), signals=signals)
    session.flush()
    # a fraud signal is a high-risk reason for the customer of each flagged claim
    # (in one order, by id: two uploads matching each other's claims lock the two rows alike, no deadlock)
    for customer_id in sorted({c.customer_id for c in flagged_claims}, key=str):
        recompute_risk(session, customer_id=customer_id, now=utcnow())
    return flags
