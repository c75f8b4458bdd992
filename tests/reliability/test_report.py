"""docs/benchmarks/reliability.md is exactly what scripts/reliability.py renders from the JSON
beside it: nobody edited a figure by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REPORT = Path(__file__).resolve().parents[2] / "docs" / "benchmarks" / "reliability.md"


def test_the_reliability_report_is_the_scripts_rendering_of_its_json() -> None:
    if not REPORT.exists():
        pytest.skip("scripts/reliability.py has not written docs/benchmarks/reliability.md yet")
    from scripts.reliability import Report, render

    data = json.loads(REPORT.with_suffix(".json").read_text(encoding="utf-8"))
    assert render(Report(**data)) == REPORT.read_text(encoding="utf-8")
