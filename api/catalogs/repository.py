"""Every query of the price lists."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session, defer

from api.catalogs.models import ACTIVE_POINTER_ID, ActiveCatalog, CatalogVersion


def pointer(session: Session, *, for_update: bool = False) -> ActiveCatalog | None:
    """The active-version row; locked (``for_update``) it serialises imports and activations."""
    return session.get(ActiveCatalog, ACTIVE_POINTER_ID, with_for_update=for_update, populate_existing=for_update)


def active_head(session: Session) -> tuple[uuid.UUID, str] | None:
    """(id, label) of the active version, without loading its content."""
    row = session.execute(
        select(CatalogVersion.id, CatalogVersion.label)
        .join(ActiveCatalog, ActiveCatalog.version_id == CatalogVersion.id)
        .where(ActiveCatalog.id == ACTIVE_POINTER_ID)
    ).first()
    return (row[0], row[1]) if row is not None else None


def by_number(session: Session, number: int) -> CatalogVersion | None:
    return session.scalars(select(CatalogVersion).where(CatalogVersion.number == number)).first()


def by_label(session: Session, label: str) -> CatalogVersion | None:
    return session.scalars(select(CatalogVersion).where(CatalogVersion.label == label)).first()


def by_sha256(session: Session, sha256: str) -> CatalogVersion | None:
    return session.scalars(select(CatalogVersion).where(CatalogVersion.sha256 == sha256)).first()


def get(session: Session, version_id: uuid.UUID) -> CatalogVersion | None:
    return session.get(CatalogVersion, version_id)


def content_of(session: Session, version_id: uuid.UUID) -> tuple[str, str, str] | None:
    """(label, fmt, content) of one version."""
    row = session.execute(
        select(CatalogVersion.label, CatalogVersion.fmt, CatalogVersion.content).where(CatalogVersion.id == version_id)
    ).first()
    return (row[0], row[1], row[2]) if row is not None else None


def next_number(session: Session) -> int:
    return int(session.scalar(select(func.coalesce(func.max(CatalogVersion.number), 0))) or 0) + 1


def newest_first(session: Session, *, limit: int) -> Sequence[CatalogVersion]:
    query = select(CatalogVersion).options(defer(CatalogVersion.content)).order_by(CatalogVersion.number.desc())
    return session.scalars(query.limit(limit)).all()
