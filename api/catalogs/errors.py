"""Errors of the price lists; ``PriceListRejected`` carries every bad row as ``errors[]``."""

from __future__ import annotations

from api.errors import Conflict, InvalidInput, NotFound, UnsupportedMediaType
from pricing import RowProblem


class CatalogNotFound(NotFound):
    code = "catalog-not-found"
    title = "Price-list version not found"


class UnknownPriceListFormat(UnsupportedMediaType):
    code = "unknown-price-list-format"
    title = "Not a CSV or JSON price list"


class InvalidCatalogLabel(InvalidInput):
    code = "invalid-catalog-label"
    title = "Not a usable version label"


class PriceListRejected(InvalidInput):
    """The whole list is refused: nothing was stored. ``errors`` has one entry per problem
    (``line``: the CSV line or JSON row, 0 for the file as a whole; ``field``: the column or null)."""

    code = "price-list-rejected"
    title = "The price list was rejected"

    def __init__(self, problems: tuple[RowProblem, ...]) -> None:
        errors = [{"line": p.line, "field": p.field, "reason": p.reason} for p in problems]
        lines = sorted({p.line for p in problems})
        shown = ", ".join(str(n) for n in lines[:10]) + (" …" if len(lines) > 10 else "")
        super().__init__(f"{len(problems)} problem(s) in the price list, nothing stored (lines {shown})", errors=errors)
        self.problems = problems


class CatalogLabelTaken(Conflict):
    code = "catalog-label-taken"
    title = "Another price-list version has this label"
