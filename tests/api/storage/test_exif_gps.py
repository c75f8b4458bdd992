"""Stored photos never carry their GPS position; the position is kept as a claim field only
when the customer consents at upload."""

from __future__ import annotations

import io
from datetime import datetime

import numpy as np
import pytest
from PIL import Image

from api.auth.roles import Role
from tests.fixtures import images
from tests.fixtures.harness import Harness

GPS_IFD = 0x8825
SHANGHAI = (31.2304, 121.4737)


def _dms(value: float) -> tuple[float, float, float]:
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = round(((value - degrees) * 60 - minutes) * 60, 2)
    return (float(degrees), float(minutes), seconds)


def _with_gps(fmt: str = "JPEG", *, orientation: int | None = None) -> bytes:
    exif = Image.Exif()
    exif.get_ifd(images.EXIF_IFD)[images.DATETIME_ORIGINAL] = datetime(2026, 11, 20, 9, 0).strftime("%Y:%m:%d %H:%M:%S")
    if orientation is not None:
        exif[images.ORIENTATION] = orientation
    gps = exif.get_ifd(GPS_IFD)
    gps[1], gps[2] = "N", _dms(SHANGHAI[0])
    gps[3], gps[4] = "E", _dms(SHANGHAI[1])
    buffer = io.BytesIO()
    images.pattern(71, (480, 320)).save(
        buffer, format=fmt, exif=exif.tobytes(), **({"quality": 90} if fmt == "JPEG" else {})
    )
    return buffer.getvalue()


def _stored(harness: Harness, photo: dict[str, object]) -> bytes:
    return harness.state.blobs.read(str(photo["sha256"]))


@pytest.mark.parametrize(("fmt", "orientation"), [("JPEG", None), ("PNG", None), ("WEBP", None), ("JPEG", 6)])
def test_the_stored_photo_has_no_gps_but_keeps_its_capture_time(
    harness: Harness, fmt: str, orientation: int | None
) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    _, adjuster = harness.login(Role.SENIOR_ADJUSTER)
    claim = harness.create_claim(customer)
    data = _with_gps(fmt, orientation=orientation)
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(GPS_IFD)  # the upload carries a position

    response = harness.upload_photo(customer, claim["id"], data)

    assert response.status_code == 201, response.text
    stored = _stored(harness, response.json())
    assert not Image.open(io.BytesIO(stored)).getexif().get_ifd(GPS_IFD)
    assert response.json()["captured_at"] is not None
    staff_view = harness.client.get(f"/claims/{claim['id']}", headers=adjuster).json()
    assert staff_view["location"] is None  # no consent: no position kept anywhere


def test_a_jpeg_keeps_its_pixels_exactly_when_gps_is_removed(harness: Harness) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    claim = harness.create_claim(customer)
    data = _with_gps("JPEG")

    stored = _stored(harness, harness.upload_photo(customer, claim["id"], data).json())

    assert np.array_equal(np.asarray(Image.open(io.BytesIO(stored))), np.asarray(Image.open(io.BytesIO(data))))


def test_with_consent_the_position_is_kept_on_the_claim_only(harness: Harness) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    _, adjuster = harness.login(Role.SENIOR_ADJUSTER)
    claim = harness.create_claim(customer)

    response = harness.client.post(
        f"/claims/{claim['id']}/photos",
        files={"file": ("p.jpg", _with_gps("JPEG"), "image/jpeg")},
        data={"share_location": "true"},
        headers=customer,
    )

    assert response.status_code == 201, response.text
    assert not Image.open(io.BytesIO(_stored(harness, response.json()))).getexif().get_ifd(GPS_IFD)
    location = harness.client.get(f"/claims/{claim['id']}", headers=adjuster).json()["location"]
    assert location["lat"] == pytest.approx(SHANGHAI[0], abs=1e-3)
    assert location["lon"] == pytest.approx(SHANGHAI[1], abs=1e-3)
