"""Where each line of an estimate version came from, and who changed it with which reason.

A line priced from findings takes its origin from them (a customer-reported finding wins over an
adjuster's, an adjuster's over the detector's); a line with no finding behind it was added by an
adjuster; derived lines (salvage, multi-panel paint) follow the rules, so the AI's pricing. The
changes are read from the revisions of every version up to this one. A line a person brought in
also names who: the adjuster who boxed its finding (the finding correction that added it) or who
added the line itself (the revision that added it).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.db.models.assessment import Finding as FindingRow
from api.db.models.assessment import FindingCorrection
from api.db.models.estimate import EstimateVersion
from api.estimates import repository
from pricing import Estimate, LineKind, Revision, from_jsonable

RANK = {"ai": 0, "adjuster": 1, "customer_reported": 2}
DERIVED = frozenset({LineKind.SALVAGE, LineKind.ADJUSTMENT})


@dataclass(frozen=True)
class LineChange:
    version: int
    change: str
    reason: str
    actor_role: str
    actor_id: str | None
    note: str


@dataclass(frozen=True)
class AddedBy:
    """The person who brought a line in: their role and user id (None for a system actor)."""

    actor_role: str
    actor_id: str | None


@dataclass
class LineProvenance:
    origin: str = "ai"
    changes: list[LineChange] = field(default_factory=list)
    added_by: AddedBy | None = None  # set for a line that is not the AI's (origin adjuster or customer_reported)


def _origins(session: Session, finding_ids: set[str]) -> dict[str, str]:
    ids = []
    for text in finding_ids:
        try:
            ids.append(uuid.UUID(text))
        except ValueError:
            continue
    if not ids:
        return {}
    rows = session.execute(select(FindingRow.id, FindingRow.origin).where(FindingRow.id.in_(ids))).all()
    return {str(i): origin for i, origin in rows}


def _adders(session: Session, claim_id: uuid.UUID) -> dict[str, AddedBy]:
    """Who added each finding an adjuster boxed on the claim (by finding id)."""
    rows = session.scalars(
        select(FindingCorrection)
        .where(FindingCorrection.claim_id == claim_id, FindingCorrection.action == "added")
        .order_by(FindingCorrection.created_at)
    )
    return {
        str((r.after or {}).get("finding_id")): AddedBy(
            r.actor_role.value if r.actor_role else "", str(r.actor_id) if r.actor_id else None
        )
        for r in rows
    }


def line_provenance(session: Session, *, row: EstimateVersion, estimate: Estimate) -> dict[str, LineProvenance]:
    """Origin and change history of every line of ``estimate`` (stored as ``row``), and who
    brought in each line that is not the AI's."""
    origins = _origins(session, {f for line in estimate.lines for f in line.evidence.finding_ids})
    result: dict[str, LineProvenance] = {}
    for line in estimate.lines:
        if line.kind in DERIVED:
            origin = "ai"
        elif line.evidence.finding_ids:
            origin = max((origins.get(f, "ai") for f in line.evidence.finding_ids), key=lambda o: RANK.get(o, 0))
        else:
            origin = "adjuster"
        result[line.line_id] = LineProvenance(origin)
    for earlier in repository.versions(session, claim_id=row.claim_id):
        if earlier.version > row.version:
            break
        revision = (earlier.body or {}).get("revision")
        if not revision:
            continue
        past = from_jsonable(Revision, revision)
        for diff in past.diffs:
            if diff.line_id in result and diff.reason.value != "recomputed":
                result[diff.line_id].changes.append(
                    LineChange(
                        earlier.version,
                        diff.change.value,
                        diff.reason.value,
                        past.actor_role.value,
                        past.actor_id,
                        diff.note,
                    )
                )
    adders = _adders(session, row.claim_id) if any(p.origin != "ai" for p in result.values()) else {}
    for line in estimate.lines:
        p = result[line.line_id]
        if p.origin == "ai":
            continue
        found = [adders[f] for f in line.evidence.finding_ids if f in adders and origins.get(f) == p.origin]
        added = [AddedBy(c.actor_role, c.actor_id) for c in p.changes if c.change == "added"]
        p.added_by = found[0] if found else added[0] if added else None
    return result
