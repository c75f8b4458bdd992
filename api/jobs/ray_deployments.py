"""The Ray Serve deployments that hold the models: the damage detector, the part segmenter and OCR.

Each replica loads its model once, in its constructor, through the same loaders the API process
uses (``api.assessments.runtime``, ``inference.ocr``), so a model whose card does not match its
file fails the replica (and the deployment) instead of serving. Every answer names the model file
(its card's sha256) that produced it, so the caller can refuse an answer from another model.
Only ``api.jobs.ray_runner`` imports this module: the default app never loads Ray.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ray import serve

from api.assessments.runtime import load_detector, load_parts
from api.config import DetectorSettings, PartsSettings, RaySettings
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
