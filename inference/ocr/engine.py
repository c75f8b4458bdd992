"""The OCR engine behind a Protocol; RapidOCR (PP-OCR models in ONNX) serves it.

RapidOCR 3.10 ships PP-OCRv6-small detection and recognition and the PP-OCR
angle classifier inside its wheel and uses them when no other model is asked
for; asking for another model by name makes it download, so this adapter never
does. The one file given instead is ours: the detector quantised to int8
(``inference.ocr.text_detector``), passed by path.
"""

from __future__ import annotations

import copy
import logging
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from inference.ocr.errors import OcrUnavailable
from inference.ocr.lines import TextLines
from inference.ocr.text_detector import DEFAULT_TEXT_DETECTOR_DIR, verified_model

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


def crop_turns(
    boxes: npt.NDArray[np.float32], cls_res: Sequence[tuple[str, float]] | None, cls_thresh: float
) -> npt.NDArray[np.int8]:
    """The ``np.rot90`` turns RapidOCR gave each box's crop before recognising it.

    Its crop keeps the image's orientation (point 0 is the box's top-left in the image),
    is turned once when 1.5 times taller than wide, and twice more when the angle
    classifier says "180" above ``cls_thresh`` (the same rules as
    ``rapidocr.utils.process_img.get_rotate_crop_image`` and its ``TextClassifier``).

    >>> box = np.array([[[0, 0], [10, 0], [10, 40], [0, 40]]], np.float32)  # tall
    >>> crop_turns(box, [("180", 0.99)], 0.9).tolist()
    [3]
    """
    width = np.maximum(
        np.linalg.norm(boxes[:, 0] - boxes[:, 1], axis=1), np.linalg.norm(boxes[:, 2] - boxes[:, 3], axis=1)
    ).astype(np.int64)
    height = np.maximum(
        np.linalg.norm(boxes[:, 0] - boxes[:, 3], axis=1), np.linalg.norm(boxes[:, 1] - boxes[:, 2], axis=1)
    ).astype(np.int64)
    tall = height >= 1.5 * np.maximum(width, 1)
    labels = list(cls_res or [("0", 0.0)] * len(boxes))
    flipped = np.array([("180" in label and score > cls_thresh) for label, score in labels], bool)
    return (tall.astype(np.int8) + 2 * flipped.astype(np.int8)) % 4


PROBE_SIDE = 640  # the first detection's longer side, to measure the text's height
PROBE_WORTH = 1.4  # a photo at most this much larger than the probe is detected at once, as it is
DET_TEXT_HEIGHT = 16.0  # detection pixels a line of text needs to be found and boxed as on the full page
TEXT_HEIGHT_PERCENTILE = 20  # the small text counts: the median line on a card is a title or a name


def det_side(boxes: npt.NDArray[np.float32] | None, long_side: int, text_height: float) -> int:
    """The page's longer side at which its small text is ``text_height`` pixels high (never above ``long_side``).

    ``boxes`` are lines found on the page, in its own pixels; their heights are the
    shorter side of each box, and the ``TEXT_HEIGHT_PERCENTILE`` of them sets the scale.

    >>> box = np.array([[[0, 0], [300, 0], [300, 40], [0, 40]]], np.float32)  # text 40 px high
    >>> det_side(box, 1400, 16.0)
    560
    """
    if boxes is None or not len(boxes):
        return long_side
    quad = np.asarray(boxes, np.float32)
    width = np.linalg.norm(quad[:, 1] - quad[:, 0], axis=1)
    height = np.linalg.norm(quad[:, 3] - quad[:, 0], axis=1)
    small = float(np.percentile(np.minimum(width, height), TEXT_HEIGHT_PERCENTILE))
    if small <= 0:
        return long_side
    return min(long_side, int(np.ceil(long_side * text_height / small)))


_SPINNING_OFF = threading.Lock()


def _no_spinning() -> None:
    """RapidOCR's ONNX Runtime sessions sleep their idle threads instead of spinning, as ours do
    (``inference.runtime``): a spinning thread burns a core while a document and an assessment
    share them. RapidOCR has no switch for it, so its session options are wrapped, once."""
    from rapidocr.inference_engine.onnxruntime.main import (  # type: ignore[import-not-found,unused-ignore]
        OrtInferSession,
    )

    with _SPINNING_OFF:
        original = OrtInferSession._init_sess_opts
        if getattr(original, "claimsight_no_spinning", False):
            return

        def options(cfg: Any) -> Any:
            opts = original(cfg)
            opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
            return opts

        options.claimsight_no_spinning = True  # type: ignore[attr-defined]
        OrtInferSession._init_sess_opts = staticmethod(options)  # type: ignore[method-assign,unused-ignore]


_NORMALIZE_SWAPPED = threading.Lock()


def _float32_normalize() -> None:
    """Detection's input is normalised in float32, as the network reads it.

    RapidOCR's ``DetPreProcess.normalize`` subtracts a float64 mean, so a page is
    widened to float64 and cast back: about 35 ms of a 0.3 s detection on a
    1160 x 790 page. ``(x / 255 - mean) / std`` is computed here in float32 with the
    same mean and std, which changes a pixel's value by at most one float32 step.
    """
    from rapidocr.ch_ppocr_det.utils import DetPreProcess  # type: ignore[import-not-found,unused-ignore]

    with _NORMALIZE_SWAPPED:
        if getattr(DetPreProcess.normalize, "claimsight_float32", False):
            return

        def normalize(self: Any, img: Image) -> npt.NDArray[np.float32]:
            mean = np.asarray(self.mean, np.float32)
            std = np.asarray(self.std, np.float32)
            out = img.astype(np.float32)
            out *= np.float32(self.scale)
            out -= mean
            out /= std
            return out

        normalize.claimsight_float32 = True  # type: ignore[attr-defined]
        DetPreProcess.normalize = normalize  # type: ignore[method-assign,unused-ignore]


class RapidOcrEngine:
    """RapidOCR on ONNX Runtime, created on first use (or by ``load``), never at import.

    Calls are serialised: RapidOCR keeps per-call switches on the instance, and two
    documents at once would only share the same cores.

    >>> engine = RapidOcrEngine(threads=2)  # cheap: nothing loads yet
    >>> engine.read(np.full((64, 256, 3), 255, np.uint8)).text  # doctest: +SKIP
    ()
    """

    def __init__(
        self,
        *,
        threads: int = 2,
        text_score: float = 0.5,
        det_max_side: int | None = None,
        det_text_height: float | None = None,
        memory_arena: bool = True,
        text_detector: Path | None = DEFAULT_TEXT_DETECTOR_DIR,
    ) -> None:
        self._threads = threads
        # A folder with the int8 detector and its card (checked when the sessions load);
        # None: RapidOCR's own float32 detector from its wheel.
        self._text_detector = text_detector
        self._memory_arena = memory_arena
        self._text_score = text_score
        # A number: the page is first detected at a PROBE_SIDE px side, and detected again, larger,
        # only where its small text would be under this many pixels high there; None: one detection.
        self._det_text_height = det_text_height
        # None: RapidOCR's default (detection at the photo's own size, small photos scaled up to a
        # 736 px short side); a number: detection on the page scaled down to that longer side.
        self._det_max_side = det_max_side
        self._ocr: Any = None
        self._lock = threading.Lock()

    @classmethod
    def load(
        cls,
        *,
        threads: int = 2,
        text_score: float = 0.5,
        det_max_side: int | None = None,
        det_text_height: float | None = None,
        memory_arena: bool = True,
        text_detector: Path | None = DEFAULT_TEXT_DETECTOR_DIR,
    ) -> RapidOcrEngine:
        """Build the engine and load its three ONNX sessions now (for the app's lifespan)."""
        engine = cls(
            threads=threads,
            text_score=text_score,
            det_max_side=det_max_side,
            det_text_height=det_text_height,
            memory_arena=memory_arena,
            text_detector=text_detector,
        )
        engine.warm_up()
        return engine

    @property
    def threads(self) -> int:
        return self._threads

    @property
    def text_detector(self) -> Path | None:
        return self._text_detector

    def _engine(self) -> Any:
        if self._ocr is None:
            model_dir = bundled_model_dir()
            missing = [name for name in BUNDLED_MODELS if not (model_dir / name).is_file()]
            if missing:
                raise OcrUnavailable(f"rapidocr wheel lacks its bundled models: {', '.join(missing)}")
            from rapidocr import RapidOCR  # type: ignore[import-not-found,unused-ignore]

            _no_spinning()
            _float32_normalize()
            logging.getLogger("RapidOCR").setLevel(logging.WARNING)
            params: dict[str, Any] = {
                "Global.log_level": "warning",
                "Global.text_score": self._text_score,
                "Global.model_root_dir": str(model_dir),
                "EngineConfig.onnxruntime.intra_op_num_threads": self._threads,
                "EngineConfig.onnxruntime.inter_op_num_threads": 1,
                # RapidOCR turns ONNX Runtime's memory arena off, so every detection allocated
                # and faulted in its page-sized buffers again: 9 % of the CPU and 18 % of the wall
                # time of a harsh-case image (best of 3, 12 images, same fields read). The arena
                # keeps its largest buffers: resident memory after 12 documents 479 -> 835 MB.
                "EngineConfig.onnxruntime.enable_cpu_mem_arena": self._memory_arena,
            }
            if self._text_detector is not None:
                params["Det.model_path"] = str(verified_model(self._text_detector))
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
        """Lines of text on one ``(H, W, 3) uint8`` RGB image, angle classifier on.

        RapidOCR's own steps (detect, crop, classify, recognise) run one by one so that each
        line's turn comes back with it (``TextLines.turns``): a crop 1.5 times taller than
        wide was turned a quarter before classifying, and one the classifier called upside
        down was turned twice more. The page's turn is then voted from these, without reading
        any line again. Empty texts and those below ``text_score`` are dropped, as RapidOCR does.
        """
        height, width = image_rgb.shape[:2]
        bgr = np.ascontiguousarray(image_rgb[:, :, ::-1])
        with self._lock:
            ocr = self._engine()
            img, op_record = ocr.preprocess_img(ocr.load_img(bgr))
            det, crops, op_record = self._detect(ocr, img, op_record)
            if det is None or det.boxes is None or not len(crops):
                return TextLines.empty((width, height))
            cls_imgs, cls = ocr.cls_and_rotate(crops)
            rec = ocr.recognize_txt(cls_imgs)
            cls_thresh = float(ocr.cfg.Cls.cls_thresh)
        if det.boxes is None or rec.txts is None or not len(rec.txts):
            return TextLines.empty((width, height))
        from rapidocr.utils.process_img import map_boxes_to_original  # type: ignore[import-not-found,unused-ignore]

        turns = crop_turns(np.asarray(det.boxes, np.float32), cls.cls_res, cls_thresh)
        boxes = map_boxes_to_original(np.array(det.boxes, np.float32), op_record, height, width)
        scores = np.asarray(rec.scores, np.float32)
        keep = [i for i, t in enumerate(rec.txts) if str(t).strip() and scores[i] >= self._text_score]
        if not keep:
            return TextLines.empty((width, height))
        return TextLines(tuple(str(rec.txts[i]) for i in keep), boxes[keep], scores[keep], (width, height), turns[keep])

    def _detect(self, ocr: Any, img: Image, op_record: dict[str, Any]) -> tuple[Any, list[Image], dict[str, Any]]:
        """Boxes and full-resolution crops; detection on a page scaled to its text height (see ``det_scale``)."""
        from rapidocr.main import RapidOCRError  # type: ignore[import-not-found,unused-ignore]

        detector = ocr._load_det_model()  # RapidOCR reads its limits on every call
        default = (detector.limit_type, detector.limit_side_len)
        long_side = max(img.shape[:2])
        attempts: list[tuple[str, int]] = []
        if self._det_text_height is not None and long_side > PROBE_SIDE * PROBE_WORTH:
            attempts.append(("max", PROBE_SIDE))
        attempts.append(default)
        try:
            for number, limits in enumerate(attempts):
                detector.limit_type, detector.limit_side_len = limits
                record = copy.deepcopy(op_record)
                try:
                    crops, det = ocr.detect_and_crop(img, record)
                except RapidOCRError:
                    if number + 1 < len(attempts):
                        continue  # nothing at the probe's scale: look again at full size
                    return None, [], record
                if number + 1 == len(attempts):
                    return det, crops, record
                side = det_side(det.boxes, long_side, float(self._det_text_height or 0))
                if side <= PROBE_SIDE:
                    return det, crops, record
                if side < long_side:
                    attempts[number + 1] = ("max", side)
            raise AssertionError("unreachable")
        finally:
            detector.limit_type, detector.limit_side_len = default

    def recognize(self, crops_rgb: Sequence[Image]) -> list[tuple[str, float]]:
        """Recognition only, one crop per line of text, read exactly as given, in batches."""
        if not crops_rgb:
            return []
        bgr = [np.ascontiguousarray(crop[:, :, ::-1]) for crop in crops_rgb]
        with self._lock:
            result = self._engine().recognize_txt(bgr)
        return [(str(text), float(score)) for text, score in zip(result.txts, result.scores, strict=True)]
