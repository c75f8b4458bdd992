"""Detection metrics in numpy: per-class AP50 / AP50-95, precision and recall, confusion matrix.

AP follows the COCO convention Ultralytics also uses: greedy matching of
predictions (best score first) to unmatched ground truth of the same class,
COCO's 101-point interpolated precision, averaged over IoU 0.50:0.95.
(Ultralytics integrates the same curve with trapezoids, which tops out at 0.995.)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

IOU_THRESHOLDS = np.linspace(0.5, 0.95, 10)


def share(part: int, whole: int) -> str:
    """A count as a benchmark report writes it: its share of ``whole`` and the fraction ("—" of nothing).

    >>> share(3, 8), share(0, 0)
    ('37.5 % (3/8)', '—')
    """
    return f"{100 * part / whole:.1f} % ({part}/{whole})" if whole else "—"


Array = npt.NDArray[np.float64]


def box_iou(a: npt.ArrayLike, b: npt.ArrayLike) -> Array:
    """Pairwise IoU of ``(N, 4)`` and ``(M, 4)`` xyxy boxes."""
    a, b = np.asarray(a, np.float64).reshape(-1, 4), np.asarray(b, np.float64).reshape(-1, 4)
    lt = np.maximum(a[:, None, :2], b[None, :, :2])
    rb = np.minimum(a[:, None, 2:], b[None, :, 2:])
    inter = np.prod(np.clip(rb - lt, 0, None), axis=2)
    area_a = np.prod(a[:, 2:] - a[:, :2], axis=1)
    area_b = np.prod(b[:, 2:] - b[:, :2], axis=1)
    return inter / (area_a[:, None] + area_b[None, :] - inter + 1e-12)


@dataclass(frozen=True)
class ImageResult:
    """One image's predictions and ground truth, both xyxy in the same pixels."""

    pred_xyxy: Array
    pred_conf: Array
    pred_cls: npt.NDArray[np.int64]
    true_xyxy: Array
    true_cls: npt.NDArray[np.int64]


def match(result: ImageResult) -> npt.NDArray[np.bool_]:
    """``(P, 10)``: whether each prediction is a true positive at each IoU threshold."""
    if not len(result.pred_cls) or not len(result.true_cls):
        return np.zeros((len(result.pred_cls), len(IOU_THRESHOLDS)), bool)
    return match_iou(box_iou(result.pred_xyxy, result.true_xyxy), result.pred_conf, result.pred_cls, result.true_cls)


def match_iou(
    iou: Array, pred_conf: Array, pred_cls: npt.NDArray[np.int64], true_cls: npt.NDArray[np.int64]
) -> npt.NDArray[np.bool_]:
    """:func:`match` on a precomputed ``(P, T)`` IoU (boxes or masks)."""
    tp = np.zeros((len(pred_cls), len(IOU_THRESHOLDS)), bool)
    if not len(pred_cls) or not len(true_cls):
        return tp
    iou = np.array(iou, np.float64)
    iou[pred_cls[:, None] != true_cls[None, :]] = 0
    order = np.argsort(-pred_conf, kind="stable")
    for t, threshold in enumerate(IOU_THRESHOLDS):
        taken = np.zeros(len(true_cls), bool)
        for p in order:
            candidates = np.where(~taken & (iou[p] >= threshold))[0]
            if candidates.size:
                best = candidates[np.argmax(iou[p, candidates])]
                taken[best] = True
                tp[p, t] = True
    return tp


def average_precision(tp: npt.NDArray[np.bool_], conf: Array, n_true: int) -> Array:
    """AP per IoU threshold for one class (101-point interpolation); ``nan`` with no ground truth."""
    if n_true == 0:
        return np.full(len(IOU_THRESHOLDS), np.nan)
    if tp.shape[0] == 0:
        return np.zeros(len(IOU_THRESHOLDS))
    order = np.argsort(-conf, kind="stable")
    tp_cum = np.cumsum(tp[order], axis=0)
    fp_cum = np.cumsum(~tp[order], axis=0)
    recall = tp_cum / n_true
    precision = tp_cum / (tp_cum + fp_cum)
    points = np.linspace(0, 1, 101)
    ap = np.zeros(len(IOU_THRESHOLDS))
    for t in range(len(IOU_THRESHOLDS)):
        # precision at recall r = the best precision at any recall >= r (COCO's 101 points)
        envelope = np.maximum.accumulate(precision[::-1, t])[::-1]
        idx = np.searchsorted(recall[:, t], points, side="left")
        ap[t] = np.where(idx < len(envelope), envelope[np.minimum(idx, len(envelope) - 1)], 0.0).mean()
    return ap


@dataclass(frozen=True)
class ClassReport:
    instances: int
    ap50: float
    ap50_95: float
    precision: float
    recall: float


def evaluate(results: list[ImageResult], *, n_classes: int, served_confidence: float) -> list[ClassReport]:
    """Per-class AP (all scores) and precision/recall at the served confidence, IoU 0.5."""
    tp = np.concatenate([match(r) for r in results]) if results else np.zeros((0, 10), bool)
    conf = np.concatenate([r.pred_conf for r in results]) if results else np.zeros(0)
    cls = np.concatenate([r.pred_cls for r in results]) if results else np.zeros(0, np.int64)
    true_cls = np.concatenate([r.true_cls for r in results]) if results else np.zeros(0, np.int64)
    reports = []
    for c in range(n_classes):
        mine, n_true = cls == c, int((true_cls == c).sum())
        ap = average_precision(tp[mine], conf[mine], n_true)
        served = mine & (conf >= served_confidence)
        hits = int(tp[served, 0].sum())
        precision = hits / int(served.sum()) if served.any() else float("nan")
        recall = hits / n_true if n_true else float("nan")
        reports.append(ClassReport(n_true, float(ap[0]), float(np.mean(ap)), precision, recall))
    return reports


THRESHOLD_GRID = tuple(round(0.05 * k, 2) for k in range(1, 13))  # 0.05 ... 0.60


def f1_by_threshold(
    results: list[ImageResult], *, n_classes: int, grid: tuple[float, ...] = THRESHOLD_GRID
) -> list[tuple[float, float, float, float]]:
    """(threshold, precision, recall, F1) over all classes pooled (instance-weighted), IoU 0.5, for each threshold.

    >>> one = ImageResult(np.array([[0.0, 0, 10, 10], [20, 20, 30, 30]]), np.array([0.9, 0.2]), np.array([0, 0]),
    ...                   np.array([[0.0, 0, 10, 10], [20, 20, 30, 30]]), np.array([0, 0]))
    >>> [(t, round(f1, 2)) for t, _, _, f1 in f1_by_threshold([one], n_classes=1, grid=(0.1, 0.5))]
    [(0.1, 1.0), (0.5, 0.67)]
    """
    tp = np.concatenate([match(r)[:, 0] for r in results]) if results else np.zeros(0, bool)
    conf = np.concatenate([r.pred_conf for r in results]) if results else np.zeros(0)
    cls = np.concatenate([r.pred_cls for r in results]) if results else np.zeros(0, np.int64)
    n_true = sum(int((r.true_cls < n_classes).sum()) for r in results)
    rows = []
    for threshold in grid:
        kept = (conf >= threshold) & (cls < n_classes)
        hits = int(tp[kept].sum())
        precision = hits / int(kept.sum()) if kept.any() else 0.0
        recall = hits / n_true if n_true else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        rows.append((threshold, precision, recall, f1))
    return rows


def f_beta(precision: float, recall: float, beta: float = 1.0) -> float:
    """The F-score that counts recall ``beta`` times as much as precision (F1 when ``beta`` is 1).

    >>> round(f_beta(0.5, 1.0), 3), round(f_beta(0.5, 1.0, 2.0), 3), f_beta(0.0, 0.0)
    (0.667, 0.833, 0.0)
    """
    weight = beta * beta
    denominator = weight * precision + recall
    return (1 + weight) * precision * recall / denominator if denominator else 0.0


def best_threshold(rows: list[tuple[float, float, float, float]], *, beta: float = 1.0) -> float:
    """The threshold of the highest F-score (F1, or F-beta from each row's precision and recall; the
    lower threshold on a tie: it finds more).

    >>> rows = [(0.1, 0.5, 0.9, 0.64), (0.2, 0.7, 0.6, 0.65), (0.3, 0.8, 0.5, 0.65)]
    >>> best_threshold(rows), best_threshold(rows, beta=2.0)
    (0.2, 0.1)
    """
    return max(rows, key=lambda row: (round(f_beta(row[1], row[2], beta), 6), -row[0]))[0]


def confusion_matrix(results: list[ImageResult], *, n_classes: int, iou: float = 0.45) -> npt.NDArray[np.int64]:
    """``(n+1, n+1)`` counts, rows = predicted class, columns = true class; index ``n`` is background.

    Predictions and ground truth are paired by IoU regardless of class, best pairs first.
    """
    matrix = np.zeros((n_classes + 1, n_classes + 1), np.int64)
    for r in results:
        pairs = box_iou(r.pred_xyxy, r.true_xyxy) if len(r.pred_cls) and len(r.true_cls) else np.zeros((0, 0))
        used_p, used_t = set(), set()
        for p, t in sorted(zip(*np.nonzero(pairs >= iou), strict=True), key=lambda pt: -pairs[pt]):
            if p not in used_p and t not in used_t:
                used_p.add(p)
                used_t.add(t)
                matrix[r.pred_cls[p], r.true_cls[t]] += 1
        for p in set(range(len(r.pred_cls))) - used_p:
            matrix[r.pred_cls[p], n_classes] += 1
        for t in set(range(len(r.true_cls))) - used_t:
            matrix[n_classes, r.true_cls[t]] += 1
    return matrix


def missed_damages(
    results: list[ImageResult], *, served_confidence: float, iou: float = 0.5, classes: set[int] | None = None
) -> tuple[int, int]:
    """(missed, labelled): labelled damages (of ``classes``, default all) that no detection at the
    served threshold overlaps with IoU ≥ ``iou``, whatever class it names: a damage seen under the
    wrong name is still in front of the adjuster, one not seen at all is not."""
    missed = labelled = 0
    for r in results:
        wanted = np.array([classes is None or int(c) in classes for c in r.true_cls], bool)
        labelled += int(wanted.sum())
        if not wanted.any():
            continue
        kept = r.pred_xyxy[r.pred_conf >= served_confidence]
        if not len(kept):
            missed += int(wanted.sum())
            continue
        seen = (box_iou(r.true_xyxy, kept) >= iou).any(axis=1)
        missed += int((wanted & ~seen).sum())
    return missed, labelled
