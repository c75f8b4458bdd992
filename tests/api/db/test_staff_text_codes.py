"""Migration 0026 on stored rows: the English reasons the system wrote before become codes with
parameters (and the API still reads them as before); a person's reason stays as typed."""

from __future__ import annotations

import uuid

from sqlalchemy import select, text, update

from api.db.engine import make_engine
from api.db.migrate import downgrade, upgrade
from api.db.models import AuditEvent
from api.disputes.models import ComplaintAnalysis, ComplaintEvent, ComplaintStep
from tests.api.disputes.helpers import make_desk
from tests.fixtures.harness import Harness

OLD_AUDIT = "reported; tier simple"
OLD_EVENT = "gap 4410.00 CNY against estimate version 2"
OLD_STEP = "complaint received"
OLD_REASONS = ["amount dispute", "negotiable part of the gap: 570.00 CNY"]
TYPED = "客户来电说明情况"


def test_old_english_reasons_become_codes_and_typed_ones_stay(harness: Harness, db_url: str) -> None:
    h = harness
    desk = make_desk(h)
    complaint_id = desk.file()["id"]
    assert desk.analyse(complaint_id).status_code == 201
    with h.session() as session:
        created = session.scalars(select(AuditEvent.id).where(AuditEvent.reason_code == "claim_reported")).one()
        analysed = session.scalars(select(ComplaintEvent.id).where(ComplaintEvent.reason_code == "analysed_gap")).one()
        routed = session.scalars(
            select(ComplaintEvent.id).where(ComplaintEvent.reason_code == "complaint_routed")
        ).one()
        step = session.scalars(select(ComplaintStep.id)).one()
        analysis = session.scalars(select(ComplaintAnalysis)).one()
        analysis_id, result = analysis.id, dict(analysis.result)
    result["recommendation"] = {**result["recommendation"], "reasons": OLD_REASONS}

    engine = make_engine(db_url)
    try:
        downgrade(engine, "0025_consent_withdrawal")
        with engine.begin() as conn:  # the rows as the release before wrote them
            for table, row_id, reason in (
                ("audit_events", created, OLD_AUDIT),
                ("complaint_events", analysed, OLD_EVENT),
                ("complaint_steps", step, OLD_STEP),
                ("complaint_events", routed, TYPED),  # as if a person had typed it
            ):
                conn.execute(
                    text(f"UPDATE {table} SET reason = :r WHERE id = :i"), {"r": reason, "i": _id(row_id, db_url)}
                )
            conn.execute(update(ComplaintAnalysis).where(ComplaintAnalysis.id == analysis_id).values(result=result))
        upgrade(engine)
    finally:
        engine.dispose()

    with h.session() as session:
        event = session.get(AuditEvent, created)
        assert event is not None
        assert (event.reason, event.reason_code, event.reason_params) == ("", "claim_reported", {"tier": "simple"})
        gap = session.get(ComplaintEvent, analysed)
        assert gap is not None and gap.reason == "" and gap.reason_code == "analysed_gap"
        assert gap.reason_params == {"gap": "4410.00", "currency": "CNY", "version": 2}
        first = session.get(ComplaintStep, step)
        assert first is not None and (first.reason, first.reason_code) == ("", "complaint_routed")
        kept = session.get(ComplaintEvent, routed)
        assert kept is not None and (kept.reason, kept.reason_code) == (TYPED, None)
        stored = session.get(ComplaintAnalysis, analysis_id)
        assert stored is not None
        assert [r["code"] for r in stored.result["recommendation"]["reasons"]] == ["amount_dispute", "negotiable_part"]

    detail = h.client.get(f"/complaints/{complaint_id}", headers=desk.handler).json()
    assert OLD_EVENT in [e["reason"] for e in detail["events"]]  # the API reads it as it did
    latest = h.client.get(f"/complaints/{complaint_id}/analysis", headers=desk.handler).json()
    assert latest["recommendation"]["reasons"] == OLD_REASONS


def _id(value: uuid.UUID, db_url: str) -> str:
    """A UUID as the column stores it: 32 hex digits on SQLite, the canonical form on PostgreSQL."""
    return value.hex if db_url.startswith("sqlite") else str(value)
