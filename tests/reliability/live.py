"""Server subprocesses for the reliability harness (kill -9 and concurrency trials), on
127.0.0.1 only; the in-process live server is ``tests.fixtures.live_server``."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.fixtures.live_server import free_port

ROOT = Path(__file__).resolve().parents[2]


def wait_ready(url: str, *, timeout: float = 60.0, process: subprocess.Popen[bytes] | None = None) -> None:
    """Poll ``/health`` until it answers 200 (or the process dies, or ``timeout`` passes)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode} before it was ready")
        try:
            if httpx.get(f"{url}/health", timeout=2.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise TimeoutError(f"{url} not ready after {timeout:.0f} s")


@dataclass
class ServerProcess:
    """A ``uvicorn --factory`` subprocess on a data dir; ``kill()`` is a SIGKILL (no cleanup)."""

    factory: str
    env: dict[str, str]
    log_path: Path
    port: int = 0
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, *, timeout: float = 90.0, workers: int = 1) -> ServerProcess:
        self.port = free_port()
        command = [sys.executable, "-m", "uvicorn", "--factory", self.factory]
        command += ["--host", "127.0.0.1", "--port", str(self.port), "--log-level", "warning"]
        if workers > 1:
            command += ["--workers", str(workers)]
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        try:
            wait_ready(self.url, timeout=timeout, process=self.process)
        except (RuntimeError, TimeoutError) as exc:
            self.kill()
            tail = self.log_path.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"{exc}; server log ends:\n{tail}") from exc
        return self

    def kill(self) -> None:
        """SIGKILL: the process gets no chance to roll back, flush or remove anything."""
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


def server_env(data_dir: Path, database_url: str, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of a server subprocess: its own data dir and database, no scheduler,
    no model runtimes (the fault factory puts in fakes), a fixed secret, quiet logs."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMSIGHT_")}
    env.update(
        {
            "PYTHONPATH": str(ROOT),
            "CLAIMSIGHT_DATA_DIR": str(data_dir),
            "CLAIMSIGHT_DATABASE_URL": database_url,
            "CLAIMSIGHT_ENVIRONMENT": "test",
            "CLAIMSIGHT_LOG_LEVEL": "WARNING",
            "CLAIMSIGHT_AUTH__JWT_SECRET": "reliability-secret-" + "x" * 32,
            "CLAIMSIGHT_SCHEDULER__ENABLED": "false",
            "CLAIMSIGHT_DETECTOR__ENABLED": "false",
            "CLAIMSIGHT_PARTS__ENABLED": "false",
            "CLAIMSIGHT_OCR__ENABLED": "false",
        }
    )
    env.update(extra or {})
    return env
