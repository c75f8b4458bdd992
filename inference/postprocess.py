"""Decode detector outputs into boxes in model-input pixels.

Two output layouts are read: YOLO26's NMS-free ``(B, K, 6)`` rows of
``x1, y1, x2, y2, score, class``, and the classic ``(B, 4 + nc, anchors)``
layout of centre boxes plus class scores, which needs non-maximum suppression.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import numpy.typing as npt

OutputFormat = Literal["end2end", "raw"]
Decoded = tuple[npt.NDArray[np.float32], npt.NDArray[np.float32], npt.NDArray[np.int64]]


def _proper(xyxy: npt.NDArray[np.float32]) -> npt.NDArray[np.bool_]:
    """Rows whose box has a positive width and height (low-score rows can be inverted)."""
    return (xyxy[:, 2] > xyxy[:, 0]) & (xyxy[:, 3] > xyxy[:, 1])


def decode_end2end(output: npt.NDArray[np.float32], *, confidence: float) -> list[Decoded]:
    """``(B, K, 6)`` NMS-free rows → per image ``(xyxy, confidence, class_id)`` above ``confidence``.

    >>> out = np.array([[[1, 2, 3, 4, 0.9, 2], [0, 0, 1, 1, 0.1, 0]]], np.float32)
    >>> [a.tolist() for a in decode_end2end(out, confidence=0.25)[0]]
    [[[1.0, 2.0, 3.0, 4.0]], [0.8999999761581421], [2]]
    """
    if output.ndim != 3 or output.shape[2] < 6:
        raise ValueError(f"expected (B, K, 6) end-to-end output, got {output.shape}")
    decoded: list[Decoded] = []
    for rows in output:
        keep = (rows[:, 4] >= confidence) & _proper(rows[:, :4])
        rows = rows[keep]
        order = np.argsort(-rows[:, 4], kind="stable")
        rows = rows[order]
        decoded.append((rows[:, :4].astype(np.float32), rows[:, 4].astype(np.float32), rows[:, 5].astype(np.int64)))
    return decoded


def decode_raw(
    output: npt.NDArray[np.float32], *, confidence: float, iou: float = 0.7, max_det: int = 300
) -> list[Decoded]:
    """``(B, 4 + nc, anchors)`` centre boxes and class scores → per-class NMS'd detections."""
    if output.ndim != 3 or output.shape[1] < 5:
        raise ValueError(f"expected (B, 4 + nc, anchors) output, got {output.shape}")
    decoded: list[Decoded] = []
    for pred in output:
        scores_all = pred[4:].T
        class_id = scores_all.argmax(axis=1)
        scores = scores_all[np.arange(len(class_id)), class_id]
        keep = (scores >= confidence) & (pred[2] > 0) & (pred[3] > 0)
        cx, cy, w, h = pred[:4, keep]
        xyxy = np.stack([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], axis=1).astype(np.float32)
        scores, class_id = scores[keep].astype(np.float32), class_id[keep].astype(np.int64)
        kept = nms(xyxy, scores, class_id, iou=iou)[:max_det]
        decoded.append((xyxy[kept], scores[kept], class_id[kept]))
    return decoded


def nms(
    xyxy: npt.NDArray[np.float32], scores: npt.NDArray[np.float32], class_id: npt.NDArray[np.int64], *, iou: float
) -> npt.NDArray[np.int64]:
    """Indices kept by class-aware non-maximum suppression, best score first.

    >>> boxes = np.array([[0, 0, 10, 10], [1, 1, 10, 10], [0, 0, 10, 10]], np.float32)
    >>> nms(boxes, np.array([0.9, 0.8, 0.7], np.float32), np.array([0, 0, 1]), iou=0.5).tolist()
    [0, 2]
    """
    if len(xyxy) == 0:
        return np.zeros(0, np.int64)
    # Offsetting each class far apart makes one pass class-aware.
    shifted = xyxy + (class_id.astype(np.float32) * (float(xyxy.max()) + 1.0))[:, None]
    order = np.argsort(-scores, kind="stable")
    area = (shifted[:, 2] - shifted[:, 0]) * (shifted[:, 3] - shifted[:, 1])
    kept: list[int] = []
    while order.size:
        best, rest = order[0], order[1:]
        kept.append(int(best))
        lt = np.maximum(shifted[best, :2], shifted[rest, :2])
        rb = np.minimum(shifted[best, 2:], shifted[rest, 2:])
        inter = np.prod(np.clip(rb - lt, 0, None), axis=1)
        overlap = inter / (area[best] + area[rest] - inter + 1e-9)
        order = rest[overlap <= iou]
    return np.array(kept, np.int64)


def decode(output: npt.NDArray[np.float32], *, fmt: OutputFormat, confidence: float) -> list[Decoded]:
    """Dispatch on the card's output format."""
    if fmt == "end2end":
        return decode_end2end(output, confidence=confidence)
    return decode_raw(output, confidence=confidence)
