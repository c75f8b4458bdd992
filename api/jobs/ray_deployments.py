"""The Ray Serve deployments that hold the models (the damage detector, the part segmenter and
OCR) and the one that analyses a stored photo next to them (read, decode, quality check, both
models), so no photo is decoded on an API host.

Each replica loads its model once, in its constructor, through the same loaders the API process
uses (``api.assessments.runtime``, ``inference.ocr``), so a model whose card does not match its
file fails the replica (and the deployment) instead of serving. Every answer names the model file
(its card's sha256) that produced it, so the caller can refuse an answer from another model.
Only ``api.jobs.ray_runner`` imports this module: the default app never loads Ray.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ray import serve

from api.assessments.analysis import PhotoAnalysis, analyse_stored_file
from api.assessments.runtime import load_detector, load_parts
from api.config import DetectorSettings, PartsSettings, RaySettings, StorageSettings
from api.storage.blobstore import BlobStore
from inference.artifact import ModelCard
from inference.detections import Detections
from inference.errors import ModelCardMismatch
from inference.ocr.engine import RapidOcrEngine
from inference.ocr.lines import TextLines
from inference.parts import PartSegmenter
from inference.runtime import DamageDetector, Image

DETECTOR_APP = "claimsight-detector"
PARTS_APP = "claimsight-parts"
OCR_APP = "claimsight-ocr"
PHOTOS_APP = "claimsight-photos"


@serve.deployment
class DetectorDeployment:
    """The damage detector; concurrent calls (several jobs' photos) are run as one batch."""

    def __init__(self, settings: DetectorSettings, ray: RaySettings) -> None:
        detector = load_detector(settings.model_copy(update={"enabled": True, "threads": ray.threads_per_replica}))
        if detector is None:
            raise ModelCardMismatch(f"no damage detector card in {settings.model_dir}")
        self._detector: DamageDetector = detector
        batched: Any = self.detect  # serve.batch's wrapper, typed as the method it wraps
        batched.set_max_batch_size(ray.max_batch_size)
        batched.set_batch_wait_timeout_s(ray.batch_wait_seconds)

    def card(self) -> ModelCard:
        return self._detector.card

    @serve.batch
    async def detect(self, images_rgb: list[Image]) -> list[tuple[str, Detections]]:
        sha256 = self._detector.card.sha256
        return [(sha256, found) for found in self._detector.detect_batch(images_rgb)]


@serve.deployment
class PartsDeployment:
    """The car-part segmenter (one photo a call: its masks are large, a batch would only hold them longer)."""

    def __init__(self, settings: PartsSettings, ray: RaySettings) -> None:
        parts = load_parts(settings.model_copy(update={"enabled": True, "threads": ray.threads_per_replica}))
        if parts is None:
            raise ModelCardMismatch(f"no car-part segmenter card in {settings.model_dir}")
        self._parts: PartSegmenter = parts

    def card(self) -> ModelCard:
        return self._parts.card

    def segment(self, image_rgb: Image) -> tuple[str, Detections]:
        return self._parts.card.sha256, self._parts.segment(image_rgb)


@serve.deployment
class OcrDeployment:
    """RapidOCR with the models bundled in its wheel (checked at load)."""

    def __init__(self, ray: RaySettings) -> None:
        self._ocr = RapidOcrEngine.load(threads=ray.threads_per_replica)

    def read(self, image_rgb: Image) -> TextLines:
        return self._ocr.read(image_rgb)

    def recognize(self, crops_rgb: Sequence[Image]) -> list[tuple[str, float]]:
        return self._ocr.recognize(crops_rgb)


def _blob_store(storage: StorageSettings, root: Path) -> BlobStore:
    """The API's blob store, opened on this worker: S3 (several hosts), or the local folder when
    the replicas run on the API host itself (one machine); a folder that is not here stops the start."""
    if storage.backend == "s3":
        from api.storage.backends.s3 import S3BlobStore

        return S3BlobStore.from_settings(storage.s3)
    from api.storage.backends.local import LocalBlobStore

    if not root.is_dir():
        raise RuntimeError(f"the local blob store {root} is not on this worker: several hosts need storage.backend=s3")
    return LocalBlobStore(root)


@serve.deployment
class PhotoDeployment:
    """One stored photo's whole analysis, on a worker: the file is read from the blob store here,
    decoded no larger than the models need, checked for capture quality, and sent to the detector
    and part replicas (whose answers are checked against the cards the API process passed); only
    the findings and quality flags go back to the API host. A file that cannot be read or decoded
    comes back as an ``unreadable`` flag, as in the API process."""

    def __init__(
        self,
        storage: StorageSettings,
        root: Path,
        detector_card: ModelCard,
        parts_card: ModelCard | None,
        timeout_s: float,
    ) -> None:
        self._blobs = _blob_store(storage, root)
        self._cards, self._timeout_s = (detector_card, parts_card), timeout_s
        self._models: tuple[Any, Any] | None = None
        self._lock = threading.Lock()

    def _remote_models(self) -> tuple[Any, Any]:
        # Handles are taken on first use, on a worker thread (Serve's blocking calls refuse the event loop).
        from api.jobs.ray_runner import RemoteDetector, RemoteParts

        with self._lock:
            if self._models is None:
                detector_card, parts_card = self._cards
                detector = RemoteDetector(serve.get_app_handle(DETECTOR_APP), detector_card, self._timeout_s)
                parts = (
                    RemoteParts(serve.get_app_handle(PARTS_APP), parts_card, self._timeout_s) if parts_card else None
                )
                self._models = (detector, parts)
            return self._models

    def _analyse(self, sha256: str) -> PhotoAnalysis:
        detector, parts = self._remote_models()
        return analyse_stored_file(self._blobs, sha256, detector=detector, parts=parts)

    async def analyse(self, sha256: str) -> PhotoAnalysis:
        return await asyncio.to_thread(self._analyse, sha256)
