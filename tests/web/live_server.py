"""A live uvicorn server on 127.0.0.1 for browser tests, and Debian's Chromium through
Playwright (never ``playwright install``: the browser comes from apt)."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import FastAPI

from api.state import AppState

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "artifacts" / "screenshots"
PHONE = {"width": 390, "height": 844}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
    "--disable-dev-shm-usage",
]


def browser_unavailable_reason() -> str | None:
    if not CHROMIUM.exists():
        return f"chromium not found at {CHROMIUM}: apt-get install chromium"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright not installed: pip install playwright (the dev extra); never 'playwright install'"
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class LiveServer:
    base_url: str
    app: FastAPI

    @property
    def state(self) -> AppState:
        state: AppState = self.app.state.claimsight
        return state


@contextmanager
def live_server(app: FastAPI) -> Iterator[LiveServer]:
    """Serve ``app`` from a background thread until the block ends."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, name="live-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the live server did not start")
        time.sleep(0.05)
    try:
        yield LiveServer(base_url=f"http://127.0.0.1:{port}", app=app)
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@contextmanager
def chromium(user_data_dir: Path, **context_options: Any) -> Iterator[Any]:
    """A fresh headless Chromium (its own profile directory); yields a new browser context."""
    from playwright.sync_api import sync_playwright

    shutil.rmtree(user_data_dir, ignore_errors=True)
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(user_data_dir),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            **context_options,
        )
        try:
            yield context
        finally:
            context.close()


@contextmanager
def browser_app(sqlite_template: Path, root: Path) -> Iterator[LiveServer]:
    """The real app on a copy of the migrated SQLite template under ``root``, served live; the
    test is skipped (with the reason) where no browser can run."""
    import pytest

    reason = browser_unavailable_reason()
    if reason:
        pytest.skip(reason)
    from api.app import create_app
    from tests.fixtures.harness import make_settings

    shutil.copyfile(sqlite_template, root / "claimsight.db")
    app = create_app(make_settings(f"sqlite:///{root / 'claimsight.db'}", root / "var"))
    with live_server(app) as live:
        yield live


def shot(page: Any, name: str) -> None:
    """A full-page screenshot kept as an artefact: ``var/artifacts/screenshots/<name>.png``."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def sign_in_page(page: Any, base_url: str, email: str) -> None:
    """Sign in through the page's own form as a person would (cookies of an earlier user cleared)."""
    from tests.fixtures.harness import PASSWORD

    page.context.clear_cookies()
    page.goto(f"{base_url}/web/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/web/login'] button[type=submit]")
    page.wait_for_load_state()
