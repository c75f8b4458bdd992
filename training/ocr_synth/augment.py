"""Turn a clean render into a phone photo or a photocopy: background, perspective, turns, blur, noise."""

from __future__ import annotations

import io
import random
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image


@dataclass(frozen=True)
class Degradation:
    """What was done to a render (recorded beside the ground truth)."""

    quarter_turns: int  # np.rot90 turns applied; turning back by -k makes it upright
    skew_degrees: float
    photocopy: bool
    blur_sigma: float
    jpeg_quality: int


def degrade(
    image: Image.Image,
    rng: random.Random,
    *,
    max_side: int = 1400,
    turns: int | None = None,
    photocopy: bool | None = None,
    severity: float = 1.0,
) -> tuple[Image.Image, Degradation]:
    """A photographed (or photocopied) version of ``image`` with its recipe."""
    nprng = np.random.default_rng(rng.randrange(2**32))
    doc = np.asarray(image.convert("RGB"), np.float32)
    h, w = doc.shape[:2]
    photocopy = rng.random() < 0.25 if photocopy is None else photocopy
    if photocopy:
        grey = doc @ np.array([0.299, 0.587, 0.114], np.float32)
        grey = np.clip((grey - 40) * 1.25, 0, 255)
        grey[nprng.random(grey.shape) < 0.002] = 0  # toner specks
        doc = np.repeat(grey[..., None], 3, axis=2)
    # lighting gradient
    gx = np.linspace(rng.uniform(0.85, 1.0), rng.uniform(0.9, 1.05), w, dtype=np.float32)
    doc = np.clip(doc * gx[None, :, None], 0, 255)
    margin = int(0.08 * max(w, h))
    table = np.array([rng.randrange(60, 160) for _ in range(3)], np.float32)
    canvas_w, canvas_h = w + 2 * margin, h + 2 * margin
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
    jitter = 0.035 * severity * min(w, h)
    dst = src + margin + nprng.uniform(-jitter, jitter, (4, 2)).astype(np.float32)
    skew = rng.uniform(-5, 5)
    centre = np.array([canvas_w / 2, canvas_h / 2], np.float32)
    theta = np.deg2rad(skew)
    rot = np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]], np.float32)
    dst = ((dst - centre) @ rot.T + centre).astype(np.float32)
    matrix = cv2.getPerspectiveTransform(src, dst.astype(np.float32))
    background = np.empty((canvas_h, canvas_w, 3), np.float32)
    background[:] = table
    warped = cv2.warpPerspective(
        doc,
        matrix,
        (canvas_w, canvas_h),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=(-1, -1, -1),
    )
    photo = np.where(warped < 0, background, warped)
    sigma = rng.uniform(0.0, 1.3) * severity
    if sigma > 0.3:
        photo = cv2.GaussianBlur(photo, (0, 0), sigma)
    photo = photo + nprng.normal(0, rng.uniform(2, 8) * severity, photo.shape).astype(np.float32)
    photo = np.clip(photo, 0, 255).astype(np.uint8)
    scale = max_side / severity**0.5 / max(photo.shape[:2])
    if scale < 1:
        photo = cv2.resize(photo, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    if turns is None:
        turns = rng.choices((0, 1, 2, 3), weights=(0.55, 0.15, 0.15, 0.15))[0]
    photo = np.ascontiguousarray(np.rot90(photo, turns))
    quality = max(20, int(rng.randrange(55, 92) / severity))
    buffer = io.BytesIO()
    Image.fromarray(photo).save(buffer, "JPEG", quality=quality)
    out = Image.open(io.BytesIO(buffer.getvalue()))
    out.load()
    return out, Degradation(turns, round(skew, 2), photocopy, round(sigma, 2), quality)
