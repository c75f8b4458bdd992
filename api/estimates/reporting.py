"""Gather what the 定损单 report shows for one stored version: the estimate, the claim's header
facts and the annotated photos (the assessment's boxes drawn on the stored photos)."""

from __future__ import annotations

import uuid
from collections import defaultdict

from sqlalchemy.orm import Session

from api.db.models import Claim
from api.estimates import repository
from api.estimates.service import get_version
from api.reports import ClaimInfo, PhotoBox, ReportPhoto, annotate_photo, render_html, render_pdf
from api.storage.blobstore import BlobStore
from inference.images import decode_image
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
            boxes[f.photo_id].append(PhotoBox((f.x1, f.y1, f.x2, f.y2), f.damage_type, f.part, f.confidence))
    photos = repository.photos(session, claim_id=claim.id, photo_ids=sorted(wanted))
    return [
        annotate_photo(
            decode_image(blobs.path_of(photo.sha256).read_bytes()),
            photo_id=str(photo.id),
            label=f"照片{n}",
            boxes=boxes.get(photo.id, []),
        )
        for n, photo in enumerate(photos, 1)
    ]


def _inputs(
    session: Session, *, claim: Claim, version: int, blobs: BlobStore, staff: bool
) -> tuple[Estimate, ClaimInfo, list[ReportPhoto]]:
    row, estimate = get_version(session, claim=claim, version=version)
    status = f"已核准 approved {row.approved_at:%Y-%m-%d %H:%M} UTC" if row.approved_at is not None else "草稿 draft"
    info = ClaimInfo(
        claim_ref=str(claim.id),
        policy_number=claim.policy_number,
        accident_at=claim.accident_at,
        status=status,
        issued_at=row.created_at,
        notes=tuple(row.assumptions or []) if staff else (),
    )
    return (
        estimate,
        info,
        _photos(session, claim=claim, estimate=estimate, assessment_id=row.assessment_id, blobs=blobs),
    )


def report_html(session: Session, *, claim: Claim, version: int, blobs: BlobStore, staff: bool) -> str:
    estimate, info, photos = _inputs(session, claim=claim, version=version, blobs=blobs, staff=staff)
    return render_html(estimate, claim_info=info, photos=photos, internal=staff)


def report_pdf(session: Session, *, claim: Claim, version: int, blobs: BlobStore, staff: bool) -> bytes:
    estimate, info, photos = _inputs(session, claim=claim, version=version, blobs=blobs, staff=staff)
    return render_pdf(estimate, claim_info=info, photos=photos, internal=staff)
