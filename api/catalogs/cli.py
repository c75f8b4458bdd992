"""``claimsight catalog``: import a price list, compare one with the active version, list and
activate versions — the same service as ``POST /catalogs``, on the configured database."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from sqlalchemy.orm import Session

from api.catalogs.schemas import DiffRead, diff_read, import_read, version_read
from api.catalogs.service import ImportResult

catalog_app = typer.Typer(help="Price lists: import, compare, list, activate.", no_args_is_help=True)

JsonOption = Annotated[bool, typer.Option("--json", help="Print the full report as JSON")]
SHOWN_CHANGES = 20


@contextmanager
def _session() -> Iterator[Session]:
    from api.catalogs.service import seed_bundled
    from api.config import get_settings
    from api.db.engine import make_engine, make_session_factory, unit_of_work
    from api.db.migrate import upgrade

    settings = get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.resolved_database_url)
    try:
        upgrade(engine)
        with unit_of_work(make_session_factory(engine)) as session:
            seed_bundled(session)
            yield session
    finally:
        engine.dispose()


def _run(file: Path, *, dry_run: bool, activate: bool, label: str | None, fmt: str | None) -> ImportResult:
    from api.auth.actor import Actor
    from api.catalogs import service
    from api.catalogs.errors import PriceListRejected
    from api.errors import ClaimSightError

    try:
        data = file.read_bytes()
    except OSError as exc:
        typer.echo(f"error: cannot read {file}: {exc.strerror}", err=True)
        raise typer.Exit(code=2) from None
    try:
        with _session() as session:
            return service.import_file(
                session,
                data=data,
                filename=file.name,
                source="cli",
                actor=Actor.system("cli"),
                fmt=fmt,
                label=label,
                activate=activate,
                dry_run=dry_run,
            )
    except PriceListRejected as exc:
        typer.echo(f"rejected: {exc.detail}", err=True)
        for problem in exc.problems:
            where = f"line {problem.line}" + (f", {problem.field}" if problem.field else "")
            typer.echo(f"  {where}: {problem.reason}", err=True)
        raise typer.Exit(code=1) from None
    except ClaimSightError as exc:
        typer.echo(f"error: {exc.detail}", err=True)
        raise typer.Exit(code=1) from None


def _print_diff(diff: DiffRead) -> None:
    base = diff.base_version or "nothing"
    typer.echo(
        f"against {base}: {diff.added_count} new, {diff.removed_count} removed, {diff.changed_count} changed, "
        f"{diff.unchanged_count} unchanged; overall price drift {diff.overall_drift_pct} %"
    )
    for title, groups in (
        ("part", diff.by_part),
        ("labour rate", diff.by_operation),
        ("labour hours", diff.hours_by_operation),
    ):
        for g in groups:
            if g.changed:
                typer.echo(f"  {title} {g.code}: {g.changed} of {g.rows} changed, drift {g.drift_pct} %")
    for c in diff.changed[:SHOWN_CHANGES]:
        typer.echo(f"  ~ {c.label}: {c.old} -> {c.new} {c.unit} ({c.drift_pct} %)")
    for c in diff.added[:SHOWN_CHANGES]:
        typer.echo(f"  + {c.label}: {c.new} {c.unit}")
    for c in diff.removed[:SHOWN_CHANGES]:
        typer.echo(f"  - {c.label}: {c.old} {c.unit}")
    hidden = sum(max(0, len(rows) - SHOWN_CHANGES) for rows in (diff.changed, diff.added, diff.removed))
    if hidden:
        typer.echo(f"  … {hidden} more rows (--json for all)")


def _echo_json(value: Any) -> None:
    typer.echo(json.dumps(value, ensure_ascii=False, indent=1))


@catalog_app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="The price list, CSV or JSON (docs/catalogs.md)")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Validate and compare only; store nothing")] = False,
    activate: Annotated[bool, typer.Option("--activate", help="Make it the active version at once")] = False,
    label: Annotated[str | None, typer.Option(help="Version label estimates cite (default catalog-<n>)")] = None,
    fmt: Annotated[str | None, typer.Option("--format", help="csv or json (default: from the file)")] = None,
    as_json: JsonOption = False,
) -> None:
    """Validate FILE whole and store it as the next price-list version (exit 1 with every problem)."""
    result = _run(file, dry_run=dry_run, activate=activate, label=label, fmt=fmt)
    if as_json:
        _echo_json(import_read(result, active_id=None).model_dump(mode="json", exclude={"version": {"active"}}))
        return
    if result.dry_run:
        typer.echo(f"dry run: {result.row_count} rows valid as {result.label}; nothing stored")
    elif result.created:
        state = "active" if result.activated else "not active (claimsight catalog activate N)"
        assert result.version is not None
        typer.echo(f"stored version {result.version.number} ({result.label}), {result.row_count} rows, {state}")
    else:
        typer.echo(f"already stored as {result.label}: nothing new" + (", now active" if result.activated else ""))
    _print_diff(diff_read(result.diff))


@catalog_app.command("diff")
def diff_command(
    file: Annotated[Path, typer.Argument(help="The price list to compare with the active version")],
    fmt: Annotated[str | None, typer.Option("--format", help="csv or json (default: from the file)")] = None,
    as_json: JsonOption = False,
) -> None:
    """Compare FILE with the active version: new, removed and changed prices, drift % (stores nothing)."""
    result = _run(file, dry_run=True, activate=False, label=None, fmt=fmt)
    diff = diff_read(result.diff)
    if as_json:
        _echo_json(diff.model_dump(mode="json"))
        return
    _print_diff(diff)


@catalog_app.command("list")
def list_command(as_json: JsonOption = False) -> None:
    """Every stored version, newest first; * marks the active one."""
    from api.catalogs import service

    with _session() as session:
        versions, active_id = service.versions(session)
        reads = [version_read(v, active_id=active_id) for v in versions]
    if as_json:
        _echo_json([r.model_dump(mode="json") for r in reads])
        return
    for r in reads:
        mark = "*" if r.active else " "
        typer.echo(
            f"{mark} {r.number:>3}  {r.label:<20} {r.rows:>5} rows  {r.imported_at:%Y-%m-%d %H:%M} UTC  "
            f"{r.imported_by:<10} {r.source}  sha256 {r.sha256[:12]}"
        )


@catalog_app.command("activate")
def activate_command(number: Annotated[int, typer.Argument(min=1, help="The version number (see list)")]) -> None:
    """Price new estimates with version NUMBER from now on."""
    from api.auth.actor import Actor
    from api.catalogs import service
    from api.errors import ClaimSightError

    try:
        with _session() as session:
            version = service.activate(session, number=number, actor=Actor.system("cli"))
            label = version.label
    except ClaimSightError as exc:
        typer.echo(f"error: {exc.detail}", err=True)
        raise typer.Exit(code=1) from None
    typer.echo(f"version {number} ({label}) is active")
