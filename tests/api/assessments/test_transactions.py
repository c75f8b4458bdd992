"""The models run with no transaction open (STYLE 20): a short transaction moves the claim to
'assessing' and reads its photos, the models run, a second short transaction stores the
findings. While they run, other requests read and write freely; when they fail, the claim is
back to 'submitted', the job is tried again, and its last failure is the job's problem."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import select

from api.auth.roles import Role
from api.db.models import AuditEvent, Claim
from api.db.models.assessment import Assessment
from api.workflow.states import ClaimState
from inference.detections import Detections
from tests.fixtures.fake_detector import FakeDetector
from tests.fixtures.harness import Harness


class ProbingDetector(FakeDetector):
    """While it runs, looks at the database from another session, as another request would."""

    def __init__(self, harness: Harness, claim_id: str) -> None:
        super().__init__()
        self.harness, self.claim_id = harness, uuid.UUID(claim_id)
        self.seen: list[ClaimState] = []

    def detect(self, image_rgb: npt.NDArray[np.uint8]) -> Detections:
        # A writer's transaction, on this same thread: it would wait for (or, on SQLite, time
        # out on) any lock the assessment held.
        with self.harness.session() as session:
            claim = session.get(Claim, self.claim_id)
            assert claim is not None
            self.seen.append(claim.state)
            claim.description = "edited by someone else while the models ran"
        return super().detect(image_rgb)


class BrokenDetector(FakeDetector):
    def detect(self, image_rgb: npt.NDArray[np.uint8]) -> Detections:
        raise RuntimeError("onnxruntime: out of memory")

    def detect_batch(self, images_rgb: Sequence[npt.NDArray[np.uint8]]) -> list[Detections]:
        raise RuntimeError("onnxruntime: out of memory")


def _claim_with_photos(h: Harness, n: int = 2) -> tuple[str, dict[str, str]]:
    _, customer = h.login(Role.CUSTOMER)
    claim_id = str(h.create_claim(customer)["id"])
    for _ in range(n):
        assert h.upload_photo(customer, claim_id).status_code == 201
    _, adjuster = h.login(Role.SENIOR_ADJUSTER)
    return claim_id, adjuster


def test_no_transaction_is_open_while_the_models_run(harness: Harness) -> None:
    claim_id, adjuster = _claim_with_photos(harness)
    # A detector that writes the claim itself: the claim's version moves on, so the run's
    # second transaction must notice (409) rather than store findings over the change.
    harness.state.parts = None
    probe = ProbingDetector(harness, claim_id)
    harness.state.detector = probe
    job = harness.follow(harness.client.post(f"/claims/{claim_id}/assessments", headers=adjuster), adjuster)
    # The other session saw the committed 'assessing' state, at once, on every photo of both
    # attempts: the first stored nothing (the claim changed under it, 409) and was tried again;
    # the second, the claim unchanged meanwhile (the same edit again writes nothing), stored.
    assert probe.seen == [ClaimState.ASSESSING] * 2 * 2, job
    assert job["status"] == "succeeded" and job["attempts"] == 2 and job["error"] is None
    with harness.session() as session:
        assert len(session.scalars(select(Assessment)).all()) == 1
        claim = session.get(Claim, uuid.UUID(claim_id))
        assert claim is not None and claim.description == "edited by someone else while the models ran"


def test_findings_are_stored_and_the_claim_moves_to_review(harness: Harness) -> None:
    claim_id, adjuster = _claim_with_photos(harness)
    harness.state.detector, harness.state.parts = FakeDetector(), None
    response = harness.assess(claim_id, adjuster)
    assert response.status_code == 200, response.text
    assert sum(len(p["findings"]) for p in response.json()["photos"]) == 2
    assert harness.client.get(f"/claims/{claim_id}", headers=adjuster).json()["state"] == "under_review"


def test_a_model_failure_puts_the_claim_back_and_the_job_fails_with_a_problem(harness: Harness) -> None:
    claim_id, adjuster = _claim_with_photos(harness)
    harness.state.detector, harness.state.parts = BrokenDetector(), None
    job = harness.follow(harness.client.post(f"/claims/{claim_id}/assessments", headers=adjuster), adjuster)
    assert job["status"] == "failed" and job["attempts"] == 3 and job["result"] is None
    assert job["error"]["type"].endswith(":assessment-failed") and job["error"]["status"] == 503
    assert "out of memory" not in str(job)
    with harness.session() as session:
        moves = session.execute(
            select(AuditEvent.from_state, AuditEvent.to_state)
            .where(AuditEvent.claim_id == uuid.UUID(claim_id), AuditEvent.from_state.is_not(None))
            .order_by(AuditEvent.at)
        ).all()
        # Each of the three attempts moved the claim to 'assessing' and back.
        assert [tuple(m) for m in moves] == [
            (ClaimState.SUBMITTED, ClaimState.ASSESSING),
            (ClaimState.ASSESSING, ClaimState.SUBMITTED),
        ] * 3
        assert session.scalars(select(Assessment)).all() == []
    # The claim can be assessed again once the models work.
    harness.state.detector = FakeDetector()
    assert harness.assess(claim_id, adjuster).status_code == 200


def test_a_second_request_while_the_job_runs_answers_the_same_job(harness: Harness) -> None:
    claim_id, adjuster = _claim_with_photos(harness, n=1)
    answers: list[Any] = []

    class Reentrant(FakeDetector):
        def detect(self, image_rgb: npt.NDArray[np.uint8]) -> Detections:
            if not answers:
                answers.append(harness.client.post(f"/claims/{claim_id}/assessments", headers=adjuster))
            return super().detect(image_rgb)

    harness.state.detector, harness.state.parts = Reentrant(), None
    first = harness.client.post(f"/claims/{claim_id}/assessments", headers=adjuster)
    assert harness.follow(first, adjuster)["status"] == "succeeded"
    (second,) = answers
    assert second.status_code == 202 and second.headers["Location"] == first.headers["Location"]
    with harness.session() as session:
        assert len(session.scalars(select(Assessment)).all()) == 1


def test_a_photo_removed_while_the_models_run_is_left_out_by_the_next_attempt(harness: Harness) -> None:
    """A re-run under review has no 'assessing' state to refuse the removal: the second step
    notices the photo is gone (no finding may point at a removed photo), stores nothing, and
    the next attempt assesses the photos there are."""
    from api.db.models import Photo

    claim_id, adjuster = _claim_with_photos(harness)
    _set_under_review(harness, claim_id)
    removed: list[uuid.UUID] = []
    once = threading.Lock()  # the photos of a job are analysed side by side: one removes

    class Remover(FakeDetector):
        def detect(self, image_rgb: npt.NDArray[np.uint8]) -> Detections:
            with once:
                if removed:
                    return super().detect(image_rgb)
                with harness.session() as session:
                    photo = session.scalars(select(Photo).where(Photo.claim_id == uuid.UUID(claim_id))).first()
                    assert photo is not None
                    removed.append(photo.id)
                    session.delete(photo)
            return super().detect(image_rgb)

    harness.state.detector, harness.state.parts = Remover(), None
    job = harness.follow(harness.client.post(f"/claims/{claim_id}/assessments", headers=adjuster), adjuster)
    assert job["status"] == "succeeded" and job["attempts"] == 2, job
    with harness.session() as session:
        (assessment,) = session.scalars(select(Assessment)).all()
        assert assessment.photo_count == 1 and removed[0] not in {f.photo_id for f in assessment.findings}


def _set_under_review(h: Harness, claim_id: str) -> None:
    with h.session() as session:
        claim = session.get(Claim, uuid.UUID(claim_id))
        assert claim is not None
        claim.state = ClaimState.UNDER_REVIEW
