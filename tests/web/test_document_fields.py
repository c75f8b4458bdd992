"""The customer's document form: plate and VIN are read-only, and a forged change is refused."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from api.auth.roles import Role
from tests.fixtures import images
from tests.fixtures.harness import Harness

CSRF = "claimsight_csrf"


def test_a_customer_cannot_change_the_plate_on_the_page(web_harness: Harness, sign_in: Callable[..., Any]) -> None:
    from api.db.models.ocr import FieldCorrection
    from tests.inference.ocr.fakes import FakeOcrEngine
    from tests.inference.ocr.test_extract import VEHICLE_ROWS

    h = web_harness
    h.state.ocr = FakeOcrEngine(VEHICLE_ROWS)
    sign_in(h.user(Role.CUSTOMER))
    report = {
        "csrf_token": h.client.cookies[CSRF],
        "policy_number": "PDAA202611000001",
        "policy_start": "2026-01-01",
        "accident_at": "2026-11-20T09:30",
        "description": "后保险杠刮擦",
        "estimated_amount": "800",
    }
    claim_path = h.client.post("/web/claims/new", data=report).headers["location"]
    uploaded = h.client.post(
        f"{claim_path}/documents",
        data={"csrf_token": h.client.cookies[CSRF], "kind": "vehicle_licence"},
        files={"file": ("v.png", images.png(size=(1000, 700)), "image/png")},
    )
    assert uploaded.status_code == 303, uploaded.text
    h.wait_for_jobs()  # the upload queued the reading; the page shows it once done
    page = h.client.get(claim_path).text
    plate_input = page.split('name="field.plate"')[1].split(">")[0]
    assert "readonly" in plate_input
    assert "ask the adjuster" in h.client.get(f"{claim_path}?lang=en").text
    action = page.split('data-testid="prefilled"')[0].rsplit('action="', 1)[1].split('"')[0]

    response = h.client.post(action, data={"csrf_token": h.client.cookies[CSRF], "field.plate": "沪Z99999"})

    assert response.status_code == 403
    with h.session() as session:
        assert session.scalars(select(FieldCorrection)).all() == []
