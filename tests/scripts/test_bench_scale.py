"""The scale report is computed from the runs it is given: shares of the compute-bound limit,
percentiles, the projection for N hosts (the script itself runs for minutes; not here)."""

from __future__ import annotations

import os

import pytest

from scripts.bench_scale import Run, report


def _run(config: str, seconds: float, latencies: list[float]) -> Run:
    return Run(config, claims=4, photos=5, seconds=seconds, latencies=latencies, failed=0, api_mb=300.0)


def test_percentiles_pick_from_the_sorted_latencies() -> None:
    run = _run("ray-1", 10.0, [float(x) for x in range(1, 101)])
    assert (run.percentile(0.5), run.percentile(0.99), run.photos_per_second) == (51.0, 99.0, 2.0)


def test_the_report_states_each_figure_as_a_share_of_the_limit_and_projects_the_best_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    runs = [_run("in-process", 20.0, [5.0, 6.0]), _run("ray-2", 10.0, [2.0, 3.0])]
    runs[1].replicas_mb = {"claimsight-detector (pid 1)": 250.0}

    text = report(runs, cpu_s=0.2, command="python scripts/bench_scale.py --claims 4", load_before="1", load_after="2")

    # limit = 2 cores / 0.2 s = 10 photos/s; in-process 20 photos in 20 s = 1/s (10 %), ray-2 2/s (20 %)
    assert "**10.00 photos/s**" in text
    assert "| in-process | 4 × 5 | 1.00 | 10% |" in text and "| ray-2 | 4 × 5 | 2.00 | 20% |" in text
    assert "claimsight-detector 250" in text
    assert "the best figure, ray-2 at 2.00 photos/s" in text
    assert "ray-2 reached 20% (missed)" in text
    assert "| 4 | 8.0 | 28,800 | 40.0 |" in text  # 4 hosts x 2 photos/s; the limit x 4
    assert "`python scripts/bench_scale.py --claims 4`" in text


def test_the_cpu_table_gives_each_group_per_photo_and_the_idle_rest(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    run = _run("in-process", 10.0, [1.0])
    # 20 photos in a 10 s window on 2 cores: 20 CPU s available, 14 used
    run.cpu = {"API": 10.0, "PostgreSQL": 2.0, "load generator": 2.0}
    run.cpu_window = 10.0

    text = report([run], cpu_s=0.2, command="c", load_before="1", load_after="2")

    assert "| in-process | 4 × 5 | 0.500 | 0.000 | 0.000 | 0.100 | 0.100 | 0.000 | 0.300 |" in text


def test_cpu_groups_name_this_process_the_api_and_the_database() -> None:
    from scripts.scale_rig import CPU_GROUPS, _cpu_group, cpu_seconds_between, cpu_seconds_by_process

    assert _cpu_group(str(os.getpid()), "python bench", "python") == "load generator"
    assert _cpu_group("1", "python -m uvicorn --factory api.app:create_app", "python") == "API"
    assert _cpu_group("1", "ray::ServeReplica:claimsight-detector", "ray::Serve") == "Ray replicas"
    assert _cpu_group("1", "postgres: claimsight idle", "postgres") == "PostgreSQL"
    here = cpu_seconds_by_process()
    assert here[os.getpid()][0] == "load generator"
    # a process that ended in between neither adds nor subtracts; a new one counts from zero
    before = {1: ("API", 5.0), 2: ("PostgreSQL", 3.0)}
    after = {1: ("API", 7.5), 3: ("PostgreSQL", 0.5)}
    used = cpu_seconds_between(before, after)
    assert set(used) == set(CPU_GROUPS) and (used["API"], used["PostgreSQL"]) == (2.5, 0.5)
