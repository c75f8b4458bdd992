"""Fraud signals raised when a photo is uploaded (DOMAIN.md §5). Flags inform staff; they
decide nothing on their own and are never shown to customers."""

from __future__ import annotations

from datetime import tzinfo

import structlog
from sqlalchemy.orm import Session

from api.auth.actor import Actor
from api.db.models import Claim, FraudFlag, Photo
from api.fraud import repository
from api.fraud.signals import FraudSignal
from api.storage.images import hamming
from api.workflow.service import record
from api.workflow.states import AuditAction

log = structlog.get_logger(__name__)


def check_photo(session: Session, *, claim: Claim, photo: Photo, max_distance: int, tz: tzinfo) -> list[FraudFlag]:
    """Flag the claim (and the other claim, for duplicates) if the new photo:
    is the same or nearly the same (pHash Hamming distance <= ``max_distance``) as a photo in
    another customer's claim; was taken after the claim was reported; or was taken before the
    policy started (dates compared in ``tz``)."""
    flags: list[FraudFlag] = []
    flagged_pairs: set[tuple[object, object]] = set()
    for other_photo_id, other_claim_id, other_phash in repository.photo_hashes_of_other_customers(
        session, customer_id=claim.customer_id
    ):
        distance = hamming(photo.phash, other_phash)
        if distance > max_distance or (other_claim_id, other_photo_id) in flagged_pairs:
            continue
        flagged_pairs.add((other_claim_id, other_photo_id))
        detail = f"Photo matches a photo in another customer's claim (distance {distance})."
        flags.append(
            FraudFlag(
                claim_id=claim.id,
                signal=FraudSignal.DUPLICATE_PHOTO,
                photo_id=photo.id,
                related_claim_id=other_claim_id,
                related_photo_id=other_photo_id,
                hash_distance=distance,
                detail=detail,
            )
        )
        flags.append(
            FraudFlag(
                claim_id=other_claim_id,
                signal=FraudSignal.DUPLICATE_PHOTO,
                photo_id=other_photo_id,
                related_claim_id=claim.id,
                related_photo_id=photo.id,
                hash_distance=distance,
                detail=detail,
            )
        )
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
    for claim_id in dict.fromkeys(f.claim_id for f in flags):
        flagged = claim if claim_id == claim.id else session.get(Claim, claim_id)
        if flagged is None:
            continue
        signals = sorted({f.signal.value for f in flags if f.claim_id == claim_id})
        record(
            session,
            claim=flagged,
            action=AuditAction.FRAUD_FLAGGED,
            actor=system,
            reason=", ".join(signals),
        )
        log.info("fraud.flagged", claim_id=str(claim_id), signals=signals)
    session.flush()
    return flags
