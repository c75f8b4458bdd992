"""The claim page follows a job: the adjuster's "run the assessment" queues it (the API's own
service), the page shows it running and refreshes itself (a meta refresh: no inline script),
then shows the findings and stops refreshing."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt

from api.auth.roles import Role
from inference.detections import Detections
from tests.fixtures.fake_detector import FakeDetector
from tests.fixtures.harness import Harness

CSRF = "claimsight_csrf"
REFRESH = '<meta http-equiv="refresh" content="2; url=/web/claims/'  # the page's own path, no #jobs


def test_the_claim_page_follows_the_assessment_job(web_harness: Harness, sign_in: Callable[..., Any]) -> None:
    h = web_harness
    gate = threading.Event()

    class Held(FakeDetector):
        def detect(self, image_rgb: npt.NDArray[np.uint8]) -> Detections:
            assert gate.wait(timeout=30)
            return super().detect(image_rgb)

    _, customer = h.login(Role.CUSTOMER)
    claim_id = h.create_claim(customer)["id"]
    assert h.upload_photo(customer, claim_id).status_code == 201
    h.state.detector, h.state.parts = Held(), None
    sign_in(h.user(Role.SENIOR_ADJUSTER))

    answer = h.client.post(f"/web/claims/{claim_id}/assess", data={"csrf_token": h.client.cookies[CSRF]})

    assert answer.status_code == 303 and answer.headers["location"] == f"/web/claims/{claim_id}#jobs"
    try:
        page = h.client.get(f"/web/claims/{claim_id}").text
        assert REFRESH in page and "AI定损" in page
        assert 'data-status="queued"' in page or 'data-status="running"' in page
        assert "<script" not in page
    finally:
        gate.set()
    h.wait_for_jobs()
    page = h.client.get(f"/web/claims/{claim_id}").text
    assert REFRESH not in page and 'data-status="succeeded"' in page and "已完成" in page
    assert 'data-testid="findings"' in page and "凹陷" in page
    english = h.client.get(f"/web/claims/{claim_id}?lang=en").text
    assert "AI assessment" in english and "Done" in english
