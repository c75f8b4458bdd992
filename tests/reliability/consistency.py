"""What a database and its blob store must look like after any crash: nothing half-written.

- every photo and document row has its file, and (after a reconcile) no file lacks a row;
- no temporary or set-aside file is left (after a reconcile);
- each claim's state is the ``to_state`` of its latest state-changing audit event;
- every photo and document row has its audit event, and no such event lacks its row;
- an approved estimate's claim went through 'assessed' (audited), and an 'assessed' claim has
  an approved estimate;
- no claim is left in 'assessing' (an assessment that will never finish).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.db.engine import make_engine
from api.db.models import Claim, Document, Photo
from api.db.models.audit import AuditEvent
from api.db.models.estimate import EstimateVersion
from api.storage.backends.local import LocalBlobStore
from api.storage.blobstore import BlobStore
from api.workflow.states import AuditAction, ClaimState


def inconsistencies(database_url: str, blob_root: Path, *, orphans: bool = True) -> list[str]:
    """Every broken invariant, one line each; ``[]`` when the data is consistent."""
    engine = make_engine(database_url)
    try:
        with Session(engine) as session:
            found = _files(session, LocalBlobStore(blob_root), orphans=orphans)
            found += _claims(session)
            return found
    finally:
        engine.dispose()


def _files(session: Session, blobs: BlobStore, *, orphans: bool) -> list[str]:
    found: list[str] = []
    used: set[str] = set()
    for kind, model in (("photo", Photo), ("document", Document)):
        for row_id, sha256 in session.execute(select(model.id, model.sha256)).all():
            used.add(sha256)
            if not blobs.exists(sha256):
                found.append(f"{kind} {row_id}: file {sha256[:12]} missing")
    if orphans:
        for entry in blobs.entries():
            if entry.name not in used:
                found.append(f"file {entry.name[:12]}: no row uses it")
        for entry in blobs.leftovers():
            found.append(f"leftover {entry.name.rsplit('/', 1)[-1][:24]}")
    return found


def _claims(session: Session) -> list[str]:
    found: list[str] = []
    claims = {c.id: c for c in session.scalars(select(Claim))}
    events = session.scalars(select(AuditEvent).order_by(AuditEvent.at, AuditEvent.id)).all()
    latest: dict[object, ClaimState] = {}
    added: Counter[tuple[object, str]] = Counter()
    for event in events:
        if event.to_state is not None:
            latest[event.claim_id] = event.to_state
        if event.action in (AuditAction.PHOTO_ADDED, AuditAction.DOCUMENT_ADDED):
            added[(event.claim_id, event.action.value)] += 1
    rows: Counter[tuple[object, str]] = Counter()
    for claim_id in session.scalars(select(Photo.claim_id)):
        rows[(claim_id, AuditAction.PHOTO_ADDED.value)] += 1
    for claim_id in session.scalars(select(Document.claim_id)):
        rows[(claim_id, AuditAction.DOCUMENT_ADDED.value)] += 1
    for key in set(rows) | set(added):
        if rows[key] != added[key]:
            found.append(f"claim {key[0]}: {rows[key]} rows but {added[key]} '{key[1]}' audit events")
    approved = {row.claim_id for row in session.scalars(select(EstimateVersion)) if row.approved_at is not None}
    audited_assessed = {e.claim_id for e in events if e.to_state is ClaimState.ASSESSED}
    for claim in claims.values():
        expected = latest.get(claim.id, ClaimState.SUBMITTED)
        if claim.state is not expected:
            found.append(f"claim {claim.id}: state '{claim.state}' but its audit trail ends at '{expected}'")
        if claim.state is ClaimState.ASSESSING:
            found.append(f"claim {claim.id}: left 'assessing'")
        if claim.state is ClaimState.ASSESSED and claim.id not in approved:
            found.append(f"claim {claim.id}: 'assessed' with no approved estimate")
    for claim_id in approved:
        if claim_id not in audited_assessed:
            found.append(f"claim {claim_id}: an approved estimate but no move to 'assessed' in its audit trail")
    return found
