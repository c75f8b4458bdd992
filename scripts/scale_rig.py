"""What the multi-host rehearsal and the scale benchmark share: a local Ray cluster (a head and,
optionally, a worker process: two "hosts" on one machine), API server processes configured for
the Ray runner or the in-process one, users, photos, and one claim pushed through the API.

Every process started here is stopped here, by its own process group or its own id.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.fixtures.live_server import free_port
from tests.reliability.live import ServerProcess, server_env

ROOT = Path(__file__).resolve().parents[1]

PASSWORD = "rehearsal-password-1"  # noqa: S105 (throwaway users of a throwaway database)
SECRET = "rehearsal-secret-" + "x" * 32
SAMPLE_PHOTOS = ROOT.parent / "shared" / "datasets" / "lensor-damage" / "images" / "test"


def _ray_cli() -> str:
    return str(Path(sys.executable).with_name("ray"))


def _stop_group(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def _stop_leftovers(marker: str) -> None:
    """Ray processes of this cluster (their command line names its temp dir) still alive: stopped by id."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if marker in cmdline and int(entry.name) != os.getpid():
            with suppress(ProcessLookupError):
                os.kill(int(entry.name), signal.SIGKILL)


def _nodes_alive(address: str) -> int:
    done = subprocess.run(  # noqa: S603 (our venv's ray CLI)
        [_ray_cli(), "status", f"--address={address}"], capture_output=True, text=True, timeout=60, check=False
    )
    if done.returncode != 0:
        return 0
    active = done.stdout.split("Active:", 1)[-1].split("Pending:", 1)[0]
    return sum(1 for line in active.splitlines() if "node_" in line)


@contextmanager
def ray_cluster(log_dir: Path, *, head_cpus: int, worker_cpus: int | None, timeout: float = 180) -> Iterator[str]:
    """``ray start --head`` and, with ``worker_cpus``, a worker node joining it; the address."""
    temp_dir = tempfile.mkdtemp(prefix="crh", dir="/tmp")  # short: Ray's socket paths must fit
    port = free_port()
    address = f"127.0.0.1:{port}"
    common = ["--block", "--disable-usage-stats"]
    head = [_ray_cli(), "start", "--head", f"--port={port}", f"--num-cpus={head_cpus}", f"--temp-dir={temp_dir}"]
    head += ["--include-dashboard=false", *common]
    processes: list[subprocess.Popen[bytes]] = []
    try:
        with (log_dir / "ray-head.log").open("ab") as log:
            started = subprocess.Popen(head, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)  # noqa: S603
            processes.append(started)
        _wait_nodes(address, 1, timeout, processes)
        if worker_cpus is not None:
            worker = [_ray_cli(), "start", f"--address={address}", f"--num-cpus={worker_cpus}", *common]
            with (log_dir / "ray-worker.log").open("ab") as log:
                started = subprocess.Popen(worker, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)  # noqa: S603
                processes.append(started)
            _wait_nodes(address, 2, timeout, processes)
        yield address
    finally:
        for process in reversed(processes):
            _stop_group(process)
        _stop_leftovers(temp_dir)
        shutil.rmtree(temp_dir, ignore_errors=True)


def _wait_nodes(address: str, count: int, timeout: float, processes: list[subprocess.Popen[bytes]]) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in processes):
            raise RuntimeError("a Ray node stopped while starting (see its log)")
        if _nodes_alive(address) >= count:
            return
        time.sleep(2)
    raise TimeoutError(f"the Ray cluster at {address} did not reach {count} nodes in {timeout:.0f} s")


def api_env(data_dir: Path, database_url: str, settings: Mapping[str, str]) -> dict[str, str]:
    """An API process's environment: models on, no scheduler noise, a shared secret, ``settings`` last."""
    env = server_env(data_dir, database_url, {"CLAIMSIGHT_AUTH__JWT_SECRET": SECRET})
    for model in ("DETECTOR", "PARTS", "OCR"):
        env.pop(f"CLAIMSIGHT_{model}__ENABLED", None)
    env.update(settings)
    return env


def start_api(name: str, log_dir: Path, database_url: str, settings: Mapping[str, str]) -> ServerProcess:
    data_dir = log_dir / name
    data_dir.mkdir(parents=True, exist_ok=True)
    server = ServerProcess("api.app:create_app", api_env(data_dir, database_url, settings), log_dir / f"{name}.log")
    return server.start(timeout=600)


def create_users(database_url: str) -> dict[str, str]:
    """A customer and a senior adjuster (the API processes have migrated the database); their e-mails."""
    from api.auth.roles import Role
    from api.auth.service import create_user
    from api.db.engine import make_engine, make_session_factory, unit_of_work

    engine = make_engine(database_url)
    emails = {"customer": "driver@rehearsal.test", "adjuster": "adjuster@rehearsal.test"}
    try:
        with unit_of_work(make_session_factory(engine)) as session:
            create_user(session, email=emails["customer"], password=PASSWORD, role=Role.CUSTOMER)
            create_user(session, email=emails["adjuster"], password=PASSWORD, role=Role.SENIOR_ADJUSTER)
    finally:
        engine.dispose()
    return emails


def sign_in(client: httpx.Client, base: str, email: str) -> dict[str, str]:
    response = client.post(f"{base}/auth/token", data={"username": email, "password": PASSWORD})
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def photos(count: int, source: Path | None = SAMPLE_PHOTOS) -> list[bytes]:
    """``count`` distinct JPEG photos: real ones from ``source`` when it has them, else generated."""
    from io import BytesIO

    from PIL import Image

    found: list[bytes] = []
    if source is not None and source.is_dir():
        for path in sorted(source.glob("*.jpg")):
            with Image.open(path) as image:
                if min(image.size) >= 320 and max(image.size) <= 4 * min(image.size):
                    found.append(path.read_bytes())
            if len(found) == count:
                return found
    from tests.fixtures import images

    seed = 0
    while len(found) < count:
        seed += 1
        buffer = BytesIO(images.jpeg(seed=seed, size=(640, 480)))
        found.append(buffer.getvalue())
    return found


def file_claim(client: httpx.Client, base: str, customer: dict[str, str], files: list[bytes]) -> str:
    """A simple claim with ``files`` as its photos; its id."""
    from tests.fixtures.harness import claim_body

    response = client.post(f"{base}/claims", json=claim_body(), headers=customer)
    response.raise_for_status()
    claim_id = str(response.json()["id"])
    for data in files:
        upload = client.post(
            f"{base}/claims/{claim_id}/photos", files={"file": ("photo.jpg", data, "image/jpeg")}, headers=customer
        )
        if upload.status_code not in (200, 201):
            raise RuntimeError(f"photo upload answered {upload.status_code}: {upload.text[:300]}")
    return claim_id


def ask_assessment(client: httpx.Client, base: str, adjuster: dict[str, str], claim_id: str) -> dict[str, Any]:
    response = client.post(f"{base}/claims/{claim_id}/assessments", headers=adjuster)
    if response.status_code != 202:
        raise RuntimeError(f"assessment answered {response.status_code}: {response.text[:300]}")
    return dict(response.json())


def wait_job(
    client: httpx.Client, base: str, headers: dict[str, str], job_id: str, *, timeout: float = 600
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = dict(client.get(f"{base}/jobs/{job_id}", headers=headers).json())
        if job["status"] in ("succeeded", "failed"):
            return job
        time.sleep(0.2)
    raise TimeoutError(f"job {job_id} not done after {timeout:.0f} s")


def replica_memory_mb() -> dict[str, float]:
    """Resident memory (MB) of each Ray Serve replica process on this machine, by its process title."""
    found: dict[str, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().decode(errors="replace")
            if "ServeReplica:claimsight-" not in cmdline:
                continue
            status = (entry / "status").read_text()
        except OSError:
            continue
        rss_kb = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
        title = cmdline.split("ServeReplica:", 1)[1].split(":", 1)[0].strip("\x00 ")
        found[f"{title} (pid {entry.name})"] = rss_kb / 1024
    return found


def process_memory_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0) / 1024


CPU_GROUPS = ("API", "Ray replicas", "Ray system", "PostgreSQL", "load generator", "other")
_TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_group(pid: str, cmdline: str, comm: str) -> str:
    if int(pid) == os.getpid():
        return "load generator"
    if "api.app:create_app" in cmdline:
        return "API"
    if "ServeReplica:claimsight-" in cmdline:
        return "Ray replicas"
    if "ray" in cmdline or comm in ("raylet", "gcs_server"):
        return "Ray system"
    if comm.startswith(("postgres", "postmaster")):
        return "PostgreSQL"
    return "other"


def cpu_seconds_by_process() -> dict[int, tuple[str, float]]:
    """Each process on this machine: its group and the CPU seconds (user + system) it has used."""
    used: dict[int, tuple[str, float]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        comm = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        ticks = int(fields[11]) + int(fields[12])  # utime, stime
        used[int(entry.name)] = (_cpu_group(entry.name, cmdline, comm), ticks / _TICKS)
    return used


def cpu_seconds_between(before: dict[int, tuple[str, float]], after: dict[int, tuple[str, float]]) -> dict[str, float]:
    """CPU seconds each group used between two snapshots: a process new in ``after`` counts from
    zero; one that ended in between is not seen (it neither adds nor subtracts)."""
    used = dict.fromkeys(CPU_GROUPS, 0.0)
    for pid, (group, seconds) in after.items():
        used[group] += seconds - (before[pid][1] if pid in before else 0.0)
    return used
