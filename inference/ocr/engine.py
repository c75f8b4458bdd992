"""The OCR engine behind a Protocol; RapidOCR (PP-OCR models in ONNX) serves it.

RapidOCR 3.10 ships PP-OCRv6-small detection and recognition and the PP-OCR
angle classifier inside its wheel and uses them when no other model is asked
for; asking for another model makes it download, so this adapter never does.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from inference.ocr.errors import OcrUnavailable
from inference.ocr.lines import TextLines

Image = npt.NDArray[np.uint8]


class OcrEngine(Protocol):
    """Reads text lines off an RGB image; quads come back in that image's pixels."""

    def read(self, image_rgb: Image) -> TextLines: ...

    def recognize(self, crops_rgb: Sequence[Image]) -> list[tuple[str, float]]:
        """Text and confidence of single-line crops, read as given (no detection, no turning)."""
        ...


# The model files RapidOCR 3.10 ships and uses by default (checked at load, so a wheel
# without them fails loudly here instead of trying to download).
BUNDLED_MODELS = (
    "PP-OCRv6_det_small.onnx",
    "PP-OCRv6_rec_small.onnx",
    "ch_ppocr_mobile_v2.0_cls_mobile.onnx",
)


def bundled_model_dir() -> Path:
    """Folder of the models inside the installed ``rapidocr`` wheel."""
    try:
        import rapidocr  # type: ignore[import-not-found,unused-ignore]
    except ImportError as exc:
        raise OcrUnavailable("rapidocr is not installed; install rapidocr==3.10.0 and onnxruntime") from exc
    return Path(rapidocr.__file__).resolve().parent / "models"


class RapidOcrEngine:
    """RapidOCR on ONNX Runtime, created on first use (or by ``load``), never at import.

    Calls are serialised: RapidOCR keeps per-call switches on the instance, and two
    documents at once would only share the same cores.

    >>> engine = RapidOcrEngine(threads=2)  # cheap: nothing loads yet
    >>> engine.read(np.full((64, 256, 3), 255, np.uint8)).text  # doctest: +SKIP
    ()
    """

    def __init__(self, *, threads: int = 2, text_score: float = 0.5, det_max_side: int | None = None) -> None:
        self._threads = threads
        self._text_score = text_score
        # None: RapidOCR's default (detection at the photo's own size, small photos scaled up to a
        # 736 px short side); a number: detection on the page scaled down to that longer side.
        self._det_max_side = det_max_side
        self._ocr: Any = None
        self._lock = threading.Lock()

    @classmethod
    def load(cls, *, threads: int = 2, text_score: float = 0.5, det_max_side: int | None = None) -> RapidOcrEngine:
        """Build the engine and load its three ONNX sessions now (for the app's lifespan)."""
        engine = cls(threads=threads, text_score=text_score, det_max_side=det_max_side)
        engine.warm_up()
        return engine

    @property
    def threads(self) -> int:
        return self._threads

    def _engine(self) -> Any:
        if self._ocr is None:
            model_dir = bundled_model_dir()
            missing = [name for name in BUNDLED_MODELS if not (model_dir / name).is_file()]
            if missing:
                raise OcrUnavailable(f"rapidocr wheel lacks its bundled models: {', '.join(missing)}")
            from rapidocr import RapidOCR  # type: ignore[import-not-found,unused-ignore]

            logging.getLogger("RapidOCR").setLevel(logging.WARNING)
            params: dict[str, Any] = {
                "Global.log_level": "warning",
                "Global.text_score": self._text_score,
                "Global.model_root_dir": str(model_dir),
                "EngineConfig.onnxruntime.intra_op_num_threads": self._threads,
                "EngineConfig.onnxruntime.inter_op_num_threads": 1,
            }
            if self._det_max_side is not None:
                params |= {"Det.limit_type": "max", "Det.limit_side_len": self._det_max_side}
            self._ocr = RapidOCR(params=params)
        return self._ocr

    def warm_up(self) -> None:
        """Load the detection, angle and recognition sessions by reading a tiny image."""
        import cv2

        canvas = np.full((64, 200, 3), 255, np.uint8)
        cv2.putText(canvas, "OCR 123", (10, 45), cv2.FONT_HERSHEY_SIMPLEX, 1.2, (0, 0, 0), 2)
        self.read(canvas)

    def read(self, image_rgb: Image) -> TextLines:
        """Lines of text on one ``(H, W, 3) uint8`` RGB image, angle classifier on."""
        height, width = image_rgb.shape[:2]
        bgr = np.ascontiguousarray(image_rgb[:, :, ::-1])
        with self._lock:
            result = self._engine()(bgr, use_det=True, use_cls=True, use_rec=True)
        if result.boxes is None or result.txts is None or not len(result.txts):
            return TextLines.empty((width, height))
        return TextLines(
            tuple(str(t) for t in result.txts),
            np.asarray(result.boxes, np.float32),
            np.asarray(result.scores, np.float32),
            (width, height),
        )

    def recognize(self, crops_rgb: Sequence[Image]) -> list[tuple[str, float]]:
        """Recognition only, one crop per line of text, read exactly as given."""
        out: list[tuple[str, float]] = []
        with self._lock:
            engine = self._engine()
            for crop in crops_rgb:
                bgr = np.ascontiguousarray(crop[:, :, ::-1])
                result = engine(bgr, use_det=False, use_cls=False, use_rec=True)
                texts = result.txts or ("",)
                scores = list(result.scores) or [0.0]
                out.append((str(texts[0]), float(scores[0])))
        return out
