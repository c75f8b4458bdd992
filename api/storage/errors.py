from __future__ import annotations

from api.errors import Conflict, InvalidInput, NotFound, PayloadTooLarge, UnsupportedMediaType


class FileTooLarge(PayloadTooLarge):
    code = "file-too-large"
    title = "File too large"


class ImageTooLarge(PayloadTooLarge):
    code = "image-too-large"
    title = "Image has too many pixels"


class UnsupportedFileType(UnsupportedMediaType):
    code = "unsupported-file-type"
    title = "Unsupported file type"


class CorruptImage(InvalidInput):
    code = "corrupt-image"
    title = "Image is truncated or corrupt"


class CorruptDocument(InvalidInput):
    code = "corrupt-document"
    title = "Document is truncated or corrupt"


class EmptyFile(InvalidInput):
    code = "empty-file"
    title = "File is empty"


class PhotoNotFound(NotFound):
    code = "photo-not-found"
    title = "Photo not found"


class DocumentNotFound(NotFound):
    code = "document-not-found"
    title = "Document not found"


class PhotoTooSmall(InvalidInput):
    code = "photo-too-small"
    title = "Photo is too small to assess"


class PhotoAspectRatio(InvalidInput):
    code = "photo-aspect-ratio"
    title = "Photo is too long and narrow to assess"


class ClaimClosed(Conflict):
    code = "claim-closed"
    title = "The claim is closed"


class PhotoAssessed(Conflict):
    code = "photo-assessed"
    title = "The photo is part of an assessment"
