"""Who sees personal data on documents: one policy for the OCR fields and the raw files.

A role that sees ID numbers masked in the OCR fields must not get them from the picture
either: the raw image of a document that carries an ID number (the ID card; a driving
licence, whose number is the holder's ID number) goes only to the roles that see it
unmasked. The list of documents still shows such a document exists.
"""

from __future__ import annotations

from typing import Final

from sqlalchemy.orm import Session

from api.auth.roles import ADJUSTER_ROLES, Role
from api.db.models import Document
from api.documents import repository
from api.documents.errors import RawDocumentRestricted
from api.storage.schemas import DocumentKind as UploadKind
from inference.ocr.fields import DocumentKind as ReadKind

# Who sees personal fields in clear: the claim's own customer and those who verify documents.
UNMASKED_ROLES: Final = frozenset({Role.CUSTOMER, *ADJUSTER_ROLES})

# Documents whose picture shows an ID number: as declared at upload, or as OCR read them.
_ID_UPLOAD_KINDS: Final = frozenset({UploadKind.ID_CARD.value, UploadKind.DRIVING_LICENCE.value})
_ID_READ_KINDS: Final = frozenset(
    {ReadKind.ID_CARD_FRONT.value, ReadKind.ID_CARD_BACK.value, ReadKind.DRIVING_LICENCE.value}
)


def sees_unmasked(role: Role) -> bool:
    return role in UNMASKED_ROLES


def shows_id_number(session: Session, *, document: Document) -> bool:
    if document.kind in _ID_UPLOAD_KINDS:
        return True
    reading = repository.latest_reading(session, document_id=document.id)
    return reading is not None and reading.kind in _ID_READ_KINDS


def check_raw_file(session: Session, *, role: Role, document: Document) -> None:
    """Refuse the raw file of an ID document to a role that sees ID numbers masked."""
    if not sees_unmasked(role) and shows_id_number(session, document=document):
        raise RawDocumentRestricted("Your role sees ID numbers masked, so not the document's image either.")
