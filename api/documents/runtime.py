"""Build the OCR engine for the lifespan state."""

from __future__ import annotations

import importlib.util

import structlog

from api.config import OcrSettings
from inference.ocr.engine import OcrEngine, RapidOcrEngine

log = structlog.get_logger(__name__)


def load_ocr(settings: OcrSettings) -> OcrEngine | None:
    """RapidOCR (its models, our int8 text detector), or None when disabled or not installed (reading answers 503).

    The ONNX sessions load on the first document unless ``warm_up`` is set (production should),
    so building an app for a test costs nothing.
    """
    if not settings.enabled:
        log.info("ocr.disabled")
        return None
    if importlib.util.find_spec("rapidocr") is None or importlib.util.find_spec("onnxruntime") is None:
        log.warning("ocr.missing", needs="rapidocr==3.10.0 and onnxruntime")
        return None
    engine = RapidOcrEngine(
        threads=settings.threads, memory_arena=settings.memory_arena, text_detector=settings.text_detector_dir
    )
    if settings.warm_up:
        engine.warm_up()
        log.info("ocr.loaded", threads=settings.threads)
    return engine
