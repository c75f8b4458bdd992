from __future__ import annotations

import json
import uuid
from collections import defaultdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Response, status

from api.assessments import corrections, service
from api.assessments.schemas import (
    AssessmentRead,
    CorrectionRead,
    CorrectionsResult,
    CurrentFindingRead,
    DetectorRead,
    FindingCorrectionsCreate,
    FindingOrigin,
    FindingRead,
    FindingsRead,
    PhotoFindings,
    QualityFlagRead,
)
from api.auth.actor import Actor
from api.claims.service import get_visible_claim
from api.db.models.assessment import Assessment, Finding, FindingCorrection
from api.deps import (
    AdjusterUser,
    CurrentUser,
    DetectorDep,
    SessionDep,
    StaffUser,
    StateDep,
    end_transaction,
    get_detector,
)
from api.errors import problem_responses
from api.estimates.endpoints import CatalogDep
from api.jobs.endpoints import accepted
from api.jobs.schemas import JobRead

router = APIRouter(tags=["assessments"])


def _finding_fields(f: Finding) -> dict[str, Any]:
    """What every view of a finding shows: the detection, its part and its severity."""
    return {
        "id": f.id,
        "damage_type": f.damage_type,
        "confidence": f.confidence,
        "xyxy": [f.x1, f.y1, f.x2, f.y2],
        "part": f.part,
        "part_method": f.part_method,
        "severity": f.severity,
        "severity_rule": f.severity_rule,
    }


def _read(assessment: Assessment) -> AssessmentRead:
    by_photo: dict[uuid.UUID, list[FindingRead]] = defaultdict(list)
    for f in assessment.findings:
        by_photo[f.photo_id].append(FindingRead(**_finding_fields(f)))
    quality: dict[str, list[QualityFlagRead]] = {
        pid: [QualityFlagRead.model_validate(f) for f in flags]
        for pid, flags in json.loads(assessment.quality_json).items()
    }
    photo_ids = list(dict.fromkeys([*by_photo, *(uuid.UUID(pid) for pid in quality)]))
    return AssessmentRead(
        id=assessment.id,
        claim_id=assessment.claim_id,
        created_at=assessment.created_at,
        model_name=assessment.model_name,
        model_version=assessment.model_version,
        model_sha256=assessment.model_sha256,
        latency_ms=assessment.latency_ms,
        not_yet_detectable=[c for c in assessment.not_detectable.split(",") if c],
        part_model_version=assessment.part_model_version,
        damaged_part_model_version=assessment.damaged_part_model_version,
        bumper_end_model_version=assessment.bumper_end_model_version,
        photos=[
            PhotoFindings(photo_id=pid, findings=by_photo.get(pid, []), quality_flags=quality.get(str(pid), []))
            for pid in photo_ids
        ],
    )


@router.get("/models/damage-detector", responses=problem_responses(401, 503))
def describe_detector(detector: DetectorDep, user: CurrentUser) -> DetectorRead:
    """The served detector's card: which damage it finds and which it cannot find yet."""
    card = detector.card
    return DetectorRead(
        name=card.name,
        version=card.version,
        sha256=card.sha256,
        classes=card.classes,
        trained_classes=card.trained_classes,
        not_yet_detectable=card.untrained_classes,
        imgsz=card.imgsz,
        confidence_threshold=card.confidence_threshold,
        dataset_manifest_hash=card.dataset_manifest_hash,
        training_commit=card.training_commit,
        licence=card.licence,
    )


@router.post(
    "/claims/{claim_id}/assessments",
    status_code=status.HTTP_202_ACCEPTED,
    responses=problem_responses(401, 403, 404, 409, 503),
    dependencies=[Depends(get_detector)],  # 503 at once where no detector is loaded
)
def assess(
    claim_id: uuid.UUID,
    session: SessionDep,
    state: StateDep,
    user: AdjusterUser,
    response: Response,
    prefer: Annotated[str | None, Header(description="wait=N: answer once the job is done, or after N s")] = None,
) -> JobRead:
    """Queue the damage detector (and part segmenter) over every photo of the claim: 202 with the
    job (``Location: /jobs/{id}``); its ``result`` links the findings once it succeeded. A claim
    that cannot be assessed, or has no photos, is refused at once (409); asking again while its
    job is queued or running answers that job."""
    claim = get_visible_claim(session, claim_id=claim_id, user=user, for_update=True)
    job = service.request_assessment(
        session, claim=claim, actor=Actor.of(user), max_attempts=state.settings.jobs.max_attempts
    )
    end_transaction(session)  # the job is committed before a runner is told of it
    return accepted(job, state=state, response=response, prefer=prefer)


@router.get("/claims/{claim_id}/assessments/latest", responses=problem_responses(401, 404))
def latest_assessment(claim_id: uuid.UUID, session: SessionDep, user: CurrentUser) -> AssessmentRead:
    """The latest findings per photo, with the model version that made them."""
    claim = get_visible_claim(session, claim_id=claim_id, user=user)
    return _read(service.latest(session, claim=claim))


def correction_read(record: FindingCorrection) -> CorrectionRead:
    return CorrectionRead(
        id=record.id,
        created_at=record.created_at,
        action=record.action,
        finding_id=record.finding_id,
        photo_id=record.photo_id,
        before=record.before,
        after=record.after,
        reason=record.reason,
        note=record.note,
        actor_id=record.actor_id,
        actor_role=record.actor_role.value if record.actor_role else None,
        estimate_version=record.estimate_version,
    )


def findings_read(assessment: Assessment, records: list[FindingCorrection]) -> FindingsRead:
    """The assessment's findings as they stand now, each with its corrections."""
    by_finding: dict[str, list[CorrectionRead]] = defaultdict(list)
    for record in records:
        key = str(record.finding_id) if record.finding_id else str((record.after or {}).get("finding_id"))
        by_finding[key].append(correction_read(record))
    return FindingsRead(
        assessment_id=assessment.id,
        model_version=assessment.model_version,
        findings=[
            CurrentFindingRead(
                **_finding_fields(f),
                photo_id=f.photo_id,
                origin=FindingOrigin(f.origin),
                side=f.side,
                rejected=f.rejected,
                history=by_finding.get(str(f.id), []),
            )
            for f in assessment.findings
        ],
    )


@router.get("/claims/{claim_id}/findings", responses=problem_responses(401, 403, 404, 422))
def current_findings(claim_id: uuid.UUID, session: SessionDep, user: StaffUser) -> FindingsRead:
    """The latest assessment's findings as corrected: origin (ai, adjuster, customer_reported),
    rejection, and each finding's corrections (before, after, who, why)."""
    claim = get_visible_claim(session, claim_id=claim_id, user=user)
    assessment = service.latest(session, claim=claim)
    return findings_read(assessment, list(corrections.history(session, claim=claim)))


@router.post(
    "/claims/{claim_id}/findings/corrections",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(401, 403, 404, 409, 422),
)
def correct_findings(
    claim_id: uuid.UUID, body: FindingCorrectionsCreate, session: SessionDep, catalog: CatalogDep, user: AdjusterUser
) -> CorrectionsResult:
    """Add missed damage, change or reject findings in one batch; the parts they touch are priced
    again into a new estimate version in the same transaction (when the claim has an estimate)."""
    claim = get_visible_claim(session, claim_id=claim_id, user=user, for_update=True)
    done = corrections.correct_findings(session, claim=claim, actor=Actor.of(user), corrections=body, catalog=catalog)
    return CorrectionsResult(
        corrections=[correction_read(r) for r in done.records], estimate_version=done.estimate_version
    )
