"""The 定损单 on the pages: the customer reads it line by line with each line's basis; the
adjuster prices the assessment, edits lines (each edit a diff with a reason code, making
version n+1) and approves within authority. All through ``api.estimates.service``."""

from __future__ import annotations

import uuid
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Response
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from api.auth.actor import Actor
from api.auth.roles import ADJUSTER_ROLES, Role
from api.claims import service as claims
from api.db.models import Claim
from api.deps import BlobStoreDep, SessionDep, StateDep
from api.documents import claim_facts
from api.errors import InvalidInput
from api.estimates import reassessment, reporting
from api.estimates import service as estimates
from api.estimates.endpoints import get_catalog
from api.estimates.provenance import line_provenance
from api.estimates.schemas import EstimateCreate, EstimateRevisionCreate, estimate_view, since_approved_read
from api.schemas import MAX_VERSION
from api.web.render import PageRoute, redirect
from api.web.session import CsrfChecked, PageUser, require
from pricing import Action, LineKind, PartCode, PartsCatalog, ReasonCode, VehicleClass

router = APIRouter(route_class=PageRoute, include_in_schema=False)
Version = Annotated[int, Path(ge=1, le=MAX_VERSION)]

CatalogDep = Annotated[PartsCatalog, Depends(get_catalog)]


def estimate_context(session: Session, *, claim: Claim, staff: bool) -> dict[str, Any]:
    """The latest estimate version as the viewer may see it, and what the forms offer."""
    rows = estimates.versions(session, claim=claim)
    view = None
    if rows:
        row, estimate = estimates.get_version(session, claim=claim, version=rows[-1].version)
        provenance = line_provenance(session, row=row, estimate=estimate)
        view = estimate_view(row, estimate, latest_version=row.version, staff=staff, provenance=provenance)
    return {
        "estimate": view,
        "estimate_versions": len(rows),
        "pricing_vehicle": _pricing_vehicle(session, claim=claim, priced=view.vehicle if view else None)
        if staff
        else None,
        "since_approved": _since_approved(session, claim=claim) if staff and rows else None,
        # An approved version changes again (into n+1) once the claim is back under review.
        "estimate_open": bool(rows) and claim.state in estimates.OPEN_STATES,
        "reason_codes": [r for r in ReasonCode if r is not ReasonCode.RECOMPUTED],
        "vehicle_classes": list(VehicleClass),
        "part_codes": list(PartCode),
        "actions": list(Action),
        "own_line_kinds": [LineKind.PARTS, LineKind.LABOUR, LineKind.PAINT, LineKind.MATERIALS],
    }


def _pricing_vehicle(session: Session, *, claim: Claim, priced: dict[str, Any] | None) -> dict[str, Any]:
    """What the pricing form holds: the vehicle the latest version was priced for (pricing again never
    resets it), else what the confirmed vehicle licence says (``from_licence``), as the API's pricing
    would take it when no vehicle is sent; else nothing chosen."""
    if priced:
        return {**priced, "from_licence": False}
    found = claim_facts.vehicle_from(claim_facts.confirmed_facts(session, claim_id=claim.id))
    if found is None:
        return {"from_licence": False}
    return {
        "vehicle_class": found.vehicle_class.value if found.vehicle_class else None,
        "make": found.make,
        "model": found.model,
        "from_licence": True,
    }


def _since_approved(session: Session, *, claim: Claim) -> dict[str, Any] | None:
    since = reassessment.since_approved(session, claim=claim)
    if since is None:
        return None
    read = since_approved_read(since.approved_version, since.diffs)
    return {"approved_version": read.approved_version, "latest_version": since.latest_version, "diffs": read.diffs}


@router.post("/web/claims/{claim_id}/estimates")
def price(
    claim_id: uuid.UUID,
    session: SessionDep,
    catalog: CatalogDep,
    user: PageUser,
    _csrf: CsrfChecked,
    vehicle_class: Annotated[VehicleClass, Form()],
    make: Annotated[str, Form(max_length=64)] = "",
    model: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    require(user, *ADJUSTER_ROLES)
    claim = claims.get_visible_claim(session, claim_id=claim_id, user=user, for_update=True)
    body = EstimateCreate.model_validate(
        {"vehicle": {"vehicle_class": vehicle_class, "make": make or None, "model": model or None}}
    )
    estimates.price_claim(session, claim=claim, actor=Actor.of(user), estimate_create=body, catalog=catalog)
    return redirect(f"/web/claims/{claim.id}#estimate")


@router.post("/web/claims/{claim_id}/estimates/{version}/lines")
def edit_line(
    claim_id: uuid.UUID,
    version: Version,
    session: SessionDep,
    user: PageUser,
    _csrf: CsrfChecked,
    line_id: Annotated[str, Form(min_length=1, max_length=80)],
    reason: Annotated[ReasonCode, Form()],
    amount: Annotated[str, Form(max_length=40)] = "",
    quantity: Annotated[str, Form(max_length=40)] = "",
    remove: Annotated[bool, Form()] = False,
    note: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """One line's edit — a new amount, a new quantity (hours: priced at the line's rate), or its
    removal — with the reason code: version n+1."""
    require(user, *ADJUSTER_ROLES)
    claim = claims.get_visible_claim(session, claim_id=claim_id, user=user, for_update=True)
    edit: dict[str, Any] = {"line_id": line_id, "reason": reason, "note": note}
    if remove:
        edit["remove"] = True
    elif quantity.strip():
        edit["quantity"] = str(_number(quantity, "quantity"))
    else:
        edit["amount"] = {"amount": str(_amount(amount)), "currency": claim.currency}
    revision = EstimateRevisionCreate.model_validate({"edits": [edit], "note": note})
    estimates.revise(session, claim=claim, version=version, actor=Actor.of(user), revision=revision)
    return redirect(f"/web/claims/{claim.id}#estimate")


def _amount(text: str) -> Decimal:
    try:
        value = Decimal(text.strip().replace(",", "").replace("¥", ""))
    except InvalidOperation as exc:
        raise InvalidInput("The new amount is not a number.") from exc
    if not value.is_finite() or value < 0:
        raise InvalidInput("The new amount must be zero or more.")
    return value.quantize(Decimal("0.01"))


def _number(text: str, what: str) -> Decimal:
    try:
        value = Decimal(text.strip())
    except InvalidOperation as exc:
        raise InvalidInput(f"The {what} is not a number.") from exc
    if not value.is_finite() or value <= 0 or value > 1000:
        raise InvalidInput(f"The {what} must be more than 0 and at most 1000.")
    return value


@router.post("/web/claims/{claim_id}/estimates/{version}/operations")
def set_operation(
    claim_id: uuid.UUID,
    version: Version,
    session: SessionDep,
    catalog: CatalogDep,
    user: PageUser,
    _csrf: CsrfChecked,
    part: Annotated[PartCode, Form()],
    action: Annotated[Action, Form()],
    reason: Annotated[ReasonCode, Form()],
    hours: Annotated[str, Form(max_length=40)] = "",
    quantity: Annotated[str, Form(max_length=40)] = "",
    note: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """The operation on one part (repair / paint / replace / remove-and-refit) and its hours,
    priced from the catalog: version n+1 (the API's revision with one ``operations`` entry)."""
    require(user, *ADJUSTER_ROLES)
    claim = claims.get_visible_claim(session, claim_id=claim_id, user=user, for_update=True)
    operation: dict[str, Any] = {"part": part, "action": action, "reason": reason, "note": note}
    if hours.strip():
        operation["hours"] = str(_number(hours, "hours"))
    if quantity.strip():
        operation["quantity"] = str(_number(quantity, "quantity"))
    revision = EstimateRevisionCreate.model_validate({"operations": [operation], "note": note})
    estimates.revise(session, claim=claim, version=version, actor=Actor.of(user), revision=revision, catalog=catalog)
    return redirect(f"/web/claims/{claim.id}#estimate")


@router.post("/web/claims/{claim_id}/estimates/{version}/additions")
def add_line(
    claim_id: uuid.UUID,
    version: Version,
    session: SessionDep,
    user: PageUser,
    _csrf: CsrfChecked,
    kind: Annotated[LineKind, Form()],
    description: Annotated[str, Form(min_length=1, max_length=120)],
    amount: Annotated[str, Form(max_length=40)],
    reason: Annotated[ReasonCode, Form()],
    quantity: Annotated[str, Form(max_length=40)] = "",
    note: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """A line no photo shows (a hidden part, consumables, wheel alignment) at the adjuster's
    amount: version n+1 (the API's revision with one ``additions`` entry)."""
    require(user, *ADJUSTER_ROLES)
    claim = claims.get_visible_claim(session, claim_id=claim_id, user=user, for_update=True)
    addition: dict[str, Any] = {
        "line_id": f"own/{uuid.uuid4().hex[:8]}",
        "kind": kind,
        "description_zh": description,
        "amount": {"amount": str(_amount(amount)), "currency": claim.currency},
        "reason": reason,
        "note": note,
    }
    if quantity.strip():
        addition["quantity"] = str(_number(quantity, "quantity"))
    revision = EstimateRevisionCreate.model_validate({"additions": [addition], "note": note})
    estimates.revise(session, claim=claim, version=version, actor=Actor.of(user), revision=revision)
    return redirect(f"/web/claims/{claim.id}#estimate")


@router.post("/web/claims/{claim_id}/estimates/{version}/approve")
def approve(claim_id: uuid.UUID, version: Version, session: SessionDep, user: PageUser, _csrf: CsrfChecked) -> Response:
    """Approve within the adjuster's authority (tier and amount); the claim becomes 'assessed'."""
    require(user, *ADJUSTER_ROLES)
    claim = claims.get_visible_claim(session, claim_id=claim_id, user=user, for_update=True)
    estimates.approve(session, claim=claim, version=version, actor=Actor.of(user))
    return redirect(f"/web/claims/{claim.id}")


@router.get("/web/claims/{claim_id}/estimates/{version}/report")
def report(
    claim_id: uuid.UUID, version: Version, session: SessionDep, blobs: BlobStoreDep, state: StateDep, user: PageUser
) -> Response:
    """The printable 定损单 with the annotated photos (the same renderer as the API's report)."""
    claim = claims.get_visible_claim(session, claim_id=claim_id, user=user)
    html = reporting.report_html(
        session, claim=claim, version=version, blobs=blobs, staff=user.role is not Role.CUSTOMER, tz=state.tz
    )
    return HTMLResponse(html)
