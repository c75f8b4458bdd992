"""Who sees personal data on documents (one policy for the OCR fields and the raw files), and who
may correct which field.

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
from api.documents.errors import FieldStaffOnly, RawDocumentRestricted
from api.storage.schemas import DocumentKind as UploadKind
from inference.ocr.fields import DocumentKind as ReadKind

# Who sees personal fields in clear: the claim's own customer and those who verify documents.
UNMASKED_ROLES: Final = frozenset({Role.CUSTOMER, *ADJUSTER_ROLES})

# Documents whose picture shows an ID number: as declared at upload, or as OCR read them.
_ID_UPLOAD_KINDS: Final = frozenset({UploadKind.ID_CARD.value, UploadKind.DRIVING_LICENCE.value})
_ID_READ_KINDS: Final = frozenset(
    {ReadKind.ID_CARD_FRONT.value, ReadKind.ID_CARD_BACK.value, ReadKind.DRIVING_LICENCE.value}
)


# Fields only staff may correct. The plate and VIN tie the documents to one car, and the
# cross-checks compare them; a customer who could edit them could make a quote or a policy for
# another car look like theirs. Staff can read the picture and decide; a customer who sees a
# misread tells the adjuster. (Edits of other fields are flagged for staff, see crosscheck.edits.)
STAFF_ONLY_FIELDS: Final = frozenset({"plate", "vin"})


def check_may_correct(role: Role, field: str) -> None:
    if role is Role.CUSTOMER and field in STAFF_ONLY_FIELDS:
        raise FieldStaffOnly(f"Only an adjuster may correct '{field}'; tell them what the document says.")


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
