"""Per-kind extractors: an upright page in, fields (and line items) out."""

from __future__ import annotations

from functools import cache

from inference.ocr.extract import cards, policy, quote, vehicle
from inference.ocr.fields import DocumentKind, Field, LineItem
from inference.ocr.layout import LabelSpec, Page
from inference.ocr.lines import TextLines
from inference.ocr.orientation import Upright, orient

SPECS: dict[DocumentKind, tuple[LabelSpec, ...]] = {
    DocumentKind.ID_CARD_FRONT: cards.ID_FRONT,
    DocumentKind.ID_CARD_BACK: cards.ID_BACK,
    DocumentKind.DRIVING_LICENCE: cards.DRIVING,
    DocumentKind.VEHICLE_LICENCE: vehicle.MAIN,
    DocumentKind.VEHICLE_LICENCE_SECOND: vehicle.SECOND,
    DocumentKind.POLICY_COMPULSORY: policy.SPECS,
    DocumentKind.POLICY_COMMERCIAL: policy.SPECS,
    DocumentKind.REPAIR_QUOTE: quote.SPECS,
}


@cache
def field_names(kind: DocumentKind) -> tuple[str, ...]:
    """The keys a read page of ``kind`` returns, in order (what its extractor makes of an empty page).

    Not the label specs' names: one label can give two fields (有效期限 → ``valid_from``,
    ``valid_until``) or a field of another name (检验记录 → ``inspection_valid_until``).

    >>> field_names(DocumentKind.ID_CARD_BACK)
    ('issuing_authority', 'valid_from', 'valid_until')
    """
    if kind is DocumentKind.UNKNOWN:
        return ()
    fields, _, _ = extract(orient(TextLines.empty((1, 1)), 0), kind)
    return tuple(fields)


def extract(upright: Upright, kind: DocumentKind) -> tuple[dict[str, Field], tuple[LineItem, ...], list[str]]:
    """Fields, line items and notes for a page of a known ``kind`` (UNKNOWN gives nothing)."""
    if kind is DocumentKind.UNKNOWN:
        return {}, (), []
    page = Page(upright, SPECS[kind])
    if kind is DocumentKind.ID_CARD_FRONT:
        return cards.id_card_front(page), (), []
    if kind is DocumentKind.ID_CARD_BACK:
        return cards.id_card_back(page), (), []
    if kind is DocumentKind.DRIVING_LICENCE:
        return cards.driving_licence(page), (), []
    if kind is DocumentKind.VEHICLE_LICENCE:
        return vehicle.vehicle_licence(page), (), []
    if kind is DocumentKind.VEHICLE_LICENCE_SECOND:
        return vehicle.vehicle_licence_second(page), (), []
    if kind in (DocumentKind.POLICY_COMPULSORY, DocumentKind.POLICY_COMMERCIAL):
        fields, covers = policy.policy(page)
        return fields, covers, []
    fields, items, notes = quote.quote(page)
    return fields, items, notes
