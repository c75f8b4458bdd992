"""The job contract: 202 with a job resource and its Location, the job followed to its result,
shown to the claim's owner and staff only, a problem for an unknown job."""

from __future__ import annotations

import uuid

from api.auth.roles import Role
from tests.fixtures.fake_detector import FakeDetector
from tests.fixtures.harness import Harness


def _claim_with_photo(h: Harness) -> tuple[str, dict[str, str]]:
    _, customer = h.login(Role.CUSTOMER)
    claim_id = str(h.create_claim(customer)["id"])
    assert h.upload_photo(customer, claim_id).status_code == 201
    return claim_id, customer


def test_an_assessment_answers_202_with_a_job_that_completes(harness: Harness) -> None:
    harness.state.detector, harness.state.parts = FakeDetector(), None
    claim_id, customer = _claim_with_photo(harness)
    adjuster_user, adjuster = harness.login(Role.SENIOR_ADJUSTER)

    response = harness.client.post(f"/claims/{claim_id}/assessments", headers=adjuster)

    assert response.status_code == 202, response.text
    queued = response.json()
    assert response.headers["Location"] == f"/jobs/{queued['id']}"
    assert queued["kind"] == "assessment" and queued["claim_id"] == claim_id
    assert queued["status"] in {"queued", "running", "succeeded"} and queued["max_attempts"] == 3
    job = harness.follow(response, adjuster)
    assert job["status"] == "succeeded" and job["progress"] == 1.0 and job["attempts"] == 1
    assert job["error"] is None and job["finished_at"] is not None
    assert job["result"] == f"/claims/{claim_id}/assessments/latest"
    # The owner follows the same job and reads the same result.
    assert harness.client.get(f"/jobs/{job['id']}", headers=customer).json()["status"] == "succeeded"
    result = harness.client.get(job["result"], headers=customer)
    assert result.status_code == 200 and result.json()["id"] == job["result_id"]
    # Whoever asked is told, once, in their language.
    assert _inbox(harness, adjuster_user.id) == [("job.succeeded", "智能定损已完成")]


def _inbox(h: Harness, user_id: uuid.UUID) -> list[tuple[str, str]]:
    from sqlalchemy import select

    from api.notifications.models import InboxMessage

    with h.session() as session:
        rows = session.scalars(select(InboxMessage).where(InboxMessage.user_id == user_id)).all()
        return [(row.topic.value, row.subject) for row in rows]


def test_a_job_is_not_found_for_others_and_unknown_jobs_are_problems(harness: Harness) -> None:
    harness.state.detector, harness.state.parts = FakeDetector(), None
    claim_id, _ = _claim_with_photo(harness)
    _, adjuster = harness.login(Role.SENIOR_ADJUSTER)
    _, stranger = harness.login(Role.CUSTOMER)
    job = harness.follow(harness.client.post(f"/claims/{claim_id}/assessments", headers=adjuster), adjuster)

    for url, headers in ((f"/jobs/{job['id']}", stranger), (f"/jobs/{uuid.uuid4()}", adjuster)):
        response = harness.client.get(url, headers=headers)
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["type"] == "urn:claimsight:problem:job-not-found"
    malformed = harness.client.get("/jobs/not-a-uuid", headers=adjuster)
    assert malformed.status_code == 422 and malformed.headers["content-type"] == "application/problem+json"
    assert harness.client.get(f"/jobs/{job['id']}").status_code == 401


def test_a_refused_assessment_queues_no_job(harness: Harness) -> None:
    harness.state.detector = FakeDetector()
    _, customer = harness.login(Role.CUSTOMER)
    claim_id = str(harness.create_claim(customer)["id"])  # no photo
    _, adjuster = harness.login(Role.SENIOR_ADJUSTER)
    before = harness.row_counts()

    response = harness.client.post(f"/claims/{claim_id}/assessments", headers=adjuster)

    assert response.status_code == 409 and response.json()["type"].endswith(":no-photos")
    assert "Location" not in response.headers
    assert harness.row_counts()["jobs"] == before["jobs"] == 0


def test_a_reading_is_a_job_and_an_unreadable_document_fails_it_at_once(harness: Harness) -> None:
    from tests.fixtures import images
    from tests.inference.ocr.fakes import FakeOcrEngine

    harness.state.ocr = FakeOcrEngine([])
    customer_user, customer = harness.login(Role.CUSTOMER)
    claim_id = harness.create_claim(customer)["id"]
    pdf = harness.client.post(
        f"/claims/{claim_id}/documents",
        files={"file": ("q.pdf", images.minimal_pdf(), "application/pdf")},
        headers=customer,
    )
    assert pdf.status_code == 201, pdf.text

    response = harness.client.post(f"/claims/{claim_id}/documents/{pdf.json()['id']}/readings", headers=customer)

    assert response.status_code == 202 and response.json()["kind"] == "document_reading"
    assert response.json()["document_id"] == pdf.json()["id"]
    job = harness.follow(response, customer)
    # A client error is not retried: the same file fails the same way every time.
    assert job["status"] == "failed" and job["attempts"] == 1 and job["result"] is None
    assert job["error"]["type"] == "urn:claimsight:problem:unreadable-document" and job["error"]["status"] == 415
    assert ("job.failed", "单证识别未能完成") in _inbox(harness, customer_user.id)


def test_prefer_wait_answers_once_the_job_is_done(harness: Harness) -> None:
    harness.state.detector, harness.state.parts = FakeDetector(), None
    claim_id, _ = _claim_with_photo(harness)
    _, adjuster = harness.login(Role.SENIOR_ADJUSTER)

    response = harness.client.post(
        f"/claims/{claim_id}/assessments", headers={**adjuster, "Prefer": "respond-async, wait=30"}
    )

    assert response.status_code == 202 and response.headers["Preference-Applied"] == "wait=30"
    assert response.json()["status"] == "succeeded" and "Retry-After" not in response.headers
