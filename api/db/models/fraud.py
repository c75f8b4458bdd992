from __future__ import annotations

import uuid

from sqlalchemy import ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column

from api.db.base import Base, CreatedAtMixin, IdMixin, str_enum
from api.fraud.signals import FraudSignal


class FraudFlag(IdMixin, CreatedAtMixin, Base):
    """A fraud signal on a claim. Shown to staff only."""

    __tablename__ = "fraud_flags"
    # One flag per pair of photos and claim, however often a photo is sent (photo-less flags are free).
    __table_args__ = (Index("ux_fraud_flags_pair", "claim_id", "signal", "photo_id", "related_photo_id", unique=True),)

    claim_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("claims.id"), index=True)
    signal: Mapped[FraudSignal] = mapped_column(str_enum(FraudSignal))
    photo_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("photos.id"))
    related_claim_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("claims.id"))
    related_photo_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("photos.id"))
    hash_distance: Mapped[int | None]
    detail: Mapped[str] = mapped_column(Text, default="")
