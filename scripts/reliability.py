"""Reliability report: writes docs/benchmarks/reliability.md and reliability.json from one run.

    .venv/bin/python scripts/reliability.py [--examples 20] [--trials 3] [--parallel 10] [--seed N]

Measures, on this machine, against live servers on 127.0.0.1 only:
- schemathesis over the whole OpenAPI document per role (cases, distinct failures);
- concurrency trials (parallel approvals, transitions, uploads) on SQLite and PostgreSQL;
- kill -9 crash trials (upload, assessment, approval) and the inconsistencies they leave;
- sign-in throttling (when the first 429 arrives, its Retry-After);
- peak memory of one assessment at 12 and 40 megapixels (scripts/assessment_memory.py).
The harness lives in tests/reliability (the CI tests run the same code, smaller).
The report is written by this script only; never edit it by hand.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OUT_MD = ROOT / "docs" / "benchmarks" / "reliability.md"
OUT_JSON = ROOT / "docs" / "benchmarks" / "reliability.json"


def log(message: str) -> None:
    sys.stderr.write(f"[{datetime.now(UTC):%H:%M:%S}] {message}\n")
    sys.stderr.flush()


@dataclass
class Report:
    meta: dict[str, Any] = field(default_factory=dict)
    schemathesis: list[dict[str, Any]] = field(default_factory=list)
    failures: list[dict[str, Any]] = field(default_factory=list)
    concurrency: list[dict[str, Any]] = field(default_factory=list)
    crash: list[dict[str, Any]] = field(default_factory=list)
    throttling: list[dict[str, Any]] = field(default_factory=list)
    memory: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def machine() -> dict[str, Any]:
    git = shutil.which("git") or "git"
    # our own repository's git, fixed arguments
    commit = subprocess.run([git, "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True)  # noqa: S603
    dirty = subprocess.run([git, "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True)  # noqa: S603
    return {
        "commit": commit.stdout.strip(),
        "tree_modified": bool(dirty.stdout.strip()),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "cpu_cores": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "load_average_start": [round(x, 2) for x in os.getloadavg()],
    }


def note_server_errors(report: Report, log_path: Path, where: str) -> None:
    """Each 500 a server logged (``request.failed``): its error type and innermost frame."""
    if not log_path.exists():
        return
    for line in log_path.read_text(errors="replace").splitlines():
        if '"request.failed"' not in line:
            continue
        try:
            event = json.loads(line)
        except json.JSONDecodeError:
            continue
        frames = event.get("frames") or ["?"]
        report.notes.append(f"{where}: a 500 ({event.get('error_type')}) at {str(frames[-1]).split('/work/')[-1]}")


@contextmanager
def databases(work: Path) -> Iterator[list[tuple[str, Callable[[str], Any]]]]:
    """(name, make a fresh database URL for a label) for SQLite and, where reachable, PostgreSQL."""
    from tests.fixtures.databases import postgres_unreachable_reason, temporary_postgres_database

    stack: list[Any] = []

    def sqlite(label: str) -> str:
        path = work / f"{label}.db"
        return f"sqlite:///{path}"

    def postgres(label: str) -> str:
        context = temporary_postgres_database()
        stack.append(context)
        return context.__enter__()

    found: list[tuple[str, Callable[[str], Any]]] = [("sqlite", sqlite)]
    reason = postgres_unreachable_reason()
    if reason is None:
        found.append(("postgresql", postgres))
    else:
        log(f"PostgreSQL skipped: {reason}")
    try:
        yield found
    finally:
        for context in reversed(stack):
            context.__exit__(None, None, None)


def run_schemathesis(report: Report, work: Path, *, examples: int, seed: int, coverage_roles: list[str]) -> None:
    from tests.fixtures.harness import make_settings
    from tests.fixtures.live_server import live_harness
    from tests.reliability.faults import create_app
    from tests.reliability.fuzz import fuzz_role, load_schema, operations
    from tests.reliability.world import ROLES, seed_world

    data_dir = work / "fuzz"
    settings = make_settings(
        f"sqlite:///{data_dir / 'claimsight.db'}",
        data_dir,
        log_level="WARNING",
        detector={"enabled": False},
        parts={"enabled": False},
        ocr={"enabled": False},
    )
    app = create_app(settings)
    with live_harness(app) as live:
        url = live.base_url
        world = seed_world(live.h.client, live.state.session_factory)
        schema = load_schema(app.openapi())
        report.meta["operations"] = len(operations(schema))
        for role in ROLES:
            result = fuzz_role(
                schema,
                base_url=url,
                world=world,
                role=role,
                examples=examples,
                seed=seed,
                coverage=role in coverage_roles,
            )
            log(f"schemathesis {role}: {result.cases} cases, {len(result.failures)} failures, {result.seconds:.0f} s")
            report.schemathesis.append(
                {
                    "role": role,
                    "coverage_phase": role in coverage_roles,
                    "operations": result.operations,
                    "cases": result.cases,
                    "distinct_failures": len(result.failures),
                    "failing_cases": sum(result.occurrences.values()),
                    "server_errors": sum(n for status, n in result.statuses.items() if status >= 500),
                    "answered_2xx": sum(n for status, n in result.statuses.items() if status < 300),
                    "seconds": round(result.seconds, 1),
                }
            )
            for key, failure in result.failures.items():
                report.failures.append({**asdict(failure), "occurrences": result.occurrences[key]})


def run_concurrency(report: Report, work: Path, *, trials: int, parallel: int) -> None:
    from tests.reliability.concurrency import Trials
    from tests.reliability.crash import FACTORY
    from tests.reliability.live import ServerProcess, server_env

    with databases(work) as found:
        for name, make_url in found:
            for workers in (1, 2):
                label = f"race-{name}-{workers}"
                url = make_url(label)
                env = server_env(work / label, url)
                server = ServerProcess(FACTORY, env, work / f"{label}.log").start(workers=workers)
                race = Trials(server.url, url, name, workers=workers)
                try:
                    for kind in (race.approvals, race.transitions, race.uploads):
                        result = kind(trials, parallel)
                        log(
                            f"concurrency {name} x{workers}: {result.kind}: {result.successes} ok, "
                            f"{result.duplicates} duplicates, {result.server_errors} 5xx"
                        )
                        report.concurrency.append({**asdict(result), "statuses": dict(result.statuses)})
                except Exception as exc:  # e.g. a seeding request answered 500: noted, the next setup runs
                    log(f"concurrency {name} x{workers} stopped: {exc!r}")
                    report.notes.append(f"concurrency {name} x{workers} stopped: {str(exc)[:300]}")
                finally:
                    race.close()
                    server.stop()
                    note_server_errors(report, work / f"{label}.log", f"concurrency {name} x{workers}")


def run_crash(report: Report, work: Path) -> None:
    from tests.reliability.crash import SCENARIOS, crash_trial

    with databases(work) as found:
        for name, make_url in found:
            for scenario in SCENARIOS:
                trial_dir = work / f"crash-{name}-{scenario}"
                trial_dir.mkdir()
                try:
                    trial = crash_trial(scenario, make_url(f"crash-{scenario}"), trial_dir, database=name)
                except Exception as exc:  # reported as a failed trial, the others still run
                    log(f"crash {name} {scenario} failed: {exc!r}")
                    report.notes.append(f"crash trial {name} {scenario} did not run: {str(exc)[:300]}")
                    note_server_errors(report, trial_dir / "server.log", f"crash {name} {scenario}")
                    continue
                log(f"crash {name} {scenario}: {len(trial.inconsistencies)} inconsistencies, redo {trial.redo_status}")
                report.crash.append({**asdict(trial), "ok": trial.ok})
                note_server_errors(report, trial_dir / "server.log", f"crash {name} {scenario}")


def run_throttling(report: Report, work: Path) -> None:
    """Each probe on a server of its own (the counts live in its database)."""
    import httpx

    from api.db.engine import make_engine, make_session_factory
    from tests.reliability.crash import FACTORY
    from tests.reliability.live import ServerProcess, server_env
    from tests.reliability.throttle import (
        Attempt,
        ThrottleProbe,
        api_login,
        page_login,
        probe_account,
        probe_address,
    )
    from tests.reliability.world import PASSWORD, create_users

    def account(client: httpx.Client, email: str, attempt: Attempt) -> ThrottleProbe:
        return probe_account(client, email, PASSWORD, attempt_login=attempt)

    def address(client: httpx.Client, _email: str, attempt: Attempt) -> ThrottleProbe:
        return probe_address(client, attempt_login=attempt)

    cases = [
        (f"{p}-{w}", probe, attempt)
        for w, attempt in (("api", api_login), ("page", page_login))
        for p, probe in (("account", account), ("address", address))
    ]
    for name, probe, attempt in cases:
        url = f"sqlite:///{work / f'throttle-{name}.db'}"
        server = ServerProcess(FACTORY, server_env(work / f"throttle-{name}", url), work / "throttle.log").start()
        try:
            engine = make_engine(url)
            emails = create_users(make_session_factory(engine), prefix="throttle-")
            engine.dispose()
            with httpx.Client(base_url=server.url, timeout=60) as client:
                result = probe(client, emails["customer"], attempt)
            log(f"throttling: {result.target}: first 429 at {result.first_429_at}, Retry-After {result.retry_after}")
            report.throttling.append(asdict(result))
        finally:
            server.stop()


def run_memory(report: Report) -> None:
    try:
        from scripts.assessment_memory import measure_assessment_memory
    except ImportError as exc:
        report.notes.append(f"memory not measured: {exc}")
        return
    for image_format in ("jpeg", "png"):
        for megapixels in (12.0, 40.0):
            result = measure_assessment_memory(megapixels, image_format=image_format)
            log(f"memory {megapixels:.0f} MP {image_format}: peak {result.peak_mb} MB above the level before")
            report.memory.append(asdict(result))


def _grouped(failures: list[dict[str, Any]]) -> dict[tuple[str, str, Any], list[dict[str, Any]]]:
    groups: dict[tuple[str, str, Any], list[dict[str, Any]]] = {}
    for failure in failures:
        groups.setdefault((failure["operation"], failure["check"], failure["status"]), []).append(failure)
    return groups


def render(report: Report) -> str:
    meta = report.meta
    lines = [
        "# Reliability",
        "",
        "Written by `scripts/reliability.py` from one run; do not edit by hand. The harness is in",
        "`tests/reliability/` (CI runs the same probes, smaller).",
        "",
        f"- commit `{meta['commit'][:12]}`{' (working tree modified)' if meta['tree_modified'] else ''}, "
        f"{meta['date']}",
        f"- machine: {meta['cpu_cores']} cores, {meta['platform']}, Python {meta['python']}",
        f"- load average (1/5/15 min): {meta['load_average_start']} at start, {meta['load_average_end']} at end",
        f"- run time: {meta['seconds']:.0f} s; settings: {meta['settings']}",
        "",
        "## Schemathesis over the whole OpenAPI document",
        "",
        f"{meta.get('operations', '?')} operations; checks: no 5xx, status code documented, content type "
        "documented, body valid against the documented schema. Positive and negative data; path parameters",
        "drawn from real ids (a claim with photos and documents, a priced claim, an analysed complaint).",
        "",
        "| role | coverage cases too | cases | distinct failures | failing cases | 5xx | 2xx answers | seconds |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in report.schemathesis:
        lines.append(
            f"| {row['role']} | {'yes' if row['coverage_phase'] else 'no'} | {row['cases']} | "
            f"{row['distinct_failures']} | {row['failing_cases']} | {row['server_errors']} | "
            f"{row['answered_2xx']} | {row['seconds']} |"
        )
    total = sum(row["cases"] for row in report.schemathesis)
    lines += ["", f"Total: {total} cases, {len(report.failures)} distinct failures.", ""]
    if report.failures:
        lines += ["### Failures (grouped by operation, check and status; one reproducer each)", ""]
        for (operation, check, status), group in sorted(_grouped(report.failures).items(), key=str):
            roles = ", ".join(sorted({f["role"] for f in group}))
            shortest = min(group, key=lambda f: len(f["reproducer"]))
            count = sum(f["occurrences"] for f in group)
            lines += [
                f"- `{operation}`: {check}, status {status}, {count} cases as {roles}",
                f"  `{shortest['reproducer'].splitlines()[0]}`",
            ]
        lines.append("")
    lines += [
        "## Concurrency trials",
        "",
        "Requests released together against a live server (uvicorn subprocess, one or two worker processes).",
        "A duplicate is a second success, or a second audit event or notification for the one action.",
        "",
        "| database | workers | trial | trials | requests | 2xx | duplicates | 5xx / no answer | statuses |",
        "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in report.concurrency:
        statuses = ", ".join(f"{k}: {v}" for k, v in sorted(row["statuses"].items()))
        lines.append(
            f"| {row['database']} | {row['workers']} | {row['kind']} | {row['trials']} | {row['requests']} | "
            f"{row['successes']} | {row['duplicates']} | {row['server_errors']} | {statuses} |"
        )
    lines += [
        "",
        "## Crash trials (kill -9)",
        "",
        "The server is stopped by SIGKILL at a fault point inside the request's transaction, restarted after",
        "its files are aged past the reconcile grace period, and the blob store reconciled; then the",
        "interrupted request is sent again.",
        "",
        "| database | killed during | killed at the point | unused files after restart | inconsistencies "
        "| request again | inconsistencies after |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for row in report.crash:
        lines.append(
            f"| {row['database']} | {row['scenario']} | {'yes' if row['killed_at_fault_point'] else 'no'} | "
            f"{row['orphans_after_restart']} | {len(row['inconsistencies'])} | {row['redo_status']} | "
            f"{len(row['inconsistencies_after_redo'])} |"
        )
    problems = [
        (row, line) for row in report.crash for line in row["inconsistencies"] + row["inconsistencies_after_redo"]
    ]
    if problems:
        lines += ["", "Inconsistencies found:", ""]
        lines += [f"- {row['database']} {row['scenario']}: {line}" for row, line in problems]
    lines += [
        "",
        "## Sign-in throttling (`POST /auth/token` and the sign-in page `POST /web/login`)",
        "",
        "| hammered | attempts | first 429 at attempt | Retry-After (s) | right password then |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for row in report.throttling:
        lines.append(
            f"| {row['target']} | {row['attempts']} | {row['first_429_at'] or 'none'} | "
            f"{row['retry_after'] or '-'} | {row['correct_password_status'] or '-'} |"
        )
    lines += [
        "",
        "## Peak memory of one assessment",
        "",
        "A synthetic photo, the served detector, part segmenter and damaged-part model, in a fresh process: the peak",
        "resident memory during one photo's assessment above the level just before it.",
        "",
        "| megapixels | format | size (px) | file (KB) | decode (ms) | peak above before (MB) | process peak (MB) |",
        "| ---: | --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for row in report.memory:
        lines.append(
            f"| {row['megapixels']:.0f} | {row['image_format']} | {row['width']}×{row['height']} | "
            f"{row['file_bytes'] // 1024} | {row['decode_ms']} | {row['peak_mb']} | {row['process_peak_mb']} |"
        )
    if report.notes:
        lines += ["", "## Notes", "", *[f"- {note}" for note in report.notes]]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--examples", type=int, default=20, help="schemathesis cases per operation per role")
    parser.add_argument(
        "--coverage-roles",
        nargs="*",
        default=["customer", "senior_adjuster"],
        help="roles that also get schemathesis' deterministic coverage cases (boundaries, wrong types, methods)",
    )
    parser.add_argument("--seed", type=int, default=None, help="schemathesis seed (default: random, recorded)")
    parser.add_argument("--trials", type=int, default=3, help="concurrency trials per kind and database")
    parser.add_argument("--parallel", type=int, default=10, help="requests released together per trial")
    parser.add_argument("--only", nargs="*", default=["schemathesis", "concurrency", "crash", "throttling", "memory"])
    parser.add_argument("--out", type=Path, default=OUT_MD, help="the Markdown report (the JSON goes beside it)")
    args = parser.parse_args(argv)
    from api.logging import configure_logging

    configure_logging(level="WARNING")  # the harness's own service calls (users created) stay quiet
    seed = args.seed if args.seed is not None else secrets.randbelow(2**31)
    started = time.monotonic()
    report = Report(meta=machine())
    report.meta["settings"] = {
        "examples": args.examples,
        "coverage_roles": args.coverage_roles,
        "seed": seed,
        "trials": args.trials,
        "parallel": args.parallel,
        "only": args.only,
    }
    with tempfile.TemporaryDirectory(prefix="claimsight-reliability-") as tmp:
        work = Path(tmp)
        steps: list[tuple[str, Callable[[], None]]] = [
            (
                "schemathesis",
                lambda: run_schemathesis(
                    report, work, examples=args.examples, seed=seed, coverage_roles=args.coverage_roles
                ),
            ),
            ("concurrency", lambda: run_concurrency(report, work, trials=args.trials, parallel=args.parallel)),
            ("crash", lambda: run_crash(report, work)),
            ("throttling", lambda: run_throttling(report, work)),
            ("memory", lambda: run_memory(report)),
        ]
        for name, step in steps:
            if name in args.only:
                log(f"{name}…")
                try:
                    step()
                except Exception as exc:  # one broken step must not lose the others' figures
                    log(f"{name} failed: {exc!r}")
                    report.notes.append(f"{name} did not finish: {type(exc).__name__}: {str(exc)[:300]}")
    report.meta["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    report.meta["seconds"] = round(time.monotonic() - started, 1)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render(report), encoding="utf-8")
    args.out.with_suffix(".json").write_text(json.dumps(asdict(report), indent=2, default=str) + "\n", encoding="utf-8")
    log(f"wrote {args.out} and {args.out.with_suffix('.json').name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
