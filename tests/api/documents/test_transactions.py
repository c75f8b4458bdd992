"""OCR runs with no transaction open: the document is found in a short read, OCR runs, a short
transaction stores the reading — through the API and through the page's upload."""

from __future__ import annotations

import time
import uuid
from typing import Any

from sqlalchemy import select

from api.auth.roles import Role
from api.db.models import Claim, Document
from api.db.models.ocr import DocumentReading
from api.jobs.models import Job
from api.jobs.states import JobStatus
from tests.fixtures import images
from tests.fixtures.harness import Harness
from tests.inference.ocr.fakes import FakeOcrEngine
from tests.inference.ocr.test_extract import ID_FRONT_MERGED


class ProbingOcr(FakeOcrEngine):
    """While OCR reads, another writer changes the claim (it would wait on any lock held)."""

    def __init__(self, harness: Harness, claim_id: str) -> None:
        super().__init__(ID_FRONT_MERGED)
        self.harness, self.claim_id, self.writes = harness, uuid.UUID(claim_id), 0

    def read(self, image: Any) -> Any:
        with self.harness.session() as session:
            claim = session.get(Claim, self.claim_id)
            assert claim is not None
            claim.description = f"edited while OCR ran ({self.writes})"
            self.writes += 1
        return super().read(image)


def _upload(h: Harness, headers: dict[str, str], claim_id: str) -> str:
    uploaded = h.client.post(
        f"/claims/{claim_id}/documents",
        files={"file": ("id.png", images.png(size=(1000, 700)), "image/png")},
        data={"kind": "id_card"},
        headers=headers,
    )
    assert uploaded.status_code == 201, uploaded.text
    return str(uploaded.json()["id"])


def test_the_reading_api_holds_no_lock_while_ocr_runs(harness: Harness) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    claim_id = harness.create_claim(customer)["id"]
    document_id = _upload(harness, customer, claim_id)
    probe = ProbingOcr(harness, claim_id)
    harness.state.ocr = probe
    response = harness.read_document(claim_id, document_id, customer)
    assert response.status_code == 200, response.text
    assert probe.writes >= 1
    fields = {f["name"]: f["value"] for f in response.json()["fields"]}
    assert fields["id_number"] == "310115198503071230"


def test_the_page_upload_commits_the_document_before_ocr(harness: Harness) -> None:
    from api.web.pages_documents import read_now

    user, customer = harness.login(Role.CUSTOMER)
    claim_id = harness.create_claim(customer)["id"]
    document_id = _upload(harness, customer, claim_id)
    probe = ProbingOcr(harness, claim_id)
    harness.state.ocr = probe
    with harness.state.session_factory() as session:  # the page's request session
        claim = session.get(Claim, uuid.UUID(claim_id))
        document = session.get(Document, uuid.UUID(document_id))
        assert claim is not None and document is not None
        read_now(session, claim=claim, document=document, user=user, state=harness.state)
    with harness.session() as session:  # the page queued the reading's job; it runs on the runner
        (job,) = session.scalars(select(Job)).all()
    for _ in range(3000):
        with harness.state.session_factory() as session:
            if session.get_one(Job, job.id).status is JobStatus.SUCCEEDED:
                break
        time.sleep(0.01)
    assert probe.writes >= 1
    with harness.session() as session:
        assert len(session.scalars(select(DocumentReading)).all()) == 1


def test_a_commit_before_ocr_keeps_the_upload_s_file_if_the_request_then_fails(harness: Harness) -> None:
    from api.db.engine import on_rollback, rollback_and_run_hooks, write_session

    removed: list[str] = []
    with write_session(harness.state.session_factory) as session:
        on_rollback(session, lambda: removed.append("file"))
        session.commit()  # e.g. end_transaction before OCR
        rollback_and_run_hooks(session)  # the request then fails
    assert removed == []
