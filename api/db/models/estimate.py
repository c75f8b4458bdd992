"""Stored estimate versions (定损单). A version's body is the pricing engine's JSON form of the
estimate (``pricing.to_jsonable``) and is never updated: an edit or a re-pricing adds version n+1.
Approval is recorded on the version it approves, beside (not inside) the immutable body."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, ForeignKey, Numeric, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from api.auth.roles import Role
from api.db.base import Base, CreatedAtMixin, IdMixin, str_enum


class EstimateVersion(IdMixin, CreatedAtMixin, Base):
    __tablename__ = "estimate_versions"
    __table_args__ = (UniqueConstraint("claim_id", "version", name="uq_estimate_versions_claim_id_version"),)

    claim_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("claims.id"), index=True)
    version: Mapped[int]
    parent_version: Mapped[int | None]
    # The assessment whose findings were priced (carried over by revisions).
    assessment_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("assessments.id"))
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    created_by_role: Mapped[Role | None] = mapped_column(str_enum(Role))
    catalog_version: Mapped[str] = mapped_column(String(64))
    rules_version: Mapped[str] = mapped_column(String(64))
    currency: Mapped[str] = mapped_column(String(3))
    # Copies of body figures, for listing and reporting without parsing the body.
    net_repair_cost: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    payable: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    tier: Mapped[str] = mapped_column(String(16))
    complete: Mapped[bool]
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    # Pricing assumptions made outside the engine (e.g. a severity defaulted), said to staff.
    assumptions: Mapped[list[str]] = mapped_column(JSON, default=list)
    approved_at: Mapped[datetime | None]
    approved_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    approved_by_role: Mapped[Role | None] = mapped_column(str_enum(Role))
    # The approval fields are the mutable part: two approvals of one version cannot both land.
    version_id: Mapped[int] = mapped_column(server_default=text("1"))

    __mapper_args__ = {"version_id_col": version_id}  # noqa: RUF012 (SQLAlchemy reads it once)
