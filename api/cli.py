"""``claimsight`` command line: serve, manage users, upgrade the database."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from api.assess_cli import assess
from api.auth.roles import Role
from api.catalogs.cli import catalog_app
from api.read_document_cli import read_document

app = typer.Typer(help="ClaimSight: damage assessment for motor-insurance claims.", no_args_is_help=True)
users_app = typer.Typer(help="Manage users.", no_args_is_help=True)
db_app = typer.Typer(help="Manage the database.", no_args_is_help=True)
storage_app = typer.Typer(help="Manage stored files.", no_args_is_help=True)
app.add_typer(users_app, name="users")
app.add_typer(db_app, name="db")
app.add_typer(storage_app, name="storage")
labels_app = typer.Typer(help="Training labels from adjusters' reviews.", no_args_is_help=True)
app.add_typer(labels_app, name="labels")
app.add_typer(catalog_app, name="catalog")  # claimsight catalog import|diff|list|activate
app.command()(assess)  # claimsight assess PHOTO... (photos in, 定损单 out)
app.command("read-document")(read_document)  # claimsight read-document PATH [--kind K] [--json]


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to bind")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
    reload: Annotated[bool, typer.Option(help="Reload on code changes (development)")] = False,
    workers: Annotated[
        int, typer.Option(min=1, help="API processes on this host; their scheduler ticks once across all")
    ] = 1,
) -> None:
    """Run the API server (migrations run on startup, once however many workers start)."""
    import uvicorn

    if reload and workers > 1:
        typer.echo("error: --reload runs one process; leave out --workers", err=True)
        raise typer.Exit(code=2)
    _check_settings()
    _check_ray(workers)
    uvicorn.run(
        "api.app:create_app",
        factory=True,
        host=host,
        port=port,
        reload=reload,
        workers=workers,
        proxy_headers=True,
        log_config=None,
    )


def _check_ray(workers: int) -> None:
    """Several workers with the Ray runner share one Ray cluster: each would start its own otherwise."""
    from api.config import get_settings

    jobs = get_settings().jobs
    if workers > 1 and jobs.enabled and jobs.runner == "ray" and jobs.ray.address is None:
        typer.echo(
            "error: with jobs.runner=ray, several workers need a Ray cluster: start one (ray start --head) "
            "and set CLAIMSIGHT_JOBS__RAY__ADDRESS (e.g. 127.0.0.1:6379)",
            err=True,
        )
        raise typer.Exit(code=2)


def _check_settings() -> None:
    """Stop with a plain message (no stack trace, no secret) if the settings are invalid."""
    from pydantic import ValidationError

    from api.auth.security import token_issuer
    from api.config import get_settings

    try:
        token_issuer(get_settings())
    except ValidationError as exc:
        for error in exc.errors():
            where = ".".join(str(part) for part in error["loc"])
            typer.echo(f"configuration error: {where}: {error['msg']}", err=True)
        raise typer.Exit(code=2) from None
    except ValueError as exc:  # the secret file: too short (InsecureSecret) or empty
        typer.echo(f"configuration error: auth.jwt_secret: {exc}", err=True)
        raise typer.Exit(code=2) from None


@users_app.command("create")
def create_user(
    email: Annotated[str, typer.Option(prompt=True, help="Login e-mail")],
    role: Annotated[Role, typer.Option(prompt=True, help="Role of the user")] = Role.CUSTOMER,
    password: Annotated[
        str | None,
        typer.Option(
            prompt=True,
            hide_input=True,
            confirmation_prompt=True,
            help="Password (prompted for if not given)",
        ),
    ] = None,
) -> None:
    """Create a user (prompts for missing values)."""
    from api.auth.service import create_user as create
    from api.config import get_settings
    from api.db.engine import make_engine, make_session_factory, unit_of_work
    from api.db.migrate import upgrade
    from api.errors import ClaimSightError

    settings = get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.resolved_database_url)
    upgrade(engine)
    try:
        with unit_of_work(make_session_factory(engine)) as session:
            user = create(session, email=email, password=password or "", role=role)
            user_id = user.id
    except ClaimSightError as exc:
        typer.echo(f"error: {exc.detail}", err=True)
        raise typer.Exit(code=1) from exc
    finally:
        engine.dispose()
    typer.echo(f"created {role} user {user_id}")


@db_app.command("upgrade")
def db_upgrade(revision: Annotated[str, typer.Argument()] = "head") -> None:
    """Apply migrations up to REVISION (default: the latest)."""
    from api.config import get_settings
    from api.db.engine import make_engine
    from api.db.migrate import current_revisions, upgrade

    settings = get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.resolved_database_url)
    try:
        upgrade(engine, revision)
        typer.echo(f"database at {', '.join(sorted(current_revisions(engine))) or 'base'}")
    finally:
        engine.dispose()


@storage_app.command("reconcile")
def storage_reconcile(
    grace_seconds: Annotated[
        float | None, typer.Option(min=0, help="Keep unused files younger than this (default: the setting)")
    ] = None,
) -> None:
    """Remove stored files no photo or document uses (the service also does this at start)."""
    from api.config import get_settings
    from api.db.engine import make_engine, make_session_factory
    from api.storage.blobstore import open_blob_store
    from api.storage.lifetime import reconcile

    settings = get_settings()
    engine = make_engine(settings.resolved_database_url)
    try:
        grace = settings.storage.orphan_grace_seconds if grace_seconds is None else grace_seconds
        report = reconcile(make_session_factory(engine), open_blob_store(settings), grace_seconds=grace)
    finally:
        engine.dispose()
    typer.echo(
        f"{report.files} files: {report.in_use} in use, {report.too_recent} too recent to judge, "
        f"{report.removed} unused removed; {report.leftovers_removed} leftovers removed"
    )


@storage_app.command("copy")
def storage_copy(
    to: Annotated[str, typer.Option("--to", help="The store to copy to: s3 (the storage.s3 settings)")],
) -> None:
    """Copy every file from the local store to the configured S3 store before switching
    storage.backend to s3. Each file's sha256 is checked on both sides; files already there
    intact are skipped, so the copy can be run again to resume. Nothing is removed."""
    from api.config import get_settings
    from api.storage.backends.local import LocalBlobStore
    from api.storage.backends.s3 import S3BlobStore
    from api.storage.copy import CopyOutcome, copy_blobs

    if to != "s3":
        raise typer.BadParameter("only --to s3 is supported", param_hint="--to")
    settings = get_settings()
    if not settings.storage.s3.bucket:
        raise typer.BadParameter(
            "set CLAIMSIGHT_STORAGE__S3__BUCKET (and its endpoint and keys) first", param_hint="--to"
        )
    source = LocalBlobStore(settings.storage_root)
    target = S3BlobStore.from_settings(settings.storage.s3)
    report = copy_blobs(source, target)
    typer.echo(
        f"{report.files} files: {report.count(CopyOutcome.COPIED)} copied, "
        f"{report.count(CopyOutcome.ALREADY_THERE)} already there, {report.count(CopyOutcome.GONE)} gone meanwhile"
        + (f"; NOT COPIED (check these files): {', '.join(report.failed)}" if report.failed else "")
    )
    if not report.ok:
        raise typer.Exit(code=1)


@labels_app.command("export")
def labels_export(
    since: Annotated[datetime, typer.Option(formats=["%Y-%m-%d"], help="Assessments from this day (YYYY-MM-DD)")],
    out: Annotated[Path, typer.Option(help="A new folder for the dataset (must not exist)")],
) -> None:
    """Write a YOLO dataset (damage and damaged-part labels, manifest with sha256s) from the findings
    adjusters confirmed or corrected, on photos of claims whose customer consented to training."""
    from zoneinfo import ZoneInfo

    from api.config import get_settings
    from api.db.base import utcnow
    from api.db.engine import make_engine, make_session_factory, unit_of_work
    from api.errors import ClaimSightError
    from api.labels.export import export_labels
    from api.storage.blobstore import open_blob_store

    settings = get_settings()
    engine = make_engine(settings.resolved_database_url)
    try:
        with unit_of_work(make_session_factory(engine)) as session:
            summary = export_labels(
                session,
                blobs=open_blob_store(settings),
                since=since.date(),
                out=out,
                tz=ZoneInfo(settings.timezone),
                now=utcnow(),
            )
    except ClaimSightError as exc:
        typer.echo(f"error: {exc.detail}", err=True)
        raise typer.Exit(code=1) from exc
    finally:
        engine.dispose()
    typer.echo(
        f"{summary.images} images from {summary.claims} consented claims "
        f"({summary.damage_instances} damages; {summary.part_images} images with part labels) in {summary.out}"
    )
