from __future__ import annotations

from enum import StrEnum


class FraudSignal(StrEnum):
    DUPLICATE_PHOTO = "duplicate_photo"  # same or near-same photo in another customer's claim
    REUSED_PHOTO = "reused_photo"  # same or near-same photo in another claim of the same customer
    CAPTURED_AFTER_REPORT = "captured_after_report"  # EXIF capture time after the report
    CAPTURED_BEFORE_POLICY = "captured_before_policy"  # EXIF capture time before policy start
