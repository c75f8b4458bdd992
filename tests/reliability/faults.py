"""The app factory of the reliability harness: the real app with fake model runtimes, and
optional fault points that stop a request at a known spot so a test can kill -9 the server there.

``CLAIMSIGHT_FAULT``:
- ``flush:<table>``: after a flush that writes a row of ``<table>`` (in the transaction, not yet
  committed), write the marker file and sleep;
- ``detect``: inside the detector, in the middle of an assessment.
``CLAIMSIGHT_FAULT_MARKER``: the file written when the fault point is reached.
``CLAIMSIGHT_FAULT_SECONDS``: how long to sleep there (default 600).
``CLAIMSIGHT_FAULT_ARMED``: a file; the fault point fires only while it exists (so a test can
seed through the same server first).
"""

from __future__ import annotations

import os
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from fastapi import FastAPI
from sqlalchemy import event
from sqlalchemy.orm import Session

from api.app import create_app as create_real_app
from api.config import Settings
from api.state import AppState
from inference.detections import Detections
from tests.fixtures.fake_detector import FakeDetector
from tests.fixtures.fake_parts import FakePartSegmenter

FAULT_ENV = "CLAIMSIGHT_FAULT"
MARKER_ENV = "CLAIMSIGHT_FAULT_MARKER"
SECONDS_ENV = "CLAIMSIGHT_FAULT_SECONDS"
ARMED_ENV = "CLAIMSIGHT_FAULT_ARMED"


def _armed() -> bool:
    armed = os.environ.get(ARMED_ENV)
    return armed is None or Path(armed).exists()


def _reached() -> None:
    if not _armed():
        return
    marker = os.environ.get(MARKER_ENV)
    if marker:
        Path(marker).write_text(str(os.getpid()))
    time.sleep(float(os.environ.get(SECONDS_ENV, "600")))


class StallingDetector(FakeDetector):
    """The fake detector, stalling on its first photo (the middle of an assessment)."""

    def detect(self, image_rgb: npt.NDArray[np.uint8]) -> Detections:
        _reached()
        return super().detect(image_rgb)

    def detect_batch(self, images_rgb: Sequence[npt.NDArray[np.uint8]]) -> list[Detections]:
        return [self.detect(image) for image in images_rgb]


def _stall_after_flush_of(table: str) -> None:
    def after_flush(session: Session, _context: Any) -> None:
        touched = [*session.new, *session.dirty]
        if any(getattr(obj, "__tablename__", None) == table for obj in touched):
            _reached()

    event.listen(Session, "after_flush", after_flush)


def use_fakes(state: AppState, *, fault: str = "") -> None:
    """Fake detector and part segmenter (fast, deterministic); a fake OCR engine that reads an ID card."""
    from tests.inference.ocr.fakes import FakeOcrEngine
    from tests.inference.ocr.test_extract import ID_FRONT_MERGED

    state.detector = StallingDetector() if fault == "detect" else FakeDetector()
    state.parts = FakePartSegmenter()
    state.ocr = FakeOcrEngine(ID_FRONT_MERGED)


def create_app(settings: Settings | None = None) -> FastAPI:
    """``uvicorn --factory tests.reliability.faults:create_app``: settings from the environment."""
    fault = os.environ.get(FAULT_ENV, "")
    if fault.startswith("flush:"):
        _stall_after_flush_of(fault.removeprefix("flush:"))
    app = create_real_app(settings)
    real_lifespan = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(application: FastAPI) -> AsyncIterator[Any]:
        async with real_lifespan(application) as state:
            use_fakes(application.state.claimsight, fault=fault)
            yield state

    app.router.lifespan_context = lifespan
    return app
