"""kill -9 during an upload, an assessment and an approval leaves nothing half-written, on
SQLite and PostgreSQL; after a restart the interrupted request can be made again."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reliability.crash import SCENARIOS, crash_trial

STUCK_ASSESSING = pytest.mark.xfail(
    strict=True,
    reason="the assessment commits 'assessing' before the models run; a process killed then leaves the "
    "claim in 'assessing' for good and a new assessment answers 409 (nothing recovers it at start)",
)
PARAMS = [pytest.param(s, marks=STUCK_ASSESSING) if s == "assessment" else s for s in SCENARIOS]


@pytest.mark.slow
@pytest.mark.parametrize("scenario", PARAMS)
def test_kill_9_mid_request_leaves_consistent_data(scenario: str, db_url: str, tmp_path: Path) -> None:
    database = "postgresql" if db_url.startswith("postgresql") else "sqlite"
    trial = crash_trial(scenario, db_url, tmp_path, database=database)
    assert trial.killed_at_fault_point, (tmp_path / "server.log").read_text()[-3000:]
    assert trial.inconsistencies == []
    assert trial.redo_status is not None and trial.redo_status < 300, trial
    assert trial.inconsistencies_after_redo == []
