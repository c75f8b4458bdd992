"""Price lists over HTTP: import (multipart file), list, read one version, activate.

Supervisors and admins import and activate; every staff role reads."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Path, Response, UploadFile, status

from api.auth.actor import Actor
from api.auth.roles import Role
from api.catalogs import repository, service
from api.catalogs.schemas import CatalogImportRead, CatalogVersionRead, import_read, version_read
from api.db.models import User
from api.deps import SessionDep, StaffUser, require_roles
from api.errors import PayloadTooLarge, problem_responses

CatalogManager = Annotated[User, Depends(require_roles(Role.SUPERVISOR, Role.ADMIN))]
Number = Annotated[int, Path(ge=1, le=1_000_000)]

router = APIRouter(prefix="/catalogs", tags=["catalogs"])


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses={
        200: {"description": "A dry run, or the same file was already a version: nothing stored"},
        **problem_responses(401, 403, 409, 413, 415, 422),
    },
)
def import_catalog(
    session: SessionDep,
    user: CatalogManager,
    response: Response,
    file: Annotated[UploadFile, File(description="A complete price list, CSV or JSON (docs/catalogs.md)")],
    format: Annotated[str | None, Form(description="csv or json; default: from the file name, then its bytes")] = None,
    label: Annotated[str | None, Form(description="The version label estimates cite; default catalog-<n>")] = None,
    activate: Annotated[bool, Form(description="Make it the active version at once")] = False,
    dry_run: Annotated[bool, Form(description="Validate and compare only; store nothing")] = False,
) -> CatalogImportRead:
    """Import a price list: the whole file is validated (every problem with its line and field, as
    problem+json ``errors[]``; nothing stored on any), compared with the active version, and stored
    as the next immutable version."""
    data = file.file.read(service.MAX_PRICE_LIST_BYTES + 1)
    if len(data) > service.MAX_PRICE_LIST_BYTES:
        raise PayloadTooLarge(f"A price list is at most {service.MAX_PRICE_LIST_BYTES} bytes.")
    result = service.import_file(
        session,
        data=data,
        filename=file.filename,
        source="api",
        actor=Actor.of(user),
        fmt=format,
        label=label,
        activate=activate,
        dry_run=dry_run,
    )
    if not result.created:
        response.status_code = status.HTTP_200_OK
    head = repository.active_head(session)
    return import_read(result, active_id=head[0] if head else None)


@router.get("", responses=problem_responses(401, 403))
def list_catalogs(session: SessionDep, user: StaffUser) -> list[CatalogVersionRead]:
    """Every stored version, newest first; ``active`` marks the one pricing new estimates."""
    versions, active_id = service.versions(session)
    return [version_read(v, active_id=active_id) for v in versions]


@router.get("/{number}", responses=problem_responses(401, 403, 404, 422))
def get_catalog_version(number: Number, session: SessionDep, user: StaffUser) -> CatalogVersionRead:
    version = service.get_version(session, number=number)
    head = repository.active_head(session)
    return version_read(version, active_id=head[0] if head else None)


@router.post("/{number}/activate", responses=problem_responses(401, 403, 404, 422))
def activate_catalog(number: Number, session: SessionDep, user: CatalogManager) -> CatalogVersionRead:
    """Price new estimates with version ``number`` from now on (estimates already made keep theirs)."""
    version = service.activate(session, number=number, actor=Actor.of(user))
    return version_read(version, active_id=version.id)
