"""kill -9 in the middle of an upload, an assessment and an approval, then restart and check.

A trial starts the real server (``uvicorn --factory``) on its own data dir, seeds a claim
through the API, arms a fault point (see :mod:`tests.reliability.faults`) that stops the target
request inside its transaction, sends that request, waits until the point is reached and sends
SIGKILL. It then ages the stored files past the reconcile grace period (as if the restart came
later), restarts the server, reconciles the blob store, checks the invariants of
:mod:`tests.reliability.consistency`, redoes the interrupted request and checks again.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from api.db.engine import make_engine, make_session_factory
from tests.fixtures import images
from tests.fixtures.harness import claim_body
from tests.reliability.consistency import inconsistencies
from tests.reliability.faults import ARMED_ENV, FAULT_ENV, MARKER_ENV
from tests.reliability.live import ServerProcess, server_env
from tests.reliability.world import PRICE_BODY, assess, create_users, login

FACTORY = "tests.reliability.faults:create_app"
SCENARIOS: dict[str, str] = {
    "upload": "flush:photos",  # the photo's file is written and its row flushed, not committed
    "assessment": "detect",  # the detector is running on the claim's photos
    "approval": "flush:estimate_versions",  # the approval is flushed (claim moved), not committed
}
AGE_SECONDS = 2 * 3600  # older than the reconcile grace period


@dataclass
class CrashTrial:
    scenario: str
    database: str
    killed_at_fault_point: bool = False
    orphans_after_restart: int = 0  # unused files before the explicit reconcile
    inconsistencies: list[str] = field(default_factory=list)  # after restart and reconcile
    redo_status: int | None = None  # the interrupted request, sent again after the restart
    inconsistencies_after_redo: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return (
            self.killed_at_fault_point
            and not self.inconsistencies
            and not self.inconsistencies_after_redo
            and self.redo_status is not None
            and self.redo_status < 300
        )


@dataclass
class _Seeded:
    customer: dict[str, str]
    senior: dict[str, str]
    claim_id: str


def _ok(response: httpx.Response) -> dict[str, object]:
    assert response.is_success, f"{response.request.method} {response.request.url}: {response.text}"
    return dict(response.json())


def _photo() -> dict[str, tuple[str, bytes, str]]:
    return {"file": ("p.jpg", images.unique_jpeg(size=(640, 480)), "image/jpeg")}


def _seed(client: httpx.Client, database_url: str, scenario: str) -> _Seeded:
    engine = make_engine(database_url)
    try:
        emails = create_users(make_session_factory(engine), prefix=f"{scenario}-")
    finally:
        engine.dispose()
    customer, senior = login(client, emails["customer"]), login(client, emails["senior_adjuster"])
    claim_id = str(_ok(client.post("/claims", json=claim_body(), headers=customer))["id"])
    for _ in range(2):
        _ok(client.post(f"/claims/{claim_id}/photos", files=_photo(), headers=customer))
    if scenario == "approval":
        assess(client, senior, claim_id)
        _ok(client.post(f"/claims/{claim_id}/estimates", json=PRICE_BODY, headers=senior))
    return _Seeded(customer, senior, claim_id)


def _target(client: httpx.Client, scenario: str, seeded: _Seeded) -> httpx.Response:
    claim = f"/claims/{seeded.claim_id}"
    if scenario == "upload":
        return client.post(f"{claim}/photos", files=_photo(), headers=seeded.customer)
    if scenario == "assessment":
        return client.post(f"{claim}/assessments", headers=seeded.senior)
    return client.post(f"{claim}/estimates/1/approve", headers=seeded.senior)


def _age(root: Path, seconds: float) -> None:
    then = time.time() - seconds
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, (then, then))


def crash_trial(scenario: str, database_url: str, work_dir: Path, *, database: str = "sqlite") -> CrashTrial:
    started = time.monotonic()
    trial = CrashTrial(scenario, database)
    data_dir, marker, armed = work_dir / "var", work_dir / "reached", work_dir / "armed"
    faults = {FAULT_ENV: SCENARIOS[scenario], MARKER_ENV: str(marker), ARMED_ENV: str(armed)}
    log_path = work_dir / "server.log"
    server = ServerProcess(FACTORY, server_env(data_dir, database_url, faults), log_path).start()
    try:
        with httpx.Client(base_url=server.url, timeout=120) as client:
            seeded = _seed(client, database_url, scenario)
            armed.touch()
            request = threading.Thread(target=_send_ignoring_errors, args=(client, scenario, seeded), daemon=True)
            request.start()
            deadline = time.monotonic() + 60
            # Not only while the request is open: an assessment is answered (202) before its job
            # reaches the detector.
            while not marker.exists() and time.monotonic() < deadline:
                time.sleep(0.05)
            trial.killed_at_fault_point = marker.exists()
            server.kill()
            request.join(timeout=30)
    finally:
        server.kill()
    blob_root = data_dir / "blobs"
    _age(blob_root, AGE_SECONDS)
    restarted = ServerProcess(FACTORY, server_env(data_dir, database_url), log_path).start()
    try:
        trial.orphans_after_restart = sum("no row uses it" in line for line in inconsistencies(database_url, blob_root))
        _reconcile(database_url, blob_root)
        trial.inconsistencies = inconsistencies(database_url, blob_root)
        with httpx.Client(base_url=restarted.url, timeout=120) as client:
            trial.redo_status = _target(client, scenario, seeded).status_code
        trial.inconsistencies_after_redo = inconsistencies(database_url, blob_root, orphans=False)
    finally:
        restarted.stop()
    trial.seconds = round(time.monotonic() - started, 1)
    return trial


def _send_ignoring_errors(client: httpx.Client, scenario: str, seeded: _Seeded) -> None:
    with contextlib.suppress(httpx.TransportError):  # the server was killed under it: expected
        _target(client, scenario, seeded)


def _reconcile(database_url: str, blob_root: Path) -> None:
    """The reconcile the service runs at start (and ``claimsight storage reconcile``)."""
    from api.storage.backends.local import LocalBlobStore
    from api.storage.lifetime import reconcile

    engine = make_engine(database_url)
    try:
        reconcile(make_session_factory(engine), LocalBlobStore(blob_root))
    finally:
        engine.dispose()
