"""Photos and documents: rows that point at content-addressed files in the blob store.

Read a file with ``BlobStore.read(row.sha256)`` / ``.stream(…)`` (``api.storage.blobstore``); the row is
only committed after its file is in place, and a failed request removes a file it created.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from api.db.base import Base, CreatedAtMixin, IdMixin


class Photo(IdMixin, CreatedAtMixin, Base):
    __tablename__ = "photos"

    claim_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("claims.id"), index=True)
    uploaded_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    sha256: Mapped[str] = mapped_column(String(64), index=True)  # of the stored (upright) bytes
    content_type: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int]
    width: Mapped[int]  # upright, after EXIF orientation
    height: Mapped[int]
    phash: Mapped[str] = mapped_column(String(16), index=True)  # 64-bit imagehash.phash, hex
    captured_at: Mapped[datetime | None]  # EXIF DateTimeOriginal, as UTC
    # Guided capture (api.capture.vocabulary): the kind of shot, the zone of the car and its side.
    shot: Mapped[str | None] = mapped_column(String(24))
    zone: Mapped[str | None] = mapped_column(String(24))
    zone_side: Mapped[str | None] = mapped_column(String(8))
    # The quality check made at upload: a JSON list of reasons to retake (api.capture.quality).
    quality_json: Mapped[str | None] = mapped_column(Text)


class Document(IdMixin, CreatedAtMixin, Base):
    __tablename__ = "documents"

    claim_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("claims.id"), index=True)
    uploaded_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    content_type: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int]
    kind: Mapped[str] = mapped_column(String(32))  # api.storage.schemas.DocumentKind
