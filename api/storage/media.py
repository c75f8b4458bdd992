"""Media types detected from the bytes (magic numbers), never from a name or a header."""

from __future__ import annotations

from enum import StrEnum


class MediaType(StrEnum):
    JPEG = "image/jpeg"
    PNG = "image/png"
    WEBP = "image/webp"
    PDF = "application/pdf"


PHOTO_TYPES = frozenset({MediaType.JPEG, MediaType.PNG, MediaType.WEBP})
DOCUMENT_TYPES = frozenset({MediaType.JPEG, MediaType.PNG, MediaType.PDF})


def sniff(data: bytes) -> MediaType | None:
    if data.startswith(b"\xff\xd8\xff"):
        return MediaType.JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return MediaType.PNG
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return MediaType.WEBP
    if data.startswith(b"%PDF-"):
        return MediaType.PDF
    return None
