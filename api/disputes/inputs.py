"""The analysis's inputs, turned into domain values: the customer's figure (a total, items, a
quote's text, or an OCR-read quote on the claim) and the disputed estimate (the claim's stored
version, or a snapshot as given). Unreadable or inconsistent input is a 422 problem."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from api.db.models import Claim, Document
from api.disputes.errors import InvalidEstimate, InvalidFigure, QuoteUnreadable
from api.disputes.quote import CustomerFigure, CustomerLine, QuoteParseError, figure_from_items, parse_quote_text
from api.disputes.schemas import AnalysisCreate, EstimateIn
from api.disputes.snapshot import EstimateSnapshot, SnapshotLine, snapshot_from_body
from api.documents import repository as documents_repository
from api.estimates import repository as estimates_repository
from pricing import Money


def build_figure(body: AnalysisCreate) -> CustomerFigure:
    """The customer's figure from the request; unreadable or inconsistent input is a 422."""
    try:
        if body.quote_text is not None:
            figure = parse_quote_text(body.quote_text, default_price_type=body.default_price_type)
        elif body.lines is not None:
            lines = [
                CustomerLine(
                    x.name,
                    Money.of(x.amount.amount, x.amount.currency.value),
                    x.operation,
                    x.quantity,
                    x.hours,
                    x.price_type,
                )
                for x in body.lines
            ]
            figure = CustomerFigure.of_lines(lines, default_price_type=body.default_price_type)
        else:
            assert body.total is not None
            figure = CustomerFigure(Money.of(body.total.amount, body.total.currency.value))
    except QuoteParseError as exc:
        raise QuoteUnreadable(
            f"{len(exc.problems)} problem(s): {exc}",
            problems=[{"line": p.line, "reason": p.reason} for p in exc.problems],
        ) from exc
    except ValueError as exc:
        raise InvalidFigure(str(exc)) from exc
    if body.stated_total is not None and body.stated_total.amount != figure.total.amount:
        raise InvalidFigure(f"the items add up to {figure.total}, the stated total is {body.stated_total.amount}")
    return figure


def build_snapshot(estimate: EstimateIn, *, claim: Claim) -> EstimateSnapshot:
    def money(m: Any) -> Money | None:
        return None if m is None else Money.of(m.amount, m.currency.value)

    try:
        return EstimateSnapshot(
            claim_ref=str(claim.id),
            version=estimate.version,
            currency=estimate.currency.value,
            catalog_version=estimate.catalog_version,
            rules_version=estimate.rules_version,
            lines=tuple(
                SnapshotLine(
                    x.line_id,
                    x.kind,
                    x.part,
                    x.action,
                    x.description_zh,
                    x.description_en,
                    x.quantity,
                    money(x.unit_price),
                    money(x.amount),
                    x.price_type,
                    x.source,
                    x.price_list_version,
                    tuple(x.rule_ids),
                )
                for x in estimate.lines
            ),
            recovered=Money.of(estimate.recovered.amount),
            fault_deductible=Money.of(estimate.fault_deductible.amount),
            absolute_deductible=Money.of(estimate.absolute_deductible.amount),
            payable=Money.of(estimate.payable.amount),
            policy_clause=estimate.policy_clause,
        )
    except ValueError as exc:
        raise InvalidEstimate(str(exc)) from exc


def figure_from_document(
    session: Session, *, claim: Claim, document_id: uuid.UUID, body: AnalysisCreate
) -> CustomerFigure:
    """The itemized figure from the latest OCR reading of a repair quote on the claim."""
    document = session.get(Document, document_id)
    if document is None or document.claim_id != claim.id:
        raise InvalidFigure("No such document on this claim.")
    reading = documents_repository.latest_reading(session, document_id=document.id)
    if reading is None or reading.kind != "repair_quote":
        raise InvalidFigure("The document has not been read as a repair quote.")
    try:
        figure = figure_from_items(reading.items, default_price_type=body.default_price_type)
    except QuoteParseError as exc:
        raise QuoteUnreadable(
            f"{len(exc.problems)} problem(s): {exc}",
            problems=[{"row": p.line, "reason": p.reason} for p in exc.problems],
        ) from exc
    if body.stated_total is not None and body.stated_total.amount != figure.total.amount:
        raise InvalidFigure(f"the items add up to {figure.total}, the stated total is {body.stated_total.amount}")
    return figure


def stored_snapshot(session: Session, *, claim: Claim, version: int | None) -> EstimateSnapshot:
    """The claim's stored estimate version (its latest when ``version`` is None), frozen."""
    row = (
        estimates_repository.get(session, claim_id=claim.id, version=version)
        if version is not None
        else estimates_repository.latest(session, claim_id=claim.id)
    )
    if row is None:
        which = f"version {version}" if version is not None else "version"
        raise InvalidEstimate(f"No stored estimate {which} for this claim: send the estimate with the figure.")
    return snapshot_from_body(row.body, claim_ref=str(claim.id))
