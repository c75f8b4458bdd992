"""Paste real damage onto the body panels of whole-car photos: medium and wide views with known labels.

A donor is one labelled damage polygon of a close-up (lensor dent/scratch, capstone lamp/windscreen).
It is cut out with its polygon, scaled relative to a target panel of a whole-car photo (a DSMLR part
polygon of a panel that damage type can be on), placed where the whole cut-out lies inside the panel
polygon, clipped to the panel and blended (Poisson ``seamlessClone``; alpha feathering where the
clone cannot run). Its label is the bounding box of the pasted mask, so it is right by construction.
Everything random comes from one ``random.Random`` the caller seeds: the same seed, the same images.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import cv2
import numpy as np

# Which whole-car panels (DSMLR class names) each damage class may be pasted on.
PANELS: dict[str, tuple[str, ...]] = {
    "dent": (
        "front_bumper",
        "back_bumper",
        "hood",
        "trunk",
        "tailgate",
        "front_left_door",
        "front_right_door",
        "back_left_door",
        "back_right_door",
    ),
    "scratch": (
        "front_bumper",
        "back_bumper",
        "hood",
        "trunk",
        "tailgate",
        "front_left_door",
        "front_right_door",
        "back_left_door",
        "back_right_door",
    ),
    "lamp_broken": ("front_left_light", "front_right_light", "back_left_light", "back_right_light"),
    "glass_shatter": ("front_glass", "back_glass"),
}
# Size of the pasted damage relative to the panel's bounding box (longest side), per class.
SCALE: dict[str, tuple[float, float]] = {
    "dent": (0.15, 0.4),
    "scratch": (0.2, 0.6),
    "lamp_broken": (0.7, 1.0),
    "glass_shatter": (0.7, 1.0),
}
MIN_PANEL_PIXELS = 24 * 24
MIN_PASTE_SIDE = 8
PLACEMENT_TRIES = 30


@dataclass(frozen=True)
class Donor:
    """One damage instance: its image (BGR), its polygon in pixels and its class."""

    image: np.ndarray
    polygon: np.ndarray  # (n, 2) float pixels
    class_name: str


@dataclass(frozen=True)
class Paste:
    """Where a donor landed: its box (x0, y0, x1, y1 pixels, exclusive end) and how it was blended."""

    class_name: str
    box: tuple[int, int, int, int]
    scale: float
    offset: tuple[int, int]
    method: str


def polygon_mask(shape: tuple[int, int], polygon: np.ndarray) -> np.ndarray:
    """A uint8 mask (0/255) of ``polygon`` (pixels) on an image of ``shape`` (h, w)."""
    mask = np.zeros(shape, np.uint8)
    cv2.fillPoly(mask, [np.round(polygon).astype(np.int32)], 255)
    return mask


def cut_out(donor: Donor, scale: float) -> tuple[np.ndarray, np.ndarray]:
    """The donor's polygon crop (BGR) and its mask, resized by ``scale``."""
    h, w = donor.image.shape[:2]
    x0, y0 = np.floor(donor.polygon.min(axis=0)).astype(int)
    x1, y1 = np.ceil(donor.polygon.max(axis=0)).astype(int)
    x0, y0, x1, y1 = max(0, x0), max(0, y0), min(w, x1 + 1), min(h, y1 + 1)
    patch = donor.image[y0:y1, x0:x1]
    mask = polygon_mask((h, w), donor.polygon)[y0:y1, x0:x1]
    size = (max(1, round((x1 - x0) * scale)), max(1, round((y1 - y0) * scale)))
    interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
    patch = cv2.resize(patch, size, interpolation=interp)
    mask = cv2.resize(mask, size, interpolation=cv2.INTER_NEAREST)
    return patch, mask


def blend(base: np.ndarray, patch: np.ndarray, mask: np.ndarray, x: int, y: int) -> tuple[np.ndarray, str]:
    """``patch`` blended into ``base`` under ``mask`` at top-left (x, y); pixels outside the mask are kept."""
    ph, pw = mask.shape
    out = base.copy()
    region = out[y : y + ph, x : x + pw]
    method = "seamless"
    try:
        # Poisson blending needs a zero border round the mask and the mask away from the image edge.
        if x < 2 or y < 2 or x + pw > base.shape[1] - 2 or y + ph > base.shape[0] - 2:
            raise cv2.error("too close to the edge")
        padded = cv2.copyMakeBorder(patch, 2, 2, 2, 2, cv2.BORDER_REFLECT)
        padded_mask = cv2.copyMakeBorder(mask, 2, 2, 2, 2, cv2.BORDER_CONSTANT, value=0)
        ys, xs = np.nonzero(padded_mask)
        centre = (x - 2 + (xs.min() + xs.max() + 1) // 2, y - 2 + (ys.min() + ys.max() + 1) // 2)
        cloned = cv2.seamlessClone(padded, base, padded_mask, centre, cv2.NORMAL_CLONE)
        inside = mask > 0
        region[inside] = cloned[y : y + ph, x : x + pw][inside]
    except cv2.error:
        method = "feather"
        alpha = cv2.GaussianBlur(mask.astype(np.float32) / 255, (5, 5), 0) * (mask > 0)
        region[:] = (region * (1 - alpha[..., None]) + patch * alpha[..., None]).astype(np.uint8)
    return out, method


def paste(base: np.ndarray, panel: np.ndarray, donor: Donor, rng: random.Random) -> tuple[np.ndarray, Paste] | None:
    """Paste ``donor`` inside the panel polygon ``panel`` (pixels) of ``base``; None when it cannot fit."""
    h, w = base.shape[:2]
    panel_mask = polygon_mask((h, w), panel)
    if int(np.count_nonzero(panel_mask)) < MIN_PANEL_PIXELS:
        return None
    px0, py0 = panel.min(axis=0)
    px1, py1 = panel.max(axis=0)
    dx0, dy0 = donor.polygon.min(axis=0)
    dx1, dy1 = donor.polygon.max(axis=0)
    low, high = SCALE[donor.class_name]
    fraction = rng.uniform(low, high)
    scale = fraction * max(px1 - px0, py1 - py0) / max(dx1 - dx0, dy1 - dy0, 1.0)
    for _ in range(4):  # shrink until the cut-out fits inside the panel
        patch, mask = cut_out(donor, scale)
        ph, pw = mask.shape
        if min(ph, pw) < MIN_PASTE_SIDE:
            return None
        for _ in range(PLACEMENT_TRIES):
            x = rng.randint(int(px0), max(int(px0), int(px1) - pw))
            y = rng.randint(int(py0), max(int(py0), int(py1) - ph))
            if x < 0 or y < 0 or x + pw > w or y + ph > h:
                continue
            inside = mask > 0
            covered = panel_mask[y : y + ph, x : x + pw][inside] > 0
            if covered.mean() < 0.97:
                continue
            clipped = np.where(panel_mask[y : y + ph, x : x + pw] > 0, mask, 0).astype(np.uint8)
            out, method = blend(base, patch, clipped, x, y)
            ys, xs = np.nonzero(clipped)
            box = (x + int(xs.min()), y + int(ys.min()), x + int(xs.max()) + 1, y + int(ys.max()) + 1)
            return out, Paste(donor.class_name, box, round(scale, 4), (x, y), method)
        scale *= 0.75
    return None
