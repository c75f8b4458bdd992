"""A customer's claim with photos in, and detectors that find one small or one large damage."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from inference.detections import Detections
from tests.fixtures import images
from tests.fixtures.fake_detector import CARD
from tests.fixtures.harness import Harness


class OneDamageDetector:
    """One damage of ``class_id`` covering ``share`` of each side of the photo, centred."""

    def __init__(self, *, class_id: int = 1, share: float = 0.1, confidence: float = 0.9) -> None:
        self.card = CARD
        self.class_id, self.share, self.confidence = class_id, share, confidence

    def detect(self, image_rgb: npt.NDArray[np.uint8]) -> Detections:
        height, width = image_rgb.shape[:2]
        half_w, half_h = width * self.share / 2, height * self.share / 2
        box = [width / 2 - half_w, height / 2 - half_h, width / 2 + half_w, height / 2 + half_h]
        return Detections(
            np.array([box], np.float32), np.array([self.confidence], np.float32), np.array([self.class_id])
        )

    def detect_batch(self, images_rgb: Sequence[npt.NDArray[np.uint8]]) -> list[Detections]:
        return [self.detect(image) for image in images_rgb]


def claim_with_photo(
    harness: Harness,
    customer: dict[str, str],
    *,
    zone: str = "front_bumper",
    side: str | None = None,
    amount: str = "300.00",
) -> str:
    """A claim of ``customer`` with one close-up of a damage in ``zone``."""
    claim_id = str(harness.create_claim(customer, estimated_amount={"amount": amount, "currency": "CNY"})["id"])
    response = harness.client.post(
        f"/claims/{claim_id}/photos",
        files={"file": ("p.jpg", images.unique_jpeg(), "image/jpeg")},
        data={"shot": "damage_close", "zone": zone, **({"side": side} if side else {})},
        headers=customer,
    )
    assert response.status_code == 201, response.text
    return claim_id


def submit(harness: Harness, claim_id: str, customer: dict[str, str]) -> dict[str, object]:
    """The customer's photos are in: the job, once done."""
    job = harness.follow(harness.client.post(f"/claims/{claim_id}/photos/submission", headers=customer), customer)
    assert job["status"] == "succeeded", job
    return job
