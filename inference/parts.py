"""The car-part segmenter behind a Protocol, served with ONNX Runtime.

A YOLO-seg model has two outputs: detection rows that end in ``nm`` mask
coefficients, and ``(B, nm, mh, mw)`` prototypes at a quarter of the input
size. An instance's mask is ``coefficients @ prototypes`` (logits), cut to the
letterboxed photo, resized to the photo and to its box, thresholded at 0
(sigmoid 0.5) — the same steps as Ultralytics' ``process_mask`` + ``scale_masks``.

Two detection layouts are read (the card's ``output_format``): YOLO26's NMS-free
``(B, K, 6 + nm)`` rows of ``x1, y1, x2, y2, score, class, coefficients…`` and the
raw ``(B, 4 + nc + nm, anchors)`` layout, which needs NMS.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import cv2
import numpy as np
import numpy.typing as npt
import onnxruntime as ort

from inference.artifact import MODEL_FILE, ModelCard, load_card
from inference.detections import Detections
from inference.errors import ModelCardMismatch
from inference.postprocess import nms
from inference.preprocess import letterbox, to_tensor
from inference.runtime import open_verified_session

Image = npt.NDArray[np.uint8]
Array = npt.NDArray[np.float32]
SIDES = ("left", "right")


def part_side(name: str) -> str | None:
    """The side a part code names (``"left"``/``"right"``), ``None`` for a side-agnostic part.

    >>> part_side("front_left_door"), part_side("right_mirror"), part_side("hood")
    ('left', 'right', None)
    """
    tokens = name.split("_")
    return next((side for side in SIDES if side in tokens), None)


class PartSegmenter(Protocol):
    """Finds car parts on upright RGB photos: boxes and masks in original-image pixels."""

    @property
    def card(self) -> ModelCard: ...

    def segment(self, image_rgb: Image) -> Detections: ...


def decode_segment_end2end(output: Array, *, confidence: float) -> tuple[Array, Array, npt.NDArray[np.int64], Array]:
    """One image's ``(K, 6 + nm)`` NMS-free rows → ``(xyxy, confidence, class_id, coefficients)``, best first.

    >>> rows = np.array([[1, 2, 3, 4, 0.9, 2, 0.5, -0.5], [0, 0, 1, 1, 0.1, 0, 0, 0]], np.float32)
    >>> [a.tolist() for a in decode_segment_end2end(rows, confidence=0.25)]
    [[[1.0, 2.0, 3.0, 4.0]], [0.8999999761581421], [2], [[0.5, -0.5]]]
    """
    if output.ndim != 2 or output.shape[1] < 7:
        raise ValueError(f"expected (K, 6 + nm) end-to-end rows, got {output.shape}")
    rows = output[output[:, 4] >= confidence]
    rows = rows[np.argsort(-rows[:, 4], kind="stable")]
    return (
        rows[:, :4].astype(np.float32),
        rows[:, 4].astype(np.float32),
        rows[:, 5].astype(np.int64),
        rows[:, 6:].astype(np.float32),
    )


def decode_segment_raw(
    output: Array, *, n_classes: int, confidence: float, iou: float = 0.7, max_det: int = 300
) -> tuple[Array, Array, npt.NDArray[np.int64], Array]:
    """One image's ``(4 + nc + nm, anchors)`` centre boxes, scores, coefficients → NMS'd rows, best first."""
    if output.ndim != 2 or output.shape[0] <= 4 + n_classes:
        raise ValueError(f"expected (4 + {n_classes} + nm, anchors) output, got {output.shape}")
    scores_all = output[4 : 4 + n_classes].T
    class_id = scores_all.argmax(axis=1)
    scores = scores_all[np.arange(len(class_id)), class_id]
    keep = scores >= confidence
    cx, cy, w, h = output[:4, keep]
    xyxy = np.stack([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], axis=1).astype(np.float32)
    scores, class_id = scores[keep].astype(np.float32), class_id[keep].astype(np.int64)
    coefficients = output[4 + n_classes :, keep].T.astype(np.float32)
    kept = nms(xyxy, scores, class_id, iou=iou)[:max_det]
    return xyxy[kept], scores[kept], class_id[kept], coefficients[kept]


def masks_to_image(
    coefficients: Array, protos: Array, image_xyxy: Array, resolution_wh: tuple[int, int]
) -> npt.NDArray[np.bool_]:
    """Coefficients ``(N, nm)`` × prototypes ``(nm, mh, mw)`` → ``(N, H, W)`` bool masks at the photo's size.

    The logits are cut to the letterboxed photo's area, resized to the photo
    (bilinear), limited to each instance's box and thresholded at 0.

    >>> m = masks_to_image(np.ones((1, 1), np.float32), np.ones((1, 2, 2), np.float32),
    ...                    np.array([[0, 0, 4, 8]], np.float32), (8, 8))
    >>> m.shape, int(m.sum())
    ((1, 8, 8), 32)
    """
    width, height = resolution_wh
    n = len(coefficients)
    if n == 0:
        return np.zeros((0, height, width), bool)
    nm, mh, mw = protos.shape
    logits = (coefficients @ protos.reshape(nm, -1)).reshape(n, mh, mw)
    # the photo's area inside the (centred) letterbox, in prototype pixels, as Ultralytics' scale_masks
    gain = min(mh / height, mw / width)
    pad_h, pad_w = (mh - height * gain) / 2, (mw - width * gain) / 2
    top, left = round(pad_h - 0.1), round(pad_w - 0.1)
    bottom, right = mh - round(pad_h + 0.1), mw - round(pad_w + 0.1)
    cut = np.ascontiguousarray(logits[:, top:bottom, left:right].transpose(1, 2, 0))
    masks = np.empty((n, height, width), bool)
    for start in range(0, n, 128):  # cv2.resize (OpenCV 5) handles at most 128 channels
        chunk = cv2.resize(cut[..., start : start + 128], (width, height), interpolation=cv2.INTER_LINEAR)
        masks[start : start + 128] = (chunk.reshape(height, width, -1) > 0).transpose(2, 0, 1)
    x1, y1 = np.floor(image_xyxy[:, :2]).astype(np.int64).T
    x2, y2 = np.ceil(image_xyxy[:, 2:]).astype(np.int64).T
    for i in range(n):  # nothing outside the instance's box
        masks[i, : max(y1[i], 0)] = False
        masks[i, max(y2[i], 0) :] = False
        masks[i, :, : max(x1[i], 0)] = False
        masks[i, :, max(x2[i], 0) :] = False
    return masks


class OnnxPartSegmenter:
    """A YOLO-seg part model exported to ONNX, checked against its card before it serves.

    >>> parts = OnnxPartSegmenter.load(Path("models/car-parts/1.0.0"), threads=1)  # doctest: +SKIP
    >>> found = parts.segment(np.zeros((480, 640, 3), np.uint8))  # doctest: +SKIP
    >>> [parts.card.classes[i] for i in found.class_id], found.mask.shape  # doctest: +SKIP
    ([], (0, 480, 640))
    """

    def __init__(self, session: ort.InferenceSession, card: ModelCard, *, confidence: float | None = None) -> None:
        self._session = session
        self._card = card
        self._confidence = card.confidence_threshold if confidence is None else confidence
        self._input = session.get_inputs()[0].name
        self._trained_ids = np.array([card.classes.index(c) for c in card.trained_classes], np.int64)

    @classmethod
    def load(cls, model_dir: Path, *, threads: int = 1, confidence: float | None = None) -> OnnxPartSegmenter:
        """Load ``model.onnx`` and ``model.json`` from ``model_dir``; refuse a mismatched pair or a non-segment card.

        ``confidence`` overrides the card's served threshold (evaluation needs every score).
        """
        card = load_card(model_dir)
        if card.task != "segment":
            raise ModelCardMismatch(f"{model_dir}: card task is {card.task!r}, not 'segment'")
        session = open_verified_session(model_dir, card, threads=threads)
        if len(session.get_outputs()) != 2:
            raise ModelCardMismatch(f"{MODEL_FILE} has {len(session.get_outputs())} outputs; a segmenter has 2")
        return cls(session, card, confidence=confidence)

    @property
    def card(self) -> ModelCard:
        return self._card

    def segment(self, image_rgb: Image) -> Detections:
        """Parts on one ``(H, W, 3) uint8`` RGB image, with ``(N, H, W)`` masks; class ids index ``card.classes``."""
        if image_rgb.ndim != 3 or image_rgb.shape[2] != 3 or image_rgb.dtype != np.uint8:
            raise ValueError(f"expected (H, W, 3) uint8 RGB, got {image_rgb.shape} {image_rgb.dtype}")
        boxed, lb = letterbox(image_rgb, self._card.imgsz)
        outputs = self._session.run(None, {self._input: to_tensor([boxed])})
        rows, protos = (outputs[0], outputs[1]) if outputs[1].ndim == 4 else (outputs[1], outputs[0])
        if self._card.output_format == "end2end":
            xyxy, conf, cls, coef = decode_segment_end2end(rows[0], confidence=self._confidence)
        else:
            xyxy, conf, cls, coef = decode_segment_raw(
                rows[0], n_classes=len(self._card.classes), confidence=self._confidence
            )
        image_xyxy = lb.to_image_xyxy(xyxy)
        keep = np.isin(cls, self._trained_ids) & (np.prod(image_xyxy[:, 2:] - image_xyxy[:, :2], axis=1) > 0)
        masks = masks_to_image(coef[keep], protos[0], image_xyxy[keep], lb.resolution_wh)
        return Detections(image_xyxy[keep], conf[keep], cls[keep], masks)
