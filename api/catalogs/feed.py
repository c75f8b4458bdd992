"""The scheduled price-list feed: each new ``*.csv`` / ``*.json`` file in the configured folder is
imported like an upload (the whole file validated), then moved out of the way:

* ``imported/<UTC time>-<name>`` once stored (or when the same bytes were already a version: a no-op);
* ``rejected/<UTC time>-<name>`` with ``<…>.errors.json`` beside it (every problem, line and field)
  when the list is refused; nothing of it is stored.

The scheduler polls it on its leader only. Files starting with ``.`` and files changed less than
``settle_seconds`` ago are left for a later tick (a writer should write elsewhere and rename in).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Final

import structlog
from sqlalchemy.orm import Session, sessionmaker

from api.auth.actor import Actor
from api.catalogs import service
from api.catalogs.errors import PriceListRejected
from api.db.engine import unit_of_work
from api.errors import ClaimSightError

log = structlog.get_logger(__name__)

SUFFIXES: Final = (".csv", ".json")
IMPORTED: Final = "imported"
REJECTED: Final = "rejected"


@dataclass(frozen=True)
class FeedResult:
    imported: int = 0
    duplicates: int = 0
    rejected: int = 0


def _waiting(folder: Path, *, now: datetime, settle_seconds: float) -> list[Path]:
    if not folder.is_dir():
        return []
    files = [
        p
        for p in folder.iterdir()
        if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in SUFFIXES
        if now.timestamp() - p.stat().st_mtime >= settle_seconds
    ]
    return sorted(files, key=lambda p: (p.stat().st_mtime, p.name))


def _move(path: Path, into: str, *, now: datetime) -> Path:
    target_dir = path.parent / into
    target_dir.mkdir(exist_ok=True)
    target = target_dir / f"{now.strftime('%Y%m%dT%H%M%SZ')}-{path.name}"
    path.replace(target)
    return target


def poll(
    factory: sessionmaker[Session],
    *,
    folder: Path,
    activate: bool,
    now: datetime,
    settle_seconds: float = 5.0,
) -> FeedResult:
    """Import every file waiting in ``folder``, oldest first; one transaction per file."""
    imported = duplicates = rejected = 0
    for path in _waiting(folder, now=now, settle_seconds=settle_seconds):
        data = path.read_bytes()
        try:
            with unit_of_work(factory) as session:
                result = service.import_file(
                    session,
                    data=data,
                    filename=path.name,
                    source="feed",
                    actor=Actor.system("feed"),
                    activate=activate,
                )
        except ClaimSightError as exc:
            errors = exc.extra.get("errors") if isinstance(exc, PriceListRejected) else None
            target = _move(path, REJECTED, now=now)
            report = {"file": path.name, "sha256": service.sha256_of(data), "detail": exc.detail, "errors": errors}
            target.with_name(target.name + ".errors.json").write_text(
                json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8"
            )
            log.warning("catalog.feed_rejected", problem=exc.code, problems=len(errors or ()))
            rejected += 1
            continue
        _move(path, IMPORTED, now=now)
        if result.created:
            imported += 1
            log.info("catalog.feed_imported", label=result.label, rows=result.row_count)
        else:
            duplicates += 1
            log.info("catalog.feed_duplicate", label=result.label)
    return FeedResult(imported, duplicates, rejected)
