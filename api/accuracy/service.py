"""The AI accuracy panel: what adjusters did with the AI's findings, from the correction records."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo

from sqlalchemy.orm import Session

from api.accuracy import repository
from api.accuracy.schemas import AccuracyReport, AccuracyRow, AccuracyTotal
from api.accuracy.tally import Fate, FindingFate, Reviewed, tally
from api.db.models import Finding
from api.db.models.assessment import FindingCorrection
from api.errors import InvalidInput

MAX_DAYS = 366
BASIS = (
    "Assessments whose estimate an adjuster approved, by the ISO week the assessment ran. An AI finding is "
    "kept (never corrected), changed (type, part, side or severity) or rejected, counted under the type the "
    "model gave it; added damages are counted under the adjuster's type."
)


def _fate(row: Finding, corrections: list[FindingCorrection]) -> tuple[str, Fate]:
    original = str(corrections[0].before["damage_type"]) if corrections and corrections[0].before else row.damage_type
    if row.rejected:
        return original, "rejected"
    if any(c.action == "changed" for c in corrections):
        return original, "changed"
    return original, "kept"


def _week(at: datetime, tz: tzinfo) -> str:
    year, week, _ = at.astimezone(tz).isocalendar()
    return f"{year}-W{week:02d}"


def ai_accuracy(session: Session, *, from_date: date, to_date: date, tz: tzinfo) -> AccuracyReport:
    if to_date < from_date:
        raise InvalidInput("'to' is before 'from'.", errors=[{"loc": ["query", "to"], "msg": "before 'from'"}])
    if (to_date - from_date).days >= MAX_DAYS:
        raise InvalidInput(f"The period is longer than {MAX_DAYS} days.")
    start = datetime.combine(from_date, time.min, tz)
    end = datetime.combine(to_date + timedelta(days=1), time.min, tz)
    assessments = repository.reviewed_assessments(session, start=start, end=end)
    ids = [a.id for a in assessments]
    findings = repository.findings_of(session, assessment_ids=ids)
    corrections = repository.corrections_of(session, assessment_ids=ids)
    reviewed = []
    for a in assessments:
        ai = [FindingFate(*_fate(f, corrections.get(f.id, []))) for f in findings[a.id] if f.origin == "ai"]
        added = [f.damage_type for f in findings[a.id] if f.origin != "ai" and not f.rejected]
        reviewed.append(Reviewed(_week(a.created_at, tz), a.model_version, str(a.claim_id), ai, added))
    rows, totals = tally(reviewed)

    def figures(c: object) -> dict[str, object]:
        names = ("week", "model_version", "ai_findings", "kept", "changed", "rejected", "added")
        shares = ("kept_share", "changed_share", "rejected_share")
        return {n: getattr(c, n) for n in (*names, *shares)}

    return AccuracyReport(
        from_date=from_date,
        to_date=to_date,
        time_zone=str(tz),
        basis=BASIS,
        rows=[AccuracyRow(**figures(r), damage_type=r.damage_type) for r in rows],
        totals=[
            AccuracyTotal(
                **figures(t),
                claims=len(t.claims),
                claims_with_added=len(t.claims_with_added),
                lines_added_share=t.lines_added_share,
            )
            for t in totals
        ],
    )
