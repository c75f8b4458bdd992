from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Path, status
from fastapi.responses import HTMLResponse, Response

from api.auth.actor import Actor
from api.auth.roles import Role
from api.catalogs import service as catalogs
from api.claims.service import get_visible_claim
from api.db.models import User
from api.deps import AdjusterUser, BlobStoreDep, CurrentUser, SessionDep, StateDep
from api.documents import claim_facts
from api.documents.facts_read import EstimateInputsRead, facts_read
from api.errors import problem_responses
from api.estimates import reassessment, reporting, service
from api.estimates.provenance import line_provenance
from api.estimates.schemas import (
    EstimateCreate,
    EstimateRevisionCreate,
    EstimateStaffRead,
    EstimateSummary,
    EstimateView,
    estimate_view,
    since_approved_read,
    summary,
)
from api.schemas import MAX_VERSION
from pricing import PartsCatalog


def get_catalog(session: SessionDep) -> PartsCatalog:
    """The price list new estimates are priced with: the active stored version (``/catalogs``; the
    bundled SAMPLE list until another is activated). Tests swap it with ``app.dependency_overrides``."""
    return catalogs.active_catalog(session)


CatalogDep = Annotated[PartsCatalog, Depends(get_catalog)]
Version = Annotated[int, Path(ge=1, le=MAX_VERSION)]

router = APIRouter(prefix="/claims/{claim_id}/estimates", tags=["estimates"])


def _is_staff(user: User) -> bool:
    return user.role is not Role.CUSTOMER


@router.post("", status_code=status.HTTP_201_CREATED, responses=problem_responses(401, 403, 404, 409, 422))
def price_claim(
    claim_id: uuid.UUID, body: EstimateCreate, session: SessionDep, catalog: CatalogDep, user: AdjusterUser
) -> EstimateView:
    """Price the claim's latest assessment into an itemized estimate (version 1, or n+1 on re-pricing)."""
    claim = get_visible_claim(session, claim_id=claim_id, user=user, for_update=True)
    row, estimate = service.price_claim(
        session, claim=claim, actor=Actor.of(user), estimate_create=body, catalog=catalog
    )
    return estimate_view(
        row,
        estimate,
        latest_version=row.version,
        staff=True,
        provenance=line_provenance(session, row=row, estimate=estimate),
    )


@router.get("", responses=problem_responses(401, 404, 422))
def list_estimates(claim_id: uuid.UUID, session: SessionDep, user: CurrentUser) -> list[EstimateSummary]:
    """Every version of the claim's estimate, oldest first."""
    claim = get_visible_claim(session, claim_id=claim_id, user=user)
    rows = service.versions(session, claim=claim)
    latest = rows[-1].version if rows else 0
    return [summary(r, latest_version=latest) for r in rows]


@router.get("/from-documents", responses=problem_responses(401, 403, 404))
def estimate_inputs(claim_id: uuid.UUID, session: SessionDep, user: AdjusterUser) -> EstimateInputsRead:
    """What the claim's confirmed vehicle licence and policies put into the next estimate (vehicle,
    absolute deductible), each value beside the one OCR read. Declared before ``/{version}``."""
    claim = get_visible_claim(session, claim_id=claim_id, user=user)
    return facts_read(claim_facts.confirmed_facts(session, claim_id=claim.id), currency=claim.currency)


@router.get("/{version}", responses=problem_responses(401, 404, 422))
def read_estimate(claim_id: uuid.UUID, version: Version, session: SessionDep, user: CurrentUser) -> EstimateView:
    """One version, line by line with its basis; customers get no internal flags."""
    claim = get_visible_claim(session, claim_id=claim_id, user=user)
    row, estimate = service.get_version(session, claim=claim, version=version)
    latest = service.latest_version_number(session, claim=claim)
    provenance = line_provenance(session, row=row, estimate=estimate)
    view = estimate_view(row, estimate, latest_version=latest, staff=_is_staff(user), provenance=provenance)
    since = reassessment.since_approved(session, claim=claim) if row.version == latest else None
    if isinstance(view, EstimateStaffRead) and since is not None:
        view.since_approved = since_approved_read(since.approved_version, since.diffs)
    return view


@router.post(
    "/{version}/revisions",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(401, 403, 404, 409, 422),
)
def revise_estimate(
    claim_id: uuid.UUID,
    version: Version,
    body: EstimateRevisionCreate,
    session: SessionDep,
    catalog: CatalogDep,
    user: AdjusterUser,
) -> EstimateView:
    """An adjuster's edits, each with a reason code → version n+1; ``revision.diffs`` is the per-line diff."""
    claim = get_visible_claim(session, claim_id=claim_id, user=user, for_update=True)
    row, estimate = service.revise(
        session, claim=claim, version=version, actor=Actor.of(user), revision=body, catalog=catalog
    )
    return estimate_view(
        row,
        estimate,
        latest_version=row.version,
        staff=True,
        provenance=line_provenance(session, row=row, estimate=estimate),
    )


@router.post("/{version}/approve", responses=problem_responses(401, 403, 404, 409, 422))
def approve_estimate(claim_id: uuid.UUID, version: Version, session: SessionDep, user: AdjusterUser) -> EstimateView:
    """Approve within the adjuster's authority (tier and amount); the claim becomes 'assessed'."""
    claim = get_visible_claim(session, claim_id=claim_id, user=user, for_update=True)
    row, estimate = service.approve(session, claim=claim, version=version, actor=Actor.of(user))
    return estimate_view(
        row,
        estimate,
        latest_version=row.version,
        staff=True,
        provenance=line_provenance(session, row=row, estimate=estimate),
    )


@router.get(
    "/{version}/report.html",
    response_class=HTMLResponse,
    responses=problem_responses(401, 404, 422),
)
def report_html(
    claim_id: uuid.UUID,
    version: Version,
    session: SessionDep,
    blobs: BlobStoreDep,
    state: StateDep,
    user: CurrentUser,
) -> HTMLResponse:
    """The 定损单 as a self-contained HTML page with the annotated photos."""
    claim = get_visible_claim(session, claim_id=claim_id, user=user)
    html = reporting.report_html(session, claim=claim, version=version, blobs=blobs, staff=_is_staff(user), tz=state.tz)
    return HTMLResponse(html)


@router.get(
    "/{version}/report.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}, **problem_responses(401, 404, 422)},
)
def report_pdf(
    claim_id: uuid.UUID,
    version: Version,
    session: SessionDep,
    blobs: BlobStoreDep,
    state: StateDep,
    user: CurrentUser,
) -> Response:
    """The 定损单 as a PDF (Chinese text in an embedded font). Sync: rendering runs off the event loop."""
    claim = get_visible_claim(session, claim_id=claim_id, user=user)
    pdf = reporting.report_pdf(session, claim=claim, version=version, blobs=blobs, staff=_is_staff(user), tz=state.tz)
    filename = f"estimate-{claim.id}-v{version}.pdf"
    return Response(
        pdf, media_type="application/pdf", headers={"Content-Disposition": f'inline; filename="{filename}"'}
    )
