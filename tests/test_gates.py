"""scripts/test.sh is a gate: a ruff or mypy finding anywhere in the tree fails the run before
pytest starts. Played with stub tools in a copy of the scripts, so it takes no time."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOT_SOURCE = {".venv", "var", "runs", "datasets", "models", "docs"}


def python_folders() -> set[str]:
    """Top-level folders of the checkout that hold Python files."""
    return {
        p.name
        for p in ROOT.iterdir()
        if p.is_dir() and not p.name.startswith(".") and p.name not in NOT_SOURCE and any(p.rglob("*.py"))
    }


def _stub(path: Path, body: str) -> None:
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)


def run_gate(tmp_path: Path, *, ruff_rc: int, mypy_rc: int) -> tuple[int, list[str]]:
    root = tmp_path / "checkout"
    (root / "scripts").mkdir(parents=True)
    for name in ("test.sh", "_venv.sh"):
        shutil.copy(ROOT / "scripts" / name, root / "scripts" / name)
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    venv_bin = root / ".venv" / "bin"
    venv_bin.mkdir(parents=True)
    log = tmp_path / "calls.log"
    for tool, rc in (("python", 0), ("pip", 0), ("ruff", ruff_rc), ("mypy", mypy_rc), ("pytest", 0)):
        _stub(venv_bin / tool, f'echo "{tool} $*" >>"{log}"; exit {rc}')
    digest = hashlib.sha256((root / "pyproject.toml").read_bytes()).hexdigest()
    (root / ".venv" / ".claimsight-installed").write_text(f"{digest} .[dev]\n")
    no_apt = tmp_path / "bin"
    no_apt.mkdir()
    _stub(no_apt / "apt-get", "exit 1")  # the browser step must not install anything here
    env = {**os.environ, "CLAIMSIGHT_SKIP_TRAIN_EXTRA": "1", "PATH": f"{no_apt}:{os.environ['PATH']}"}
    result = subprocess.run(
        ["sh", str(root / "scripts" / "test.sh"), "-q", "tests/x"], env=env, capture_output=True, text=True
    )
    calls = log.read_text().splitlines() if log.exists() else []
    return result.returncode, [c for c in calls if not c.startswith(("python", "pip"))]


def test_a_clean_tree_runs_ruff_on_everything_then_mypy_on_every_python_folder_then_pytest(tmp_path: Path) -> None:
    rc, calls = run_gate(tmp_path, ruff_rc=0, mypy_rc=0)
    assert rc == 0, calls
    assert [c.split()[0] for c in calls] == ["ruff", "mypy", "pytest"]
    assert calls[0] == "ruff check ."
    assert set(calls[1].split()[1:]) >= python_folders()
    assert calls[2] == "pytest -q tests/x"


@pytest.mark.parametrize(("ruff_rc", "mypy_rc"), [(1, 0), (0, 1)])
def test_any_lint_or_type_finding_fails_the_run_before_pytest(tmp_path: Path, ruff_rc: int, mypy_rc: int) -> None:
    rc, calls = run_gate(tmp_path, ruff_rc=ruff_rc, mypy_rc=mypy_rc)
    assert rc != 0, calls
    assert not any(c.startswith("pytest") for c in calls), calls


def test_the_only_lint_exemption_is_long_lines_in_migrations() -> None:
    import tomllib

    lint = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["ruff"]["lint"]
    assert lint.get("per-file-ignores", {}).get("api/db/migrations/versions/*") == ["E501"]
    assert set(lint.get("per-file-ignores", {})) <= {"api/db/migrations/versions/*", "tests/**"}
