"""Gather what the 定损单 report shows for one stored version: the estimate, the claim's header
facts and the annotated photos (the assessment's boxes drawn on the stored photos)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import replace
from datetime import tzinfo

from sqlalchemy.orm import Session

from api.auth import repository as auth_repository
from api.db.models import Claim
from api.documents.claim_facts import confirmed_facts
from api.estimates import repository
from api.estimates.provenance import LineProvenance, line_provenance
from api.estimates.service import get_version
from api.reports import ClaimInfo, PhotoBox, ReportPhoto, annotate_photo, render_html, render_pdf
from api.reports.photos import MAX_SIDE
from api.reports.view import LineOrigin, stamp
from api.signing.report import signature_line
from api.storage.blobstore import BlobStore
from inference.images import decode_for_models
from pricing import Estimate


def _photos(
    session: Session, *, claim: Claim, estimate: Estimate, assessment_id: uuid.UUID | None, blobs: BlobStore
) -> list[ReportPhoto]:
    wanted: set[uuid.UUID] = set()
    for line in estimate.lines:
        for photo_id in line.evidence.photo_ids:
            try:
                wanted.add(uuid.UUID(photo_id))
            except ValueError:
                continue
    boxes: dict[uuid.UUID, list[PhotoBox]] = defaultdict(list)
    if assessment_id is not None:
        for f in repository.findings_of(session, assessment_id=assessment_id):
            if f.rejected:  # a rejected false finding is not a damage on the 定损单
                continue
            # A person's box was stored with confidence 1.0: a score no model gave, so none is shown.
            score = f.confidence if f.origin == "ai" else None
            boxes[f.photo_id].append(PhotoBox((f.x1, f.y1, f.x2, f.y2), f.damage_type, f.part, score, f.origin))
    photos = repository.photos(session, claim_id=claim.id, photo_ids=sorted(wanted))
    return [
        _annotated(blobs, photo_sha256=photo.sha256, photo_id=str(photo.id), n=n, boxes=boxes.get(photo.id, []))
        for n, photo in enumerate(photos, 1)
    ]


def _annotated(blobs: BlobStore, *, photo_sha256: str, photo_id: str, n: int, boxes: list[PhotoBox]) -> ReportPhoto:
    # Decode only what the report shows (its longest side is MAX_SIDE), boxes scaled to match.
    decoded = decode_for_models(blobs.read(photo_sha256), long_side=MAX_SIDE)
    s = decoded.scale
    scaled = [replace(b, xyxy=(b.xyxy[0] * s, b.xyxy[1] * s, b.xyxy[2] * s, b.xyxy[3] * s)) for b in boxes]
    photo = annotate_photo(decoded.image_rgb, photo_id=photo_id, label=f"照片{n}", boxes=scaled)
    return replace(photo, boxes=tuple(boxes))


def _user_id(text: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(text) if text else None
    except ValueError:
        return None


def _inputs(
    session: Session, *, claim: Claim, version: int, blobs: BlobStore, staff: bool, tz: tzinfo
) -> tuple[Estimate, ClaimInfo, list[ReportPhoto], dict[str, LineOrigin]]:
    row, estimate = get_version(session, claim=claim, version=version)
    provenance = line_provenance(session, row=row, estimate=estimate)
    # Staff copies name the person who added a line; the customer's names the role only.
    people: dict[uuid.UUID, str] = {}
    if staff:
        ids = {_user_id(p.added_by.actor_id) for p in provenance.values() if p.added_by}
        people = auth_repository.emails_of(session, user_ids=(i for i in ids if i is not None))

    def added_by(p: LineProvenance) -> tuple[str, str] | None:
        if p.added_by is None:
            return None
        user_id = _user_id(p.added_by.actor_id)
        return (p.added_by.actor_role, people.get(user_id, "") if user_id else "")

    origins = {
        line_id: LineOrigin(
            p.origin, tuple((c.version, c.change, c.reason, c.actor_role) for c in p.changes), added_by(p)
        )
        for line_id, p in provenance.items()
    }
    approved = row.approved_at
    status = f"已核准 approved {stamp(approved, tz)}" if approved is not None else "草稿 draft"
    # Plate and VIN as the confirmed vehicle licence gives them (make/model are the estimate's own).
    licence = confirmed_facts(session, claim_id=claim.id).vehicle
    info = ClaimInfo(
        claim_ref=str(claim.id),
        policy_number=claim.policy_number,
        plate=licence["plate"].value if "plate" in licence else None,
        vin=licence["vin"].value if "vin" in licence else None,
        accident_at=claim.accident_at.astimezone(tz),
        status=status,
        issued_at=row.created_at.astimezone(tz),
        notes=tuple(row.assumptions or []) if staff else (),
        signature=signature_line(session, claim=claim, version=row.version, tz=tz),
    )
    return (
        estimate,
        info,
        _photos(session, claim=claim, estimate=estimate, assessment_id=row.assessment_id, blobs=blobs),
        origins,
    )


def report_html(session: Session, *, claim: Claim, version: int, blobs: BlobStore, staff: bool, tz: tzinfo) -> str:
    estimate, info, photos, origins = _inputs(session, claim=claim, version=version, blobs=blobs, staff=staff, tz=tz)
    return render_html(estimate, claim_info=info, photos=photos, internal=staff, origins=origins)


def report_pdf(session: Session, *, claim: Claim, version: int, blobs: BlobStore, staff: bool, tz: tzinfo) -> bytes:
    estimate, info, photos, origins = _inputs(session, claim=claim, version=version, blobs=blobs, staff=staff, tz=tz)
    return render_pdf(estimate, claim_info=info, photos=photos, internal=staff, origins=origins)
