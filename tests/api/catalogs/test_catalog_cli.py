"""``claimsight catalog`` run as its user would: the installed command, from a folder outside the
repository, on the configured database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.api.catalogs.helpers import part_up, sample_csv

CLAIMSIGHT = Path(sys.executable).with_name("claimsight")


def _run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "CLAIMSIGHT_DATA_DIR": str(cwd / "var"),
        "CLAIMSIGHT_DATABASE_URL": f"sqlite:///{cwd / 'var' / 'cli.db'}",
        "CLAIMSIGHT_LOG_LEVEL": "WARNING",
    }
    return subprocess.run(
        [str(CLAIMSIGHT), "catalog", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def test_import_diff_list_from_another_folder(tmp_path: Path) -> None:
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "dealer.csv").write_bytes(sample_csv(reprice=part_up("hood", 5)))
    bad = sample_csv(extra=("part_price,hood,compact,,,,,oem_guide,,,,-5,,CNY,x,2026-12-01,",))
    (tmp_path / "lists" / "bad.csv").write_bytes(bad)

    diff = _run(tmp_path, "diff", "lists/dealer.csv")
    assert diff.returncode == 0, diff.stderr
    assert "against sample-2026.2: 0 new, 0 removed, 19 changed" in diff.stdout
    assert "part hood: 19 of 25 changed" in diff.stdout

    dry = _run(tmp_path, "import", "lists/dealer.csv", "--dry-run")
    assert dry.returncode == 0 and "nothing stored" in dry.stdout

    rejected = _run(tmp_path, "import", "lists/bad.csv")
    assert rejected.returncode == 1
    last_line = len(bad.splitlines())
    assert f"line {last_line}, amount: amount must be positive" in rejected.stderr

    stored = _run(tmp_path, "import", "lists/dealer.csv", "--activate", "--label", "dealer-2026-12")
    assert stored.returncode == 0 and "stored version 2 (dealer-2026-12)" in stored.stdout, stored.stderr
    listed = _run(tmp_path, "list")
    lines = [line for line in listed.stdout.splitlines() if line.strip()]
    assert lines[0].startswith("*   2  dealer-2026-12") and lines[1].startswith("    1  sample-2026.2"), listed.stdout
