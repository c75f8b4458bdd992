"""The AI accuracy figures on fixture claims built through the API (assess, correct, price,
approve), with the assessments' weeks and model versions set: exact expected numbers."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from api.accuracy.tally import FindingFate, Reviewed, tally
from api.auth.roles import Role
from api.db.models import Assessment, Finding
from tests.api.estimates.helpers import assessed_claim, price
from tests.fixtures.harness import Harness

W48 = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)  # Wednesday of ISO week 2026-W48 (also in Asia/Shanghai)
W47 = datetime(2026, 11, 18, 2, 0, tzinfo=UTC)


def _ids(h: Harness, claim_id: str) -> tuple[list[uuid.UUID], list[uuid.UUID]]:
    with h.session() as session:
        assessment = session.scalars(select(Assessment).where(Assessment.claim_id == uuid.UUID(claim_id))).one()
        rows = session.scalars(select(Finding).where(Finding.assessment_id == assessment.id).order_by(Finding.rank))
        found = list(rows)
        return [f.id for f in found], [f.photo_id for f in found]


def _set(h: Harness, claim_id: str, *, at: datetime, model_version: str) -> None:
    with h.session() as session:
        assessment = session.scalars(select(Assessment).where(Assessment.claim_id == uuid.UUID(claim_id))).one()
        assessment.created_at, assessment.model_version = at, model_version


def _approve(h: Harness, claim_id: str, adjuster: dict[str, str]) -> None:
    version = price(h, claim_id, adjuster)["version"]
    response = h.client.post(f"/claims/{claim_id}/estimates/{version}/approve", headers=adjuster)
    assert response.status_code == 200, response.text


def _fixture(h: Harness) -> dict[str, str]:
    _, customer = h.login(Role.CUSTOMER)
    _, adjuster = h.login(Role.SENIOR_ADJUSTER)
    # A: three AI dents; one changed to a scratch, one rejected, a missed scratch added; approved.
    a = assessed_claim(h, customer, parts=[("front_bumper", "minor"), ("hood", "minor"), ("back_bumper", "minor")])
    (f1, f2, f3), photos = _ids(h, a)
    corrections: list[dict[str, Any]] = [
        {"action": "change", "finding_id": str(f2), "damage_type": "scratch", "reason": "wrong_damage_type"},
        {"action": "reject", "finding_id": str(f3)},
        {
            "action": "add",
            "photo_id": str(photos[0]),
            "xyxy": [1, 1, 20, 20],
            "damage_type": "scratch",
            "part": "front_left_door",
            "severity": "minor",
            "reason": "missed_damage",
        },
    ]
    fixed = h.client.post(f"/claims/{a}/findings/corrections", json={"corrections": corrections}, headers=adjuster)
    assert fixed.status_code in (200, 201), fixed.text
    _approve(h, a, adjuster)
    # B: two AI dents, nothing corrected; approved.
    b = assessed_claim(h, customer, parts=[("hood", "minor"), ("trunk", "minor")])
    _approve(h, b, adjuster)
    # C: corrected but never approved: not counted.
    c = assessed_claim(h, customer, parts=[("hood", "minor")])
    (only,), _ = _ids(h, c)
    rejected = h.client.post(
        f"/claims/{c}/findings/corrections",
        json={"corrections": [{"action": "reject", "finding_id": str(only)}]},
        headers=adjuster,
    )
    assert rejected.status_code in (200, 201), rejected.text
    # D: a week earlier, another model version, one dent kept; approved.
    d = assessed_claim(h, customer, parts=[("hood", "minor")])
    _approve(h, d, adjuster)
    for claim_id in (a, b, c):
        _set(h, claim_id, at=W48, model_version="1.0.0")
    _set(h, d, at=W47, model_version="2.0.0")
    assert f1
    return {"a": a, "b": b, "c": c, "d": d}


def test_figures_per_week_model_and_damage_type(harness: Harness) -> None:
    h = harness
    _fixture(h)
    _, supervisor = h.login(Role.SUPERVISOR)
    response = h.client.get("/reports/ai-accuracy?from=2026-11-16&to=2026-11-29", headers=supervisor)
    assert response.status_code == 200, response.text
    report = response.json()
    assert (report["from"], report["to"]) == ("2026-11-16", "2026-11-29")
    keys = ("week", "model_version", "damage_type", "ai_findings", "kept", "changed", "rejected", "added")
    shares = ("kept_share", "changed_share", "rejected_share")
    assert [tuple(r[k] for k in (*keys, *shares)) for r in report["rows"]] == [
        ("2026-W47", "2.0.0", "dent", 1, 1, 0, 0, 0, "1.0000", "0.0000", "0.0000"),
        ("2026-W48", "1.0.0", "dent", 5, 3, 1, 1, 0, "0.6000", "0.2000", "0.2000"),
        ("2026-W48", "1.0.0", "scratch", 0, 0, 0, 0, 1, None, None, None),
    ]
    total_keys = ("week", "model_version", "claims", "ai_findings", "kept", "changed", "rejected", "added")
    extra = ("claims_with_added", "lines_added_share", "kept_share")
    assert [tuple(t[k] for k in (*total_keys, *extra)) for t in report["totals"]] == [
        ("2026-W47", "2.0.0", 1, 1, 1, 0, 0, 0, 0, "0.0000", "1.0000"),
        ("2026-W48", "1.0.0", 2, 5, 3, 1, 1, 1, 1, "0.5000", "0.6000"),
    ]
    # The period is a filter: W47 alone holds only claim D.
    only = h.client.get("/reports/ai-accuracy?from=2026-11-16&to=2026-11-22", headers=supervisor).json()
    assert [(t["week"], t["claims"]) for t in only["totals"]] == [("2026-W47", 1)]
    page = h.client.get("/web/reports/ai-accuracy?from=2026-11-16&to=2026-11-29")
    assert page.status_code in (200, 303)  # the page is checked signed in by the matrix and the screenshot


@pytest.mark.parametrize(
    "query",
    [
        "from=2026-11-30&to=2026-11-01",
        "from=2026-13-01&to=2026-12-01",
        "to=2026-11-30",
        "from=2025-01-01&to=2026-11-30",
    ],
)
def test_bad_periods_are_422_problems(harness: Harness, query: str) -> None:
    _, supervisor = harness.login(Role.SUPERVISOR)
    response = harness.client.get(f"/reports/ai-accuracy?{query}", headers=supervisor)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


def test_tally_counts_a_changed_then_rejected_finding_once() -> None:
    rows, totals = tally(
        [
            Reviewed("2026-W48", "1", "c1", [FindingFate("dent", "rejected"), FindingFate("dent", "kept")], []),
            Reviewed("2026-W48", "1", "c2", [FindingFate("crack", "changed")], ["dent", "dent"]),
        ]
    )
    assert [(r.damage_type, r.ai_findings, r.kept, r.changed, r.rejected, r.added) for r in rows] == [
        ("crack", 1, 0, 1, 0, 0),
        ("dent", 2, 1, 0, 1, 2),
    ]
    assert (len(totals[0].claims), len(totals[0].claims_with_added), str(totals[0].lines_added_share)) == (
        2,
        1,
        "0.5000",
    )
