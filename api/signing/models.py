"""Tables of estimate signing: the one-time codes sent to the customer (only their keyed hash
is kept) and the signatures, each binding one estimate version's content hash."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from api.db.base import Base, CreatedAtMixin, IdMixin


class SigningCode(IdMixin, CreatedAtMixin, Base):
    """One code sent for one estimate version. ``code_hash`` is an HMAC of the code under a
    server key, so a database copy alone does not give the six digits back by trial."""

    __tablename__ = "signing_codes"
    __table_args__ = (Index("ix_signing_codes_claim_id_created_at", "claim_id", "created_at"),)

    claim_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("claims.id"))
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    estimate_version: Mapped[int]
    code_hash: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime]
    attempts: Mapped[int] = mapped_column(default=0)
    used_at: Mapped[datetime | None]
    # Set when a newer code replaced this one or its attempts ran out: it is never accepted again.
    revoked_at: Mapped[datetime | None]


class EstimateSignature(IdMixin, CreatedAtMixin, Base):
    """The customer's signature of one estimate version: what was signed (the version and the
    SHA-256 of its canonical JSON), when, by whom, from which device."""

    __tablename__ = "estimate_signatures"
    __table_args__ = (UniqueConstraint("claim_id", "estimate_version", name="uq_estimate_signatures_claim_version"),)

    claim_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("claims.id"), index=True)
    estimate_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("estimate_versions.id"))
    estimate_version: Mapped[int]
    content_sha256: Mapped[str] = mapped_column(String(64))
    signed_at: Mapped[datetime]
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    code_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("signing_codes.id"))
    # The device: its user agent as sent (truncated) and its IP address as a keyed hash only.
    user_agent: Mapped[str] = mapped_column(String(255), default="")
    ip_hash: Mapped[str] = mapped_column(String(64), default="")
