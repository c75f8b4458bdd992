"""The damage detector behind a Protocol, served with ONNX Runtime."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np
import numpy.typing as npt
import onnxruntime as ort

from inference.artifact import MODEL_FILE, ModelCard, load_card, verify_file, verify_metadata
from inference.detections import Detections
from inference.errors import ModelCardMismatch
from inference.postprocess import decode
from inference.preprocess import letterbox, to_tensor

Image = npt.NDArray[np.uint8]


def open_verified_session(model_dir: Path, card: ModelCard, *, threads: int) -> ort.InferenceSession:
    """An ONNX Runtime session on ``model_dir/model.onnx`` once the file, its embedded card and
    its input size agree with ``card``; :class:`ModelCardMismatch` otherwise."""
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    # Idle pool threads sleep instead of spinning: jobs run side by side on the same cores, and a
    # spinning thread burned as much CPU as the work it waited for (docs/benchmarks/scale.md).
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    model_path = model_dir / MODEL_FILE
    verify_file(card, model_path)
    try:
        session = ort.InferenceSession(str(model_path), options, providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnxruntime raises its own untyped errors
        raise ModelCardMismatch(f"{model_path}: not a loadable ONNX model: {exc}") from exc
    verify_metadata(card, model_path, session.get_modelmeta().custom_metadata_map)
    height, width = session.get_inputs()[0].shape[2:]
    if (isinstance(height, int) and height != card.imgsz) or (isinstance(width, int) and width != card.imgsz):
        raise ModelCardMismatch(f"model input {height}x{width} differs from the card's imgsz {card.imgsz}")
    return session


class DamageDetector(Protocol):
    """Finds damage on upright RGB photos; boxes come back in original-image pixels."""

    @property
    def card(self) -> ModelCard: ...

    def detect(self, image_rgb: Image) -> Detections: ...

    def detect_batch(self, images_rgb: Sequence[Image]) -> list[Detections]: ...


class OnnxDetector:
    """A YOLO detector exported to ONNX, checked against its card before it serves.

    >>> detector = OnnxDetector.load(Path("models/damage-detector/1.0.0"), threads=1)  # doctest: +SKIP
    >>> detector.detect(np.zeros((480, 640, 3), np.uint8)).xyxy.shape  # doctest: +SKIP
    (0, 4)
    """

    def __init__(self, session: ort.InferenceSession, card: ModelCard, *, confidence: float | None = None) -> None:
        self._session = session
        self._card = card
        self._confidence = card.confidence_threshold if confidence is None else confidence
        self._input = session.get_inputs()[0].name
        batch_dim = session.get_inputs()[0].shape[0]
        self._max_batch = batch_dim if isinstance(batch_dim, int) else None
        trained = [card.classes.index(c) for c in card.trained_classes]
        self._trained_ids = np.array(trained, np.int64)

    @classmethod
    def load(cls, model_dir: Path, *, threads: int = 1, confidence: float | None = None) -> OnnxDetector:
        """Load ``model.onnx`` and ``model.json`` from ``model_dir``; refuse a mismatched pair.

        ``confidence`` overrides the card's served threshold (evaluation needs every score).
        """
        card = load_card(model_dir)
        return cls(open_verified_session(model_dir, card, threads=threads), card, confidence=confidence)

    @property
    def card(self) -> ModelCard:
        return self._card

    @property
    def confidence(self) -> float:
        """The threshold it serves at: its card's, unless the loader was given another."""
        return self._confidence

    def detect(self, image_rgb: Image) -> Detections:
        """Detections on one ``(H, W, 3) uint8`` RGB image."""
        return self.detect_batch([image_rgb])[0]

    def detect_batch(self, images_rgb: Sequence[Image]) -> list[Detections]:
        """Detections on several images; one model call per batch the model accepts."""
        step = self._max_batch or len(images_rgb) or 1
        results: list[Detections] = []
        for start in range(0, len(images_rgb), step):
            results.extend(self._run(images_rgb[start : start + step]))
        return results

    def _run(self, images_rgb: Sequence[Image]) -> list[Detections]:
        for image in images_rgb:
            if image.ndim != 3 or image.shape[2] != 3 or image.dtype != np.uint8:
                raise ValueError(f"expected (H, W, 3) uint8 RGB, got {image.shape} {image.dtype}")
        boxed = [letterbox(image, self._card.imgsz) for image in images_rgb]
        (output,) = self._session.run(None, {self._input: to_tensor([img for img, _ in boxed])})
        decoded = decode(output, fmt=self._card.output_format, confidence=self._confidence)
        results = []
        for (xyxy, confidence, class_id), (_, lb) in zip(decoded, boxed, strict=True):
            found = Detections(lb.to_image_xyxy(xyxy), confidence, class_id)
            found = found[np.isin(found.class_id, self._trained_ids)]
            results.append(found[found.area > 0])
        return results
