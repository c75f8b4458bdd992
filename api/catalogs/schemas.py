"""Response bodies of the price lists. Amounts, hours and drift are decimal strings."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from api.catalogs.models import CatalogVersion
from api.catalogs.service import ImportResult
from pricing.catalog_diff import CatalogDiff, GroupDrift, RowChange


class RowChangeRead(BaseModel):
    label: str
    record: str
    group: str
    unit: str
    old: Decimal | None
    new: Decimal | None
    drift_pct: Decimal | None
    oe_number: str | None


class GroupDriftRead(BaseModel):
    code: str
    unit: str
    rows: int
    changed: int
    old_total: Decimal
    new_total: Decimal
    drift_pct: Decimal


class DiffRead(BaseModel):
    """A list against the active version: rows added/removed/changed, drift per part, per
    operation (hourly rates; standard hours apart) and overall (every price both lists have)."""

    base_version: str | None
    added_count: int
    removed_count: int
    changed_count: int
    unchanged_count: int
    overall_drift_pct: Decimal
    by_part: list[GroupDriftRead]
    by_operation: list[GroupDriftRead]
    hours_by_operation: list[GroupDriftRead]
    added: list[RowChangeRead]
    removed: list[RowChangeRead]
    changed: list[RowChangeRead]


class CatalogVersionRead(BaseModel):
    number: int
    label: str
    sha256: str
    source: str
    format: str
    currency: str
    rows: int
    imported_by: str
    imported_at: datetime
    active: bool
    summary: dict[str, Any]


class CatalogImportRead(BaseModel):
    """``version`` is null for a dry run; ``created`` false when the same file was already stored."""

    label: str
    sha256: str
    rows: int
    dry_run: bool
    created: bool
    activated: bool
    version: CatalogVersionRead | None
    diff: DiffRead


def _row(c: RowChange) -> RowChangeRead:
    return RowChangeRead(
        label=c.label,
        record=c.record,
        group=c.group,
        unit=c.unit,
        old=c.old,
        new=c.new,
        drift_pct=c.drift_pct,
        oe_number=c.oe_number,
    )


def _group(g: GroupDrift) -> GroupDriftRead:
    return GroupDriftRead(
        code=g.code,
        unit=g.unit,
        rows=g.rows,
        changed=g.changed,
        old_total=g.old_total,
        new_total=g.new_total,
        drift_pct=g.drift_pct,
    )


def diff_read(diff: CatalogDiff) -> DiffRead:
    return DiffRead(
        base_version=diff.base_version,
        added_count=len(diff.added),
        removed_count=len(diff.removed),
        changed_count=len(diff.changed),
        unchanged_count=diff.unchanged,
        overall_drift_pct=diff.overall_drift_pct,
        by_part=[_group(g) for g in diff.by_part],
        by_operation=[_group(g) for g in diff.by_operation],
        hours_by_operation=[_group(g) for g in diff.hours_by_operation],
        added=[_row(c) for c in diff.added],
        removed=[_row(c) for c in diff.removed],
        changed=[_row(c) for c in diff.changed],
    )


def version_read(version: CatalogVersion, *, active_id: uuid.UUID | None) -> CatalogVersionRead:
    return CatalogVersionRead(
        number=version.number,
        label=version.label,
        sha256=version.sha256,
        source=version.source,
        format=version.fmt,
        currency=version.currency,
        rows=version.row_count,
        imported_by=version.imported_by,
        imported_at=version.created_at,
        active=version.id == active_id,
        summary=version.summary,
    )


def import_read(result: ImportResult, *, active_id: uuid.UUID | None) -> CatalogImportRead:
    version = result.version
    return CatalogImportRead(
        label=result.label,
        sha256=result.sha256,
        rows=result.row_count,
        dry_run=result.dry_run,
        created=result.created,
        activated=result.activated,
        version=None if version is None or result.dry_run else version_read(version, active_id=active_id),
        diff=diff_read(result.diff),
    )
