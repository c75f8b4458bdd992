from __future__ import annotations

import numpy as np
import pytest

from inference.preprocess import PAD_VALUE, Letterbox, letterbox, to_tensor


@pytest.mark.parametrize(
    ("height", "width", "size"),
    [(480, 640, 416), (1440, 1920, 416), (640, 480, 416), (33, 1000, 416), (416, 416, 416), (100, 200, 64)],
)
def test_letterbox_round_trip_maps_the_image_corners_back(height: int, width: int, size: int) -> None:
    image = np.full((height, width, 3), 200, np.uint8)

    boxed, lb = letterbox(image, size)

    assert boxed.shape == (size, size, 3)
    content = np.argwhere((boxed != PAD_VALUE).any(axis=2))
    (top, left), (bottom, right) = content.min(axis=0), content.max(axis=0) + 1
    corners = np.array([[left, top, right, bottom]], np.float32)
    np.testing.assert_allclose(lb.to_image_xyxy(corners)[0], [0, 0, width, height], atol=1 / lb.scale)


def test_to_image_xyxy_clips_to_the_image() -> None:
    lb = Letterbox(scale=1.0, pad_x=10, pad_y=0, resolution_wh=(50, 40))

    out = lb.to_image_xyxy(np.array([[0, -5, 100, 100]], np.float32))

    assert out.tolist() == [[0.0, 0.0, 50.0, 40.0]]


def test_to_tensor_is_nchw_float_in_unit_range() -> None:
    tensor = to_tensor([np.full((8, 8, 3), 255, np.uint8), np.zeros((8, 8, 3), np.uint8)])

    assert tensor.shape == (2, 3, 8, 8) and tensor.dtype == np.float32
    assert tensor[0].min() == 1.0 and tensor[1].max() == 0.0
