"""kill -9 during an upload, an assessment and an approval leaves nothing half-written, on
SQLite and PostgreSQL; after a restart the interrupted request can be made again."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reliability.crash import SCENARIOS, crash_trial

# The assessment's 'assessing' (committed before the models run) is recovered at the next start.
PARAMS = list(SCENARIOS)


@pytest.mark.slow
@pytest.mark.parametrize("scenario", PARAMS)
def test_kill_9_mid_request_leaves_consistent_data(scenario: str, db_url: str, tmp_path: Path) -> None:
    database = "postgresql" if db_url.startswith("postgresql") else "sqlite"
    trial = crash_trial(scenario, db_url, tmp_path, database=database)
    assert trial.killed_at_fault_point, (tmp_path / "server.log").read_text()[-3000:]
    assert trial.inconsistencies == []
    assert trial.redo_status is not None and trial.redo_status < 300, trial
    assert trial.inconsistencies_after_redo == []
