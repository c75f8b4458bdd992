"""ORM models of the price lists: every imported version, immutable once stored, and the one
pointer row that says which version prices new estimates."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Final

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from api.db.base import Base, CreatedAtMixin, IdMixin

ACTIVE_POINTER_ID: Final = 1


class CatalogVersion(IdMixin, CreatedAtMixin, Base):
    """One imported price list, kept as the file said it (``content``) with its sha256; never
    updated after insert. ``number`` counts versions (the bundled SAMPLE list is 1); ``label`` is the
    version an estimate cites."""

    __tablename__ = "catalog_versions"

    number: Mapped[int] = mapped_column(unique=True)
    label: Mapped[str] = mapped_column(String(64), unique=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    source: Mapped[str] = mapped_column(String(200))
    fmt: Mapped[str] = mapped_column(String(8))
    content: Mapped[str] = mapped_column(Text)
    currency: Mapped[str] = mapped_column(String(3))
    row_count: Mapped[int]
    imported_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    # Who imported it, without personal data: "role <user id>", "cli", "feed" or "bundled".
    imported_by: Mapped[str] = mapped_column(String(80))
    # The diff report against the version that was active at import (counts and drift).
    summary: Mapped[dict[str, Any]] = mapped_column(JSON)


class ActiveCatalog(Base):
    """The single row naming the version that prices new estimates: one active version by construction."""

    __tablename__ = "catalog_active"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    version_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("catalog_versions.id"))
    activated_at: Mapped[datetime]
    activated_by: Mapped[str] = mapped_column(String(80))
