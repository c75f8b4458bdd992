"""Letterbox photos into the model's square input, and map boxes back."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

PAD_VALUE = 114


@dataclass(frozen=True)
class Letterbox:
    """How an image was fitted into the model input: ``input = image * scale + (pad_x, pad_y)``."""

    scale: float
    pad_x: int
    pad_y: int
    resolution_wh: tuple[int, int]

    def to_image_xyxy(self, xyxy: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        """Boxes in model-input pixels → boxes in original-image pixels, clipped to the image.

        >>> lb = Letterbox(scale=0.5, pad_x=0, pad_y=10, resolution_wh=(100, 60))
        >>> lb.to_image_xyxy(np.array([[0, 10, 50, 40]], np.float32)).tolist()
        [[0.0, 0.0, 100.0, 60.0]]
        """
        out = np.asarray(xyxy, np.float32).reshape(-1, 4).copy()
        out[:, [0, 2]] = (out[:, [0, 2]] - self.pad_x) / self.scale
        out[:, [1, 3]] = (out[:, [1, 3]] - self.pad_y) / self.scale
        width, height = self.resolution_wh
        out[:, [0, 2]] = out[:, [0, 2]].clip(0, width)
        out[:, [1, 3]] = out[:, [1, 3]].clip(0, height)
        return out


def letterbox(image_rgb: npt.NDArray[np.uint8], size: int) -> tuple[npt.NDArray[np.uint8], Letterbox]:
    """Resize keeping the aspect ratio and pad to ``size``×``size``, as Ultralytics does.

    >>> img, lb = letterbox(np.zeros((100, 200, 3), np.uint8), 64)
    >>> img.shape, lb.scale, lb.pad_y
    ((64, 64, 3), 0.32, 16)
    """
    height, width = image_rgb.shape[:2]
    scale = min(size / height, size / width)
    new_w, new_h = round(width * scale), round(height * scale)
    resized = (
        image_rgb
        if (new_w, new_h) == (width, height)
        else cv2.resize(image_rgb, (new_w, new_h), interpolation=cv2.INTER_LINEAR)
    )
    dw, dh = (size - new_w) / 2, (size - new_h) / 2
    top, left = round(dh - 0.1), round(dw - 0.1)
    bottom, right = size - new_h - top, size - new_w - left
    padded = cv2.copyMakeBorder(resized, top, bottom, left, right, cv2.BORDER_CONSTANT, value=(PAD_VALUE,) * 3)
    return padded.astype(np.uint8, copy=False), Letterbox(
        scale=scale, pad_x=left, pad_y=top, resolution_wh=(width, height)
    )


def to_tensor(batch_rgb: list[npt.NDArray[np.uint8]]) -> npt.NDArray[np.float32]:
    """Letterboxed ``(H, W, 3)`` uint8 images → ``(B, 3, H, W)`` float32 in [0, 1]."""
    stacked = np.stack(batch_rgb).astype(np.float32) / 255.0
    return np.ascontiguousarray(stacked.transpose(0, 3, 1, 2))
