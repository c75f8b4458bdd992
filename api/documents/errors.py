from __future__ import annotations

from api.errors import InvalidInput, NotFound, PermissionDenied, UnsupportedMediaType


class UnreadableDocument(UnsupportedMediaType):
    code = "unreadable-document"
    title = "Document cannot be read"


class ReadingNotFound(NotFound):
    code = "reading-not-found"
    title = "Document not read yet"


class UnknownField(InvalidInput):
    code = "unknown-field"
    title = "No such field on this document"


class RawDocumentRestricted(PermissionDenied):
    code = "raw-document-restricted"
    title = "Raw ID document image not available to your role"


class FieldStaffOnly(PermissionDenied):
    code = "field-staff-only"
    title = "Only staff may correct this field"
