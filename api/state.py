"""The typed state the lifespan builds once and every request reads through ``deps``."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from api.auth.security import TokenIssuer
from api.config import Settings
from api.jobs.runner import JobRunner
from api.notifications.senders import NotificationSender
from api.storage.blobstore import BlobStore
from inference.ocr.engine import OcrEngine
from inference.parts import PartSegmenter
from inference.runtime import DamageDetector


@dataclass
class AppState:
    settings: Settings
    engine: Engine
    session_factory: sessionmaker[Session]
    blobs: BlobStore
    tokens: TokenIssuer
    notifier: NotificationSender
    tz: ZoneInfo
    # The damage detector runtime; None when none is loaded (see api.deps.DetectorDep).
    detector: DamageDetector | None = None
    # The car-part segmenter; None when absent (parts stay "unknown").
    parts: PartSegmenter | None = None
    # The document OCR engine; None when none is loaded (see api.deps.OcrDep).
    ocr: OcrEngine | None = None
    # Runs queued jobs (api.jobs); None when this process only queues them (jobs.enabled=false).
    jobs: JobRunner | None = None
