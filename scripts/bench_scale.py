"""Scale benchmark: writes docs/benchmarks/scale.md from one run.

    .venv/bin/python scripts/bench_scale.py [--claims 50 --claims 200] [--photos 5]
        [--configs in-process,ray-1,ray-2] [--out docs/benchmarks/scale.md]

For each configuration (the in-process runner; the Ray runner with 1 and with 2 replicas of the
detector and the part segmenter on a local Ray head), one API process on loopback: N claims of P
photos are filed (not timed), then all N assessments are asked for at once and followed to the
end. Reported: photos per second (all photos over first request to last finish), p50 / p99 time
from a job's creation to its finished assessment (the server's own timestamps), the
compute-bound limit (cores / CPU-seconds per photo, measured here on one thread) and each figure
as a share of it, resident memory of the API process and of each replica, and a projection for N
worker hosts. Needs the ``ray`` extra for the Ray configurations; PostgreSQL is used where
reachable (else SQLite). The report is written by this script only; never edit it by hand.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scripts import scale_rig as rig
from tests.fixtures.databases import postgres_unreachable_reason, temporary_postgres_database
from training.machine import processor

ROOT = Path(__file__).resolve().parents[1]
CONFIGS = ("in-process", "ray-1", "ray-2")
TARGET_SHARE = 0.8  # the target for the best configuration


@dataclass
class Run:
    config: str
    claims: int
    photos: int
    seconds: float
    latencies: list[float]
    failed: int
    api_mb: float
    replicas_mb: dict[str, float] = field(default_factory=dict)
    # CPU seconds each group of processes used from the first assessment request to the last answer
    cpu: dict[str, float] = field(default_factory=dict)
    cpu_window: float = 0.0

    @property
    def photos_per_second(self) -> float:
        return self.claims * self.photos / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else float("nan")


def cpu_seconds_per_photo(files: list[bytes]) -> float:
    """CPU time of one photo through both models and the analysis, on one thread, in this process."""
    from api.assessments.analysis import analyse_stored_photo
    from api.assessments.runtime import load_detector, load_parts
    from api.config import DetectorSettings, PartsSettings

    detector = load_detector(DetectorSettings(threads=1))
    parts = load_parts(PartsSettings(threads=1))
    assert detector is not None
    analyse_stored_photo(files[0], detector=detector, parts=parts)  # warm-up
    began = time.process_time()
    for data in files:
        analyse_stored_photo(data, detector=detector, parts=parts)
    return (time.process_time() - began) / len(files)


def settings_for(config: str, address: str | None, workers: int) -> dict[str, str]:
    base = {"CLAIMSIGHT_JOBS__WORKERS": str(workers), "CLAIMSIGHT_OCR__ENABLED": "false"}
    if config == "in-process":
        return base
    replicas = config.split("-", 1)[1]
    return {
        **base,
        "CLAIMSIGHT_JOBS__RUNNER": "ray",
        "CLAIMSIGHT_JOBS__RAY__ADDRESS": str(address),
        "CLAIMSIGHT_JOBS__RAY__REPLICAS": replicas,
        "CLAIMSIGHT_JOBS__RAY__CPUS_PER_REPLICA": "1",
        "CLAIMSIGHT_JOBS__RAY__THREADS_PER_REPLICA": "1",
    }


def load(base: str, emails: dict[str, str], config: str, claims: int, per_claim: list[list[bytes]], pid: int) -> Run:
    """File the claims (not timed), ask for every assessment at once, follow them to the end."""
    with httpx.Client(timeout=300) as client:
        customer = rig.sign_in(client, base, emails["customer"])
        adjuster = rig.sign_in(client, base, emails["adjuster"])
        with ThreadPoolExecutor(max_workers=4) as pool:
            claim_ids = list(pool.map(lambda files: rig.file_claim(client, base, customer, files), per_claim))
        cpu_before, window_began = rig.cpu_seconds_by_process(), time.monotonic()
        with ThreadPoolExecutor(max_workers=8) as pool:
            jobs = list(pool.map(lambda claim_id: rig.ask_assessment(client, base, adjuster, claim_id), claim_ids))
        done = [rig.wait_job(client, base, adjuster, job["id"], timeout=3600) for job in jobs]
        cpu_after, window = rig.cpu_seconds_by_process(), time.monotonic() - window_began
    created = [datetime.fromisoformat(job["created_at"]) for job in done]
    finished = [datetime.fromisoformat(job["finished_at"]) for job in done if job["finished_at"]]
    latencies = [
        (datetime.fromisoformat(job["finished_at"]) - datetime.fromisoformat(job["created_at"])).total_seconds()
        for job in done
        if job["status"] == "succeeded"
    ]
    seconds = (max(finished) - min(created)).total_seconds() if finished else 0.0
    return Run(
        config,
        claims,
        len(per_claim[0]),
        seconds,
        latencies,
        sum(1 for job in done if job["status"] != "succeeded"),
        rig.process_memory_mb(pid),
        rig.replica_memory_mb(),
        rig.cpu_seconds_between(cpu_before, cpu_after),
        window,
    )


def run_config(
    config: str, sizes: list[int], photos: list[bytes], per_claim: int, workers: int, work: Path
) -> list[Run]:
    runs = []
    with ExitStack() as stack:
        if postgres_unreachable_reason() is None:
            database_url = stack.enter_context(temporary_postgres_database())
        else:
            database_url = f"sqlite:///{work / config / 'claimsight.db'}"
        address = None
        if config != "in-process":
            address = stack.enter_context(rig.ray_cluster(work, head_cpus=64, worker_cpus=None))
        server = rig.start_api(config, work, database_url, settings_for(config, address, workers))
        stack.callback(server.stop)
        assert server.process is not None
        emails = rig.create_users(database_url)
        offset = 0
        for claims in sizes:
            groups = [
                [photos[(offset + c * per_claim + i) % len(photos)] for i in range(per_claim)] for c in range(claims)
            ]
            offset += claims * per_claim
            print(f"[{time.strftime('%H:%M:%S')}] {config}: {claims} claims x {per_claim} photos", flush=True)
            runs.append(load(server.url, emails, config, claims, groups, server.process.pid))
    return runs


def git_commit() -> str:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)  # noqa: S607
    return done.stdout.strip() or "unknown"


def report(runs: list[Run], *, cpu_s: float, command: str, load_before: str, load_after: str) -> str:
    cores = os.cpu_count() or 1
    limit = cores / cpu_s
    lines = [
        "# Scale: in-process runner against Ray Serve replicas",
        "",
        f"Written by `{command}` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit {git_commit()}.",
        f"Machine: {cores} cores ({processor()}), Python {platform.python_version()}; "
        f"load average before {load_before}, after {load_after} (other work on the machine shares its cores).",
        "",
        f"Compute-bound limit: {cores} cores / {cpu_s:.3f} CPU-seconds per photo (detector + part segmenter + "
        f"analysis, one thread, measured here) = **{limit:.2f} photos/s**.",
        "",
        "| configuration | claims × photos | photos/s | share of the limit | p50 s | p99 s | failed | API MB "
        "| replicas MB |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for run in runs:
        replicas = ", ".join(f"{name.split(' ')[0]} {mb:.0f}" for name, mb in sorted(run.replicas_mb.items())) or "—"
        lines.append(
            f"| {run.config} | {run.claims} × {run.photos} | {run.photos_per_second:.2f} | "
            f"{run.photos_per_second / limit:.0%} | {run.percentile(0.5):.1f} | {run.percentile(0.99):.1f} | "
            f"{run.failed} | {run.api_mb:.0f} | {replicas} |"
        )
    lines += cpu_table(runs, cores)
    measured = [run for run in runs if run.photos_per_second]
    if measured:
        best = max(measured, key=lambda run: run.photos_per_second)
        share = best.photos_per_second / limit
        lines += [
            "",
            f"Target: the best configuration at {TARGET_SHARE:.0%} of the limit or more; {best.config} reached "
            f"{share:.0%} ({'met' if share >= TARGET_SHARE else 'missed'}).",
            "",
            f"Projection for N worker hosts like this one (the best figure, {best.config} at "
            f"{best.photos_per_second:.2f} photos/s, times N; the limit grows the same way). Either runner adds "
            "up over hosts: in-process, every API host runs jobs and leases each from the shared database; "
            "with Ray, every worker host adds replicas:",
            "",
            "| worker hosts | photos/s | photos/hour | compute-bound limit |",
            "| ---: | ---: | ---: | ---: |",
        ]
        for hosts in (1, 2, 4, 8):
            rate = best.photos_per_second * hosts
            lines.append(f"| {hosts} | {rate:.1f} | {rate * 3600:,.0f} | {limit * hosts:.1f} |")
        lines += [
            "",
            "What stays shared and does not grow with worker hosts: the PostgreSQL server (a job is a handful "
            "of short transactions, a photo a few rows) and the object store (each photo read once per "
            "assessment). With the Ray runner the API hosts decode no photo (the photo replicas read, decode and "
            "check each one and send it to the detector and part replicas), so API hosts and model hosts grow "
            "apart; the price is the CPU in the table above that the replicas and Ray itself spend beyond the "
            "models' own (moving each decoded photo between replicas), which the in-process runner does not pay.",
        ]
    return "\n".join(lines) + "\n"


def cpu_table(runs: list[Run], cores: int) -> list[str]:
    """Where the cores went while the assessments ran: CPU seconds per photo by group of processes."""
    lines = [
        "",
        "Where the cores went while the assessments ran (CPU seconds per photo, first request to last answer, "
        "every process on the machine; the API process holds the models in the in-process configuration, the "
        "replicas hold them with Ray; idle is what no process used):",
        "",
        "| configuration | claims × photos | " + " | ".join(rig.CPU_GROUPS) + " | idle |",
        "| --- | --- | " + " | ".join("---:" for _ in rig.CPU_GROUPS) + " | ---: |",
    ]
    for run in runs:
        photos = run.claims * run.photos
        idle = max(0.0, cores * run.cpu_window - sum(run.cpu.values()))
        cells = " | ".join(f"{run.cpu.get(group, 0.0) / photos:.3f}" for group in rig.CPU_GROUPS)
        lines.append(f"| {run.config} | {run.claims} × {run.photos} | {cells} | {idle / photos:.3f} |")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, action="append", help="claims per run (repeatable; default 50, 200)")
    parser.add_argument("--photos", type=int, default=5, help="photos per claim")
    parser.add_argument("--configs", default=",".join(CONFIGS), help="comma-separated: " + ", ".join(CONFIGS))
    parser.add_argument("--workers", type=int, default=8, help="jobs at once in the API process (Ray configurations)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks" / "scale.md")
    args = parser.parse_args()
    sizes = args.claims or [50, 200]
    configs = [c for c in args.configs.split(",") if c]
    unknown = set(configs) - set(CONFIGS)
    if unknown:
        parser.error(f"unknown configuration(s): {', '.join(sorted(unknown))}")
    command = " ".join(["python scripts/bench_scale.py", *sys.argv[1:]])
    load_before = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    photos = rig.photos(max(sizes) * args.photos)
    cpu_s = cpu_seconds_per_photo(photos[:30])
    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="claimsight-scale-") as tmp:
        for config in configs:
            # in-process: the default pool of 2 (each job's models use the cores); Ray: jobs wait on replicas
            workers = 2 if config == "in-process" else args.workers
            runs += run_config(config, sizes, photos, args.photos, workers, Path(tmp))
    load_after = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report(runs, cpu_s=cpu_s, command=command, load_before=load_before, load_after=load_after))
    print(args.out.read_text())
    return 0 if all(run.failed == 0 for run in runs) else 1


if __name__ == "__main__":
    raise SystemExit(main())
