"""Every endpoint × every role: who gets through, who is refused, and how.

The routes are read from the app itself, so a new endpoint without an entry in ``EXPECTED``
fails here until someone decides who may call it.
"""

from __future__ import annotations

import functools
import re
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi.routing import APIRoute
from sqlalchemy import select

from api.app import create_app
from api.auth.roles import Role
from api.config import Settings
from api.db.base import utcnow
from api.web.session import CSRF_COOKIE
from tests.api.estimates.helpers import PRICE_BODY
from tests.api.signing.helpers import PAYEE, matrix_claim, matrix_signature_body
from tests.fixtures import images
from tests.fixtures.fake_detector import FakeDetector
from tests.fixtures.harness import PASSWORD, Harness, claim_body
from tests.inference.ocr.fakes import FakeOcrEngine
from tests.inference.ocr.test_extract import ID_FRONT_MERGED

ANON = "anonymous"
OWNER = "owner"  # the customer whose claim it is
OTHER = "other_customer"
STAFF = [r.value for r in Role if r is not Role.CUSTOMER]
CALLERS = [ANON, OWNER, OTHER, *STAFF]
ADJUSTERS = ["junior_adjuster", "senior_adjuster", "supervisor"]

OK, UNAUTH, FORBIDDEN, NOT_FOUND = "ok", 401, 403, 404


def access(
    *, ok: Sequence[str], forbidden: Sequence[str] = (), not_found: Sequence[str] = (), anon: Any = UNAUTH
) -> dict[str, Any]:
    table: dict[str, Any] = {ANON: anon}
    for caller in CALLERS[1:]:
        table[caller] = (
            OK if caller in ok else FORBIDDEN if caller in forbidden else NOT_FOUND if caller in not_found else None
        )
    missing = [c for c, v in table.items() if v is None]
    assert not missing, f"no expectation for {missing}"
    return table


EVERYONE_SIGNED_IN = [OWNER, OTHER, *STAFF]
CLAIM_READERS = dict(ok=[OWNER, *STAFF], not_found=[OTHER])
UPLOADERS = dict(ok=[OWNER, *ADJUSTERS], forbidden=["complaint_handler", "admin"], not_found=[OTHER])

DESK = ["complaint_handler", "senior_adjuster", "supervisor"]
NOT_DESK = [OWNER, OTHER, "junior_adjuster", "admin"]
CATALOG_MANAGERS = ["supervisor", "admin"]
COMPLAINT_READERS = dict(ok=[OWNER, *DESK], forbidden=["junior_adjuster", "admin"], not_found=[OTHER])

TAGGERS = ["complaint_handler", "junior_adjuster", "senior_adjuster", "supervisor"]
QUEUE_ASSIGNERS = dict(ok=ADJUSTERS, forbidden=[OWNER, OTHER, "complaint_handler", "admin"])
EXPECTED: dict[tuple[str, str], dict[str, Any]] = {
    ("GET", "/health"): access(ok=EVERYONE_SIGNED_IN, anon=OK),
    # Guided capture and self-service (issue 13): the shot list and the checklist are the claim's;
    # a retake replaces a photo as an upload does; the guide, the deadlines and the FAQ are public.
    ("GET", "/claims/{claim_id}/shots"): access(**CLAIM_READERS),
    ("POST", "/claims/{claim_id}/photos/{photo_id}/replacement"): access(**UPLOADERS),
    ("GET", "/claims/{claim_id}/checklist"): access(**CLAIM_READERS),
    ("GET", "/guide/checklists"): access(ok=EVERYONE_SIGNED_IN, anon=OK),
    ("GET", "/deadlines/achievement"): access(ok=EVERYONE_SIGNED_IN, anon=OK),
    ("GET", "/faq"): access(ok=EVERYONE_SIGNED_IN, anon=OK),
    ("GET", "/ready"): access(ok=EVERYONE_SIGNED_IN, anon=OK),
    ("POST", "/auth/token"): access(ok=EVERYONE_SIGNED_IN, anon=OK),
    ("GET", "/auth/me"): access(ok=EVERYONE_SIGNED_IN),
    ("POST", "/auth/logout"): access(ok=EVERYONE_SIGNED_IN),
    ("POST", "/users"): access(ok=["admin"], forbidden=[OWNER, OTHER, *STAFF[:-1]]),
    ("POST", "/claims"): access(ok=[OWNER, OTHER], forbidden=STAFF),
    # The complaint desk: the customer on their own claim or complaint, the desk (complaint handlers,
    # the senior claims team, supervisors); supervisors approve decisions above authority.
    ("POST", "/claims/{claim_id}/complaints"): access(**COMPLAINT_READERS),
    # Disputing the amount moves the claim: the customer, or the desk roles that may make that move.
    ("POST", "/claims/{claim_id}/dispute"): access(
        ok=[OWNER, "complaint_handler", "supervisor"],
        forbidden=["junior_adjuster", "senior_adjuster", "admin"],
        not_found=[OTHER],
    ),
    ("GET", "/complaints"): access(ok=DESK, forbidden=NOT_DESK),
    ("GET", "/complaints/{complaint_id}"): access(**COMPLAINT_READERS),
    ("PATCH", "/complaints/{complaint_id}"): access(ok=DESK, forbidden=NOT_DESK),
    ("POST", "/complaints/{complaint_id}/analysis"): access(ok=DESK, forbidden=NOT_DESK),
    ("GET", "/complaints/{complaint_id}/analysis"): access(ok=DESK, forbidden=NOT_DESK),
    ("POST", "/complaints/{complaint_id}/decision"): access(ok=DESK, forbidden=NOT_DESK),
    ("POST", "/complaints/{complaint_id}/approve"): access(
        ok=["supervisor"], forbidden=[c for c in CALLERS[1:] if c != "supervisor"]
    ),
    ("POST", "/complaints/{complaint_id}/escalate"): access(ok=DESK, forbidden=NOT_DESK),
    ("POST", "/complaints/{complaint_id}/confirm"): access(ok=[OWNER], forbidden=STAFF, not_found=[OTHER]),
    ("GET", "/complaints/{complaint_id}/explanation"): access(**COMPLAINT_READERS),
    ("GET", "/complaints/{complaint_id}/outcome"): access(**COMPLAINT_READERS),
    # A re-assessment's result revises the estimate: the desk roles that may edit one.
    ("POST", "/complaints/{complaint_id}/reassessment"): access(
        ok=["senior_adjuster", "supervisor"],
        forbidden=[c for c in CALLERS[1:] if c not in ("senior_adjuster", "supervisor")],
    ),
    ("GET", "/reports/complaints/weekly"): access(ok=DESK, forbidden=NOT_DESK),
    # Routing and contact (issue 14 item 3): the desk; who may act at which level is the service's
    # (routing.ensure_may_act), and every desk role may act at the front line where these run.
    ("GET", "/complaints/{complaint_id}/routing"): access(ok=DESK, forbidden=NOT_DESK),
    ("POST", "/complaints/{complaint_id}/assignment"): access(
        ok=["supervisor"], forbidden=[c for c in CALLERS[1:] if c != "supervisor"]
    ),
    ("POST", "/complaints/{complaint_id}/severe"): access(ok=DESK, forbidden=NOT_DESK),
    ("POST", "/complaints/{complaint_id}/upset"): access(ok=DESK, forbidden=NOT_DESK),
    ("POST", "/complaints/{complaint_id}/contacts"): access(ok=DESK, forbidden=NOT_DESK),
    ("GET", "/complaints/{complaint_id}/contacts"): access(ok=DESK, forbidden=NOT_DESK),
    ("POST", "/complaints/{complaint_id}/follow-ups"): access(ok=DESK, forbidden=NOT_DESK),
    ("POST", "/complaints/{complaint_id}/delay-notices"): access(ok=DESK, forbidden=NOT_DESK),
    ("GET", "/complaints/{complaint_id}/delay-notices"): access(ok=DESK, forbidden=NOT_DESK),
    ("POST", "/complaints/{complaint_id}/staff-links"): access(ok=DESK, forbidden=NOT_DESK),
    ("GET", "/complaints/{complaint_id}/scripts"): access(ok=DESK, forbidden=NOT_DESK),
    ("POST", "/wording/check"): access(ok=DESK, forbidden=NOT_DESK),
    # Service quality (issue 14 item 6): the supervisor's dashboard and register; the desk reads it.
    ("GET", "/reports/complaints/quality"): access(
        ok=["supervisor"], forbidden=[c for c in CALLERS[1:] if c != "supervisor"]
    ),
    ("GET", "/improvement-actions"): access(ok=DESK, forbidden=NOT_DESK),
    ("POST", "/improvement-actions"): access(
        ok=["supervisor"], forbidden=[c for c in CALLERS[1:] if c != "supervisor"]
    ),
    ("PATCH", "/improvement-actions/{action_id}"): access(
        ok=["supervisor"], forbidden=[c for c in CALLERS[1:] if c != "supervisor"]
    ),
    ("GET", "/reports/complaints/weekly/causes"): access(ok=DESK, forbidden=NOT_DESK),
    # The customer profile (issue 14 item 5): every staff role reads it; handlers and supervisors tag.
    ("GET", "/customers/{customer_id}/profile"): access(ok=STAFF, forbidden=[OWNER, OTHER]),
    ("POST", "/customers/{customer_id}/tags"): access(ok=TAGGERS, forbidden=[OWNER, OTHER, "admin"]),
    ("DELETE", "/customers/{customer_id}/tags/{tag_id}"): access(ok=TAGGERS, forbidden=[OWNER, OTHER, "admin"]),
    # A customer's own notification settings and in-app inbox; staff have none. Another customer's
    # message is not found.
    ("GET", "/me/notification-preferences"): access(ok=[OWNER, OTHER], forbidden=STAFF),
    ("PUT", "/me/notification-preferences"): access(ok=[OWNER, OTHER], forbidden=STAFF),
    ("GET", "/me/inbox"): access(ok=[OWNER, OTHER], forbidden=STAFF),
    ("POST", "/me/inbox/{message_id}/read"): access(ok=[OWNER], forbidden=STAFF, not_found=[OTHER]),
    # Revisit surveys (issue 14 item 4): a customer lists and answers their own (another's is not
    # found; staff have none); the desk sees the priority follow-ups that low scores open.
    ("GET", "/me/surveys"): access(ok=[OWNER, OTHER], forbidden=STAFF),
    ("POST", "/surveys/{survey_id}/answers"): access(ok=[OWNER], forbidden=STAFF, not_found=[OTHER]),
    ("GET", "/survey-follow-ups"): access(ok=DESK, forbidden=NOT_DESK),
    # Closing a follow-up: complaint handlers and supervisors (the senior claims team reads them).
    ("POST", "/survey-follow-ups/{follow_up_id}/closure"): access(
        ok=["complaint_handler", "supervisor"], forbidden=[*NOT_DESK, "senior_adjuster"]
    ),
    ("GET", "/claims"): access(ok=EVERYONE_SIGNED_IN),
    ("GET", "/claims/{claim_id}"): access(**CLAIM_READERS),
    ("POST", "/claims/{claim_id}/photos"): access(**UPLOADERS),
    ("GET", "/claims/{claim_id}/photos"): access(**CLAIM_READERS),
    ("GET", "/claims/{claim_id}/photos/{photo_id}/content"): access(**CLAIM_READERS),
    ("DELETE", "/claims/{claim_id}/photos/{photo_id}"): access(**UPLOADERS),
    ("POST", "/claims/{claim_id}/documents"): access(**UPLOADERS),
    ("GET", "/claims/{claim_id}/documents"): access(**CLAIM_READERS),
    ("GET", "/claims/{claim_id}/documents/{document_id}/content"): access(**CLAIM_READERS),
    # submitted -> under_review: adjusters only; the customer may not; others' claims are unseen.
    ("POST", "/claims/{claim_id}/transitions"): access(
        ok=ADJUSTERS, forbidden=[OWNER, "complaint_handler", "admin"], not_found=[OTHER]
    ),
    ("GET", "/claims/{claim_id}/timeline"): access(**CLAIM_READERS),
    ("GET", "/claims/{claim_id}/audit"): access(ok=STAFF, forbidden=[OWNER, OTHER]),
    ("GET", "/models/damage-detector"): access(ok=EVERYONE_SIGNED_IN),
    ("POST", "/claims/{claim_id}/documents/{document_id}/readings"): access(**UPLOADERS),
    ("GET", "/claims/{claim_id}/documents/{document_id}/readings/latest"): access(**CLAIM_READERS),
    ("PATCH", "/claims/{claim_id}/documents/{document_id}/readings/latest"): access(**UPLOADERS),
    ("POST", "/claims/{claim_id}/documents/{document_id}/readings/latest/confirm"): access(**UPLOADERS),
    ("GET", "/claims/{claim_id}/document-flags"): access(ok=STAFF, forbidden=[OWNER, OTHER]),
    # A customer is refused by role before any claim is looked up: 403 whoever owns the id.
    ("POST", "/claims/{claim_id}/assessments"): access(
        ok=ADJUSTERS, forbidden=[OWNER, OTHER, "complaint_handler", "admin"]
    ),
    ("GET", "/claims/{claim_id}/assessments/latest"): access(**CLAIM_READERS),
    # The customer's photos are in (issue 13 item 3): the claim's customer only (staff run
    # POST /assessments); the straight-through decision is read as the claim is.
    ("POST", "/claims/{claim_id}/photos/submission"): access(ok=[OWNER], forbidden=STAFF, not_found=[OTHER]),
    ("GET", "/claims/{claim_id}/straight-through"): access(**CLAIM_READERS),
    # A job (an assessment, a document reading) is seen as its claim is.
    ("GET", "/jobs/{job_id}"): access(**CLAIM_READERS),
    # The findings as corrected, with who corrected them: staff read; adjusters correct.
    ("GET", "/claims/{claim_id}/findings"): access(ok=STAFF, forbidden=[OWNER, OTHER]),
    ("POST", "/claims/{claim_id}/findings/corrections"): access(
        ok=ADJUSTERS, forbidden=[OWNER, OTHER, "complaint_handler", "admin"]
    ),
    # Estimates: adjusters price, revise and approve (a customer is refused by role, before any claim
    # is looked up); the claim's customer and all staff read.
    ("POST", "/claims/{claim_id}/estimates"): access(
        ok=ADJUSTERS, forbidden=[OWNER, OTHER, "complaint_handler", "admin"]
    ),
    ("GET", "/claims/{claim_id}/estimates"): access(**CLAIM_READERS),
    # What the confirmed documents put into the next estimate: those who price.
    ("GET", "/claims/{claim_id}/estimates/from-documents"): access(
        ok=ADJUSTERS, forbidden=[OWNER, OTHER, "complaint_handler", "admin"]
    ),
    ("GET", "/claims/{claim_id}/estimates/{version}"): access(**CLAIM_READERS),
    ("POST", "/claims/{claim_id}/estimates/{version}/revisions"): access(
        ok=ADJUSTERS, forbidden=[OWNER, OTHER, "complaint_handler", "admin"]
    ),
    ("POST", "/claims/{claim_id}/estimates/{version}/approve"): access(
        ok=ADJUSTERS, forbidden=[OWNER, OTHER, "complaint_handler", "admin"]
    ),
    ("GET", "/claims/{claim_id}/estimates/{version}/report.html"): access(**CLAIM_READERS),
    ("GET", "/claims/{claim_id}/estimates/{version}/report.pdf"): access(**CLAIM_READERS),
    # Signing (issue 13 item 4): only the claim's customer asks for a code and signs (staff refused
    # by role before any claim is looked up); whoever reads the claim reads the signature.
    ("POST", "/claims/{claim_id}/estimates/{version}/signing-code"): access(
        ok=[OWNER], forbidden=STAFF, not_found=[OTHER]
    ),
    ("POST", "/claims/{claim_id}/estimates/{version}/signature"): access(
        ok=[OWNER], forbidden=STAFF, not_found=[OTHER]
    ),
    ("GET", "/claims/{claim_id}/estimates/{version}/signature"): access(**CLAIM_READERS),
    # Payment: the customer gives the payee; the roles that pay (supervisor, admin) record the outcome.
    ("PUT", "/claims/{claim_id}/payment"): access(ok=[OWNER], forbidden=STAFF, not_found=[OTHER]),
    # Training consent: only the claim's customer gives or withdraws it (staff refused by role).
    ("PUT", "/claims/{claim_id}/training-consent"): access(ok=[OWNER], forbidden=STAFF, not_found=[OTHER]),
    ("GET", "/claims/{claim_id}/payment"): access(**CLAIM_READERS),
    ("POST", "/claims/{claim_id}/payment/paid"): access(
        ok=["supervisor", "admin"], forbidden=[c for c in CALLERS[1:] if c not in ("supervisor", "admin")]
    ),
    ("POST", "/claims/{claim_id}/payment/failed"): access(
        ok=["supervisor", "admin"], forbidden=[c for c in CALLERS[1:] if c not in ("supervisor", "admin")]
    ),
    # Price lists: supervisors and admins import and activate; every staff role reads the versions.
    ("POST", "/catalogs"): access(ok=CATALOG_MANAGERS, forbidden=[c for c in CALLERS[1:] if c not in CATALOG_MANAGERS]),
    ("GET", "/catalogs"): access(ok=STAFF, forbidden=[OWNER, OTHER]),
    ("GET", "/catalogs/{number}"): access(ok=STAFF, forbidden=[OWNER, OTHER]),
    ("POST", "/catalogs/{number}/activate"): access(
        ok=CATALOG_MANAGERS, forbidden=[c for c in CALLERS[1:] if c not in CATALOG_MANAGERS]
    ),
    # The queue: adjusters (an administrator looks on); any adjuster takes or releases a claim for
    # themselves (a customer is refused by role before any claim is looked up).
    ("GET", "/queue"): access(ok=[*ADJUSTERS, "admin"], forbidden=[OWNER, OTHER, "complaint_handler"]),
    ("POST", "/claims/{claim_id}/assignment"): access(**QUEUE_ASSIGNERS),
    ("DELETE", "/claims/{claim_id}/assignment"): access(**QUEUE_ASSIGNERS),
    ("GET", "/reports/ai-accuracy"): access(ok=["supervisor"], forbidden=[c for c in CALLERS[1:] if c != "supervisor"]),
}


def _routes() -> list[tuple[str, str]]:
    # Every operation the app publishes (its OpenAPI document is built from all its routes).
    app = create_app(Settings(scheduler={"enabled": False}))  # builds nothing: no lifespan here
    return sorted((method.upper(), path) for path, ops in app.openapi()["paths"].items() for method in ops)


ROUTES = _routes()


def test_every_expectation_names_a_real_route() -> None:
    assert set(EXPECTED) <= set(ROUTES), set(EXPECTED) - set(ROUTES)


@dataclass
class World:
    harness: Harness
    owner_email: str
    headers: dict[str, dict[str, str]]
    claim_id: str
    photo_id: str
    document_id: str
    assessed_claim_id: str
    read_document_id: str

    @functools.cached_property
    def job_id(self) -> str:
        """The assessed claim's (finished) assessment job."""
        from api.jobs.models import Job

        with self.harness.session() as session:
            return str(session.scalars(select(Job.id).where(Job.claim_id == uuid.UUID(self.assessed_claim_id))).one())

    def fresh_claim(self) -> str:
        return str(self.harness.create_claim(self.headers[OWNER])["id"])

    @functools.cached_property
    def priced_claim_id(self) -> str:
        """The assessed claim with estimate version 1."""
        from tests.api.estimates.helpers import price

        price(self.harness, self.assessed_claim_id, self.headers["senior_adjuster"])
        return self.assessed_claim_id

    def estimate_claim(self, method: str, path: str, spares: dict[str, str]) -> str:
        """A claim whose estimate version 1 the call acts on; a call that changes it (revise,
        approve) gets its own, kept until a call succeeds on it."""
        if path.endswith("/estimates"):
            return self.assessed_claim_id
        if method == "GET":
            return self.priced_claim_id
        if path not in spares:
            from tests.api.estimates.helpers import assessed_claim, price

            claim_id = assessed_claim(self.harness, self.headers[OWNER], parts=[("front_bumper", "minor")])
            price(self.harness, claim_id, self.headers["senior_adjuster"])
            spares[path] = claim_id
        return spares[path]

    @functools.cached_property
    def analysed_complaint_id(self) -> str:
        """The owner's complaint on ``claim_id`` with an amount analysis."""
        from tests.api.disputes.helpers import golden_body

        client = self.harness.client
        created = client.post(
            f"/claims/{self.claim_id}/complaints",
            json={"channel": "app", "text": "金额太低"},
            headers=self.headers[OWNER],
        )
        complaint_id = str(created.json()["id"])
        analysis = client.post(
            f"/complaints/{complaint_id}/analysis", json=golden_body(), headers=self.headers["complaint_handler"]
        )
        assert created.status_code == analysis.status_code == 201, analysis.text
        return complaint_id

    def reassessment_complaint(self) -> str:
        """A fresh complaint on a disputed, priced claim whose decision ordered a re-assessment."""
        from tests.api.disputes.helpers import assessed_claim as priced_claim

        client = self.harness.client
        _, customer, claim_id = priced_claim(self.harness)
        body = {"channel": "app", "text": "金额太低"}
        created = client.post(f"/claims/{claim_id}/dispute", json=body, headers=customer)
        complaint_id = str(created.json()["id"])
        decision = {"verdict": "partly_justified", "remedies": ["third_party_reassessment"], "reason": "matrix"}
        decided = client.post(
            f"/complaints/{complaint_id}/decision", json=decision, headers=self.headers["complaint_handler"]
        )
        assert created.status_code == decided.status_code == 201, decided.text
        return complaint_id

    @functools.cached_property
    def inbox_message_id(self) -> str:
        """The owner's first inbox message (reporting the claim wrote it)."""
        inbox = self.harness.client.get("/me/inbox", headers=self.headers[OWNER]).json()
        return str(inbox["items"][0]["id"])

    @functools.cached_property
    def survey_id(self) -> str:
        """A revisit survey sent to the owner, as the scheduler sends one."""
        from api.db.models import Claim
        from api.surveys.models import Revisit
        from api.surveys.states import Stage

        with self.harness.session() as session:
            claim = session.get(Claim, uuid.UUID(self.claim_id))
            assert claim is not None
            now = utcnow()
            revisit = Revisit(claim_id=claim.id, customer_id=claim.customer_id, stage=Stage.SUBMITTED, due_at=now)
            revisit.sent_at = now
            session.add(revisit)
            session.flush()
            return str(revisit.id)

    def follow_up_id(self) -> str:
        """A fresh open survey follow-up (a low score on a claim of its own): each caller closes one."""
        from api.db.models import Claim
        from api.surveys.models import Revisit, SurveyFollowUp
        from api.surveys.states import Stage

        with self.harness.session() as session:
            claim = session.get(Claim, uuid.UUID(self.fresh_claim()))
            assert claim is not None
            now = utcnow()
            revisit = Revisit(claim_id=claim.id, customer_id=claim.customer_id, stage=Stage.SUBMITTED, due_at=now)
            revisit.sent_at = revisit.answered_at = now
            session.add(revisit)
            session.flush()
            follow_up = SurveyFollowUp(revisit_id=revisit.id, claim_id=claim.id, customer_id=claim.customer_id,
                                       low_items="overall", lowest_score=1, created_at=now)  # fmt: skip
            session.add(follow_up)
            session.flush()
            return str(follow_up.id)

    def complaint(self, path: str) -> str:
        """A complaint in the state the endpoint acts on (a fresh one where the call changes it)."""
        if path.endswith("/reassessment"):
            return self.reassessment_complaint()
        fresh = ("/decision", "/approve", "/escalate", "/confirm", "/follow-ups", "/delay-notices", "/staff-links")
        if not path.endswith(fresh):
            return self.analysed_complaint_id
        client, desk = self.harness.client, self.headers["complaint_handler"]
        # on a claim of its own: a third unresolved complaint on one claim is severe (a supervisor's)
        created = client.post(
            f"/claims/{self.fresh_claim()}/complaints", json={"channel": "app", "text": "金额太低"}, headers=desk
        )
        complaint_id = str(created.json()["id"])
        decision: dict[str, Any] = {"verdict": "justified", "remedies": ["pay_difference"], "reason": "matrix"}
        if path.endswith("/approve"):  # above the handler's authority: waits for a supervisor
            decision["compensation"] = {"amount": "99999.00", "currency": "CNY"}
        if path.endswith(("/approve", "/confirm", "/follow-ups")):  # within authority: feedback to confirm
            assert client.post(f"/complaints/{complaint_id}/decision", json=decision, headers=desk).status_code == 201
        return complaint_id


def _world(harness: Harness) -> World:
    headers: dict[str, dict[str, str]] = {ANON: {}}
    owner = harness.user(Role.CUSTOMER)
    headers[OWNER] = harness.headers(owner)
    headers[OTHER] = harness.login(Role.CUSTOMER)[1]
    for role in STAFF:
        headers[role] = harness.login(Role(role))[1]
    claim_id = str(harness.create_claim(headers[OWNER])["id"])
    photo = harness.upload_photo(headers[OWNER], claim_id, images.jpeg(99))
    document = harness.client.post(
        f"/claims/{claim_id}/documents",
        files={"file": ("q.pdf", images.minimal_pdf(), "application/pdf")},
        headers=headers[OWNER],
    )
    assert photo.status_code == document.status_code == 201
    harness.state.detector = FakeDetector()
    assessed = str(harness.create_claim(headers[OWNER])["id"])
    assert harness.upload_photo(headers[OWNER], assessed).status_code == 201
    assert harness.assess(assessed, headers["senior_adjuster"]).is_success
    harness.state.ocr = FakeOcrEngine(ID_FRONT_MERGED)
    card = harness.client.post(
        f"/claims/{claim_id}/documents",
        files={"file": ("id.png", images.png(size=(1000, 700)), "image/png")},
        data={"kind": "id_card"},
        headers=headers[OWNER],
    )
    assert card.status_code == 201, card.text
    read = harness.read_document(claim_id, card.json()["id"], headers[OWNER])
    assert read.is_success, read.text
    return World(
        harness, owner.email, headers, claim_id, photo.json()["id"], document.json()["id"], assessed, card.json()["id"]
    )


def _golden_body() -> dict[str, Any]:
    from tests.api.disputes.helpers import golden_body

    return golden_body()


def _request(world: World, method: str, path: str, caller: str) -> httpx.Response:
    client = world.harness.client
    claim_id = world.fresh_claim() if path.endswith("/transitions") else world.claim_id
    claim_id = world.fresh_claim() if path.endswith(("/transitions", "/assignment")) else world.claim_id
    if path.endswith("/assessments/latest") or "/findings" in path:
        claim_id = world.assessed_claim_id
    if path.endswith("/straight-through"):
        claim_id = _decided_claim(world)
    if path.endswith(("/signing-code", "/signature")) or "/payment" in path:
        claim_id = matrix_claim(world.harness, world.headers[OWNER], method, path, _SPARE_CLAIMS)
    elif "/estimates" in path:
        claim_id = world.estimate_claim(method, path, _SPARE_CLAIMS)
    complaint_id = world.complaint(path) if "{complaint_id}" in path else ""
    photo_id = world.photo_id
    if (method == "DELETE" and path.endswith("/photos/{photo_id}")) or path.endswith("/replacement"):
        # each caller removes (or replaces) a photo of its own
        fresh = world.harness.upload_photo(world.headers[OWNER], claim_id, images.unique_jpeg())
        assert fresh.status_code == 201, fresh.text
        photo_id = fresh.json()["id"]
    url = path.format(
        claim_id=claim_id,
        photo_id=photo_id,
        document_id=world.read_document_id if "/readings" in path else world.document_id,
        message_id=world.inbox_message_id if "{message_id}" in path else "",
        survey_id=world.survey_id if "{survey_id}" in path else "",
        follow_up_id=world.follow_up_id() if "{follow_up_id}" in path else "",
        job_id=world.job_id if "{job_id}" in path else "",
        complaint_id=complaint_id,
        action_id=_action_id(world) if "{action_id}" in path else "",
        customer_id=_user_id(world, OWNER) if "{customer_id}" in path else "",
        tag_id=_tag_id(world) if "{tag_id}" in path else "",
        version=1,
        number=1,
    )
    if path in ("/reports/complaints/weekly", "/reports/complaints/quality", "/reports/complaints/weekly/causes"):
        url += "?week=2026-W48"
    if path == "/reports/ai-accuracy":
        url += "?from=2026-11-01&to=2026-11-30"
    headers = world.headers[caller]
    builders: dict[str, Callable[[], dict[str, Any]]] = {
        "/auth/token": lambda: {"data": {"username": world.owner_email, "password": PASSWORD}},
        "/users": lambda: {
            "json": {"email": f"{uuid.uuid4().hex[:8]}@example.test", "password": "long-enough-pw", "role": "customer"}
        },
        "/claims": lambda: {"json": claim_body()},
        "/claims/{claim_id}/photos": lambda: {"files": {"file": ("p.jpg", images.unique_jpeg(), "image/jpeg")}},
        "/claims/{claim_id}/documents": lambda: {"files": {"file": ("d.pdf", images.minimal_pdf(), "application/pdf")}},
        "/claims/{claim_id}/photos/{photo_id}/replacement": lambda: {
            "files": {"file": ("p.jpg", images.unique_jpeg(), "image/jpeg")}
        },
        "/claims/{claim_id}/transitions": lambda: {"json": {"to": "under_review", "reason": "matrix"}},
        "/claims/{claim_id}/complaints": lambda: {"json": {"channel": "app", "text": "金额太低"}},
        "/claims/{claim_id}/dispute": lambda: {"json": {"channel": "app", "text": "金额太低"}},
        "/complaints/{complaint_id}": lambda: {"json": {"cause": "process", "reason": "matrix"}},
        "/complaints/{complaint_id}/analysis": lambda: {"json": _golden_body()},
        "/complaints/{complaint_id}/decision": lambda: {
            "json": {
                "verdict": "justified",
                "remedies": ["voucher"],
                "voucher": {"type": "代金券", "value": {"amount": "50.00", "currency": "CNY"}},
                "reason": "matrix",
            }
        },
        "/complaints/{complaint_id}/reassessment": lambda: {
            "json": {
                "assessor": "matrix",
                "result": "matrix",
                "revision": {
                    "edits": [
                        {
                            "line_id": "front_glass/parts",
                            "reason": "third_party_reassessment",
                            "amount": {"amount": "1500.00", "currency": "CNY"},
                        }
                    ]
                },
            }
        },
        "/complaints/{complaint_id}/approve": lambda: {"json": {"approve": True, "reason": "matrix"}},
        "/complaints/{complaint_id}/escalate": lambda: {"json": {"reason": "matrix"}},
        "/complaints/{complaint_id}/confirm": lambda: {"json": {"satisfied": True}},
        "/complaints/{complaint_id}/assignment": lambda: {
            "json": {"assignee_id": _user_id(world, "complaint_handler"), "reason": "matrix"}
        },
        "/complaints/{complaint_id}/severe": lambda: {"json": {"reason": "matrix"}},
        "/complaints/{complaint_id}/upset": lambda: {"json": {"reason": "matrix"}},
        "/complaints/{complaint_id}/contacts": lambda: {
            "json": {"channel": "phone", "purpose": "calming", "outcome": "reached", "customer_calmed": True}
        },
        "/complaints/{complaint_id}/follow-ups": lambda: {"json": {"channel": "phone", "outcome": "not_reached"}},
        "/complaints/{complaint_id}/delay-notices": lambda: {
            "json": {"reason": "matrix", "new_time": (utcnow() + timedelta(days=2)).isoformat()}
        },
        "/complaints/{complaint_id}/staff-links": lambda: {
            "json": {"user_id": _user_id(world, "junior_adjuster"), "reason": "matrix"}
        },
        "/wording/check": lambda: {"json": {"text": "matrix"}},
        "/improvement-actions": lambda: {"json": _IMPROVEMENT},
        "/improvement-actions/{action_id}": lambda: {"json": {"status": "done"}},
        "/customers/{customer_id}/tags": lambda: {"json": {"label": f"标签{uuid.uuid4().hex[:6]}"}},
        "/auth/logout": dict,
        "/me/notification-preferences": lambda: {"json": {"channels": ["in_app", "email"]}},
        "/me/inbox/{message_id}/read": dict,
        "/surveys/{survey_id}/answers": lambda: {
            "json": {"convenience": 4, "communication": 4, "amount_fairness": 4, "overall": 4}
        },
        "/survey-follow-ups/{follow_up_id}/closure": lambda: {
            "json": {"channel": "phone", "outcome": "explained", "customer_calmed": True}
        },
        "/claims/{claim_id}/assessments": dict,
        "/claims/{claim_id}/photos/submission": dict,
        "/claims/{claim_id}/documents/{document_id}/readings": dict,
        "/claims/{claim_id}/documents/{document_id}/readings/latest": lambda: {
            "json": {"field": "name", "value": "张伟"}
        },
        "/claims/{claim_id}/documents/{document_id}/readings/latest/confirm": dict,
        "/claims/{claim_id}/estimates": lambda: {"json": PRICE_BODY},
        "/claims/{claim_id}/estimates/{version}/revisions": lambda: {"json": _HIDDEN_DAMAGE},
        "/claims/{claim_id}/estimates/{version}/approve": dict,
        "/claims/{claim_id}/findings/corrections": lambda: {"json": _missed_damage(world)},
        "/catalogs": lambda: {"files": {"file": ("list.csv", _price_list(), "text/csv")}, "data": {"dry_run": "true"}},
        "/catalogs/{number}/activate": dict,
        "/claims/{claim_id}/assignment": lambda: {"json": {}},
        "/claims/{claim_id}/estimates/{version}/signing-code": dict,
        "/claims/{claim_id}/estimates/{version}/signature": lambda: matrix_signature_body(
            world.harness, headers, claim_id, owner=caller == OWNER
        ),
        "/claims/{claim_id}/payment": lambda: {"json": PAYEE},
        "/claims/{claim_id}/training-consent": lambda: {"json": {"given": False}},
        "/claims/{claim_id}/payment/paid": dict,
        "/claims/{claim_id}/payment/failed": lambda: {"json": {"reason": "matrix"}},
    }
    kwargs = builders[path]() if method in ("POST", "PATCH", "PUT") else {}
    response = client.request(method, url, headers=headers, **kwargs)
    if response.is_success:
        _SPARE_CLAIMS.pop(path, None)
    return response


_SPARE_CLAIMS: dict[str, str] = {}
_DECIDED: dict[int, str] = {}


def _decided_claim(world: World) -> str:
    """A claim whose customer's photos are in and whose provisional estimate was decided."""
    if id(world) not in _DECIDED:
        owner = world.headers[OWNER]
        claim_id = str(world.harness.create_claim(owner)["id"])
        assert world.harness.upload_photo(owner, claim_id).status_code == 201
        job = world.harness.follow(
            world.harness.client.post(f"/claims/{claim_id}/photos/submission", headers=owner), owner
        )
        assert job["status"] == "succeeded", job
        _DECIDED.clear()
        _DECIDED[id(world)] = claim_id
    return _DECIDED[id(world)]


def _user_id(world: World, caller: str) -> str:
    return str(world.harness.client.get("/auth/me", headers=world.headers[caller]).json()["id"])


_IMPROVEMENT = {"source_week": "2026-W48", "title": "matrix", "department": "claims", "due_date": "2026-12-31"}


def _action_id(world: World) -> str:
    created = world.harness.client.post("/improvement-actions", json=_IMPROVEMENT, headers=world.headers["supervisor"])
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


def _tag_id(world: World) -> str:
    """A fresh manual tag on the owner (each caller removes one of its own)."""
    created = world.harness.client.post(
        f"/customers/{_user_id(world, OWNER)}/tags",
        json={"label": f"标签{uuid.uuid4().hex[:6]}"},
        headers=world.headers["supervisor"],
    )
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


@functools.cache
def _price_list() -> bytes:
    from tests.api.catalogs.helpers import sample_csv

    return sample_csv()


def _missed_damage(world: World) -> dict[str, Any]:
    """A damage added on the assessed claim's photo (repeatable: each caller adds one)."""
    photos = world.harness.client.get(
        f"/claims/{world.assessed_claim_id}/photos", headers=world.headers["senior_adjuster"]
    ).json()
    add = {"action": "add", "photo_id": photos[0]["id"], "xyxy": [1, 1, 5, 5], "damage_type": "dent"}
    return {"corrections": [{**add, "part": "hood", "severity": "minor"}]}


_HIDDEN_DAMAGE = {
    "additions": [
        {
            "line_id": "hidden/1",
            "kind": "labour",
            "description_zh": "隐蔽损失",
            "amount": {"amount": "100.00", "currency": "CNY"},
            "reason": "hidden_damage",
        }
    ]
}


@pytest.mark.parametrize(("method", "path"), ROUTES, ids=[f"{m} {p}" for m, p in ROUTES])
def test_route_access_for_every_caller(harness: Harness, method: str, path: str) -> None:
    expected = EXPECTED.get((method, path))
    assert expected is not None, f"{method} {path} has no entry in EXPECTED: decide who may call it"
    world = _world(harness)
    _SPARE_CLAIMS.clear()
    outcomes = {}
    for caller in CALLERS:
        response = _request(world, method, path, caller)
        outcomes[caller] = OK if response.is_success else response.status_code
        if not response.is_success:
            assert response.headers["content-type"] == "application/problem+json", (caller, response.text)
    assert outcomes == expected


# ---- the pages under /web ----------------------------------------------------------------------
# The same callers on every page route. A page answers a caller who is not signed in with a
# redirect to the sign-in form (LOGIN), a role that may not use it with 403, someone else's claim
# or complaint with 404; ALLOWED is any other answer: the page, a redirect after a form post, or a
# form error about the claim's state (409): the caller got past the authorization.

LOGIN, ALLOWED = "login", "allowed"
CUSTOMERS = [OWNER, OTHER]
PAGE_CLAIM_READERS = dict(ok=[OWNER, *STAFF], not_found=[OTHER], anon=LOGIN)
PAGE_UPLOADERS = dict(ok=[OWNER, *ADJUSTERS], forbidden=["complaint_handler", "admin"], not_found=[OTHER], anon=LOGIN)
PAGE_ADJUSTERS = dict(ok=ADJUSTERS, forbidden=[*CUSTOMERS, "complaint_handler", "admin"], anon=LOGIN)
PAGE_DESK = dict(ok=DESK, forbidden=NOT_DESK, anon=LOGIN)
PAGE_CUSTOMER_ONLY = dict(ok=[OWNER], forbidden=STAFF, not_found=[OTHER], anon=LOGIN)


def page_access(**kwargs: Any) -> dict[str, Any]:
    return {caller: ALLOWED if outcome == OK else outcome for caller, outcome in access(**kwargs).items()}


AI_ACCURACY_PAGE = dict(ok=["supervisor"], forbidden=[c for c in CALLERS[1:] if c != "supervisor"], anon=LOGIN)
PAGE_EXPECTED: dict[tuple[str, str], dict[str, Any]] = {
    ("GET", "/"): page_access(ok=EVERYONE_SIGNED_IN, anon=OK),
    ("GET", "/web"): page_access(ok=EVERYONE_SIGNED_IN, anon=LOGIN),
    ("GET", "/web/static/{name}"): page_access(ok=EVERYONE_SIGNED_IN, anon=OK),
    ("GET", "/web/login"): page_access(ok=EVERYONE_SIGNED_IN, anon=OK),
    # Any other path under /web: the readable 404 page, for everyone.
    ("GET", "/web/{rest:path}"): page_access(ok=[], not_found=EVERYONE_SIGNED_IN, anon=NOT_FOUND),
    ("GET", "/web/guide"): page_access(ok=EVERYONE_SIGNED_IN, anon=OK),
    ("GET", "/web/deadlines"): page_access(ok=EVERYONE_SIGNED_IN, anon=OK),
    ("GET", "/web/faq"): page_access(ok=EVERYONE_SIGNED_IN, anon=OK),
    ("GET", "/web/claims/{claim_id}/capture"): page_access(**PAGE_UPLOADERS),
    ("POST", "/web/claims/{claim_id}/capture"): page_access(**PAGE_UPLOADERS),
    ("POST", "/web/claims/{claim_id}/capture/{photo_id}/replace"): page_access(**PAGE_UPLOADERS),
    ("POST", "/web/claims/{claim_id}/capture/{photo_id}/delete"): page_access(**PAGE_UPLOADERS),
    ("POST", "/web/claims/{claim_id}/capture/submit"): page_access(**PAGE_CUSTOMER_ONLY),
    ("POST", "/web/login"): page_access(ok=EVERYONE_SIGNED_IN, anon=OK),
    ("POST", "/web/logout"): page_access(ok=EVERYONE_SIGNED_IN, anon=OK),
    ("GET", "/web/claims"): page_access(ok=CUSTOMERS, forbidden=STAFF, anon=LOGIN),
    ("GET", "/web/claims/new"): page_access(ok=CUSTOMERS, forbidden=STAFF, anon=LOGIN),
    ("POST", "/web/claims/new"): page_access(ok=CUSTOMERS, forbidden=STAFF, anon=LOGIN),
    ("GET", "/web/claims/{claim_id}"): page_access(**PAGE_CLAIM_READERS),
    ("GET", "/web/claims/{claim_id}/photos/{photo_id}"): page_access(**PAGE_CLAIM_READERS),
    ("POST", "/web/claims/{claim_id}/photos"): page_access(**PAGE_UPLOADERS),
    ("POST", "/web/claims/{claim_id}/photos/{photo_id}/delete"): page_access(**PAGE_UPLOADERS),
    ("POST", "/web/claims/{claim_id}/documents"): page_access(**PAGE_UPLOADERS),
    ("POST", "/web/claims/{claim_id}/documents/{document_id}/confirm"): page_access(**PAGE_UPLOADERS),
    # Signing and payment: the claim's customer signs and gives the payee; the roles that pay record it.
    ("POST", "/web/claims/{claim_id}/estimates/{version}/signing-code"): page_access(**PAGE_CUSTOMER_ONLY),
    ("POST", "/web/claims/{claim_id}/estimates/{version}/signature"): page_access(**PAGE_CUSTOMER_ONLY),
    ("POST", "/web/claims/{claim_id}/payment"): page_access(**PAGE_CUSTOMER_ONLY),
    ("POST", "/web/claims/{claim_id}/payment/paid"): page_access(
        ok=["supervisor", "admin"], forbidden=[c for c in CALLERS[1:] if c not in ("supervisor", "admin")], anon=LOGIN
    ),
    ("POST", "/web/claims/{claim_id}/payment/failed"): page_access(
        ok=["supervisor", "admin"], forbidden=[c for c in CALLERS[1:] if c not in ("supervisor", "admin")], anon=LOGIN
    ),
    ("POST", "/web/claims/{claim_id}/dispute"): page_access(**PAGE_CUSTOMER_ONLY),
    ("POST", "/web/claims/{claim_id}/training-consent"): page_access(**PAGE_CUSTOMER_ONLY),
    ("GET", "/web/queue"): page_access(
        ok=[*ADJUSTERS, "admin"], forbidden=[*CUSTOMERS, "complaint_handler"], anon=LOGIN
    ),
    ("POST", "/web/claims/{claim_id}/assess"): page_access(**PAGE_ADJUSTERS),
    # As through the API: the workflow refuses a customer's move on their own claim (403) and hides
    # another customer's claim (404).
    ("POST", "/web/claims/{claim_id}/transition"): page_access(
        ok=ADJUSTERS, forbidden=[OWNER, "complaint_handler", "admin"], not_found=[OTHER], anon=LOGIN
    ),
    ("POST", "/web/claims/{claim_id}/estimates"): page_access(**PAGE_ADJUSTERS),
    ("POST", "/web/claims/{claim_id}/estimates/{version}/lines"): page_access(**PAGE_ADJUSTERS),
    ("POST", "/web/claims/{claim_id}/estimates/{version}/operations"): page_access(**PAGE_ADJUSTERS),
    ("POST", "/web/claims/{claim_id}/estimates/{version}/additions"): page_access(**PAGE_ADJUSTERS),
    ("POST", "/web/claims/{claim_id}/findings/corrections"): page_access(**PAGE_ADJUSTERS),
    ("POST", "/web/claims/{claim_id}/assignment"): page_access(**PAGE_ADJUSTERS),
    ("GET", "/web/reports/ai-accuracy"): page_access(**AI_ACCURACY_PAGE),
    ("POST", "/web/claims/{claim_id}/estimates/{version}/approve"): page_access(**PAGE_ADJUSTERS),
    ("GET", "/web/claims/{claim_id}/estimates/{version}/report"): page_access(**PAGE_CLAIM_READERS),
    ("GET", "/web/complaints"): page_access(**PAGE_DESK),
    # The customer is sent on to their claim's page; as through the API, other staff are refused
    # by role and another customer finds nothing.
    ("GET", "/web/complaints/{complaint_id}"): page_access(**COMPLAINT_READERS, anon=LOGIN),
    ("POST", "/web/complaints/{complaint_id}/analysis"): page_access(**PAGE_DESK),
    ("POST", "/web/complaints/{complaint_id}/decision"): page_access(**PAGE_DESK),
    ("POST", "/web/complaints/{complaint_id}/escalate"): page_access(**PAGE_DESK),
    ("POST", "/web/complaints/{complaint_id}/review"): page_access(
        ok=["supervisor"], forbidden=[c for c in CALLERS[1:] if c != "supervisor"], anon=LOGIN
    ),
    ("POST", "/web/complaints/{complaint_id}/confirm"): page_access(**PAGE_CUSTOMER_ONLY),
    ("POST", "/web/complaints/{complaint_id}/reassessment"): page_access(
        ok=["senior_adjuster", "supervisor"],
        forbidden=[c for c in CALLERS[1:] if c not in ("senior_adjuster", "supervisor")],
        anon=LOGIN,
    ),
    ("GET", "/web/supervisor"): page_access(
        ok=["supervisor"], forbidden=[c for c in CALLERS[1:] if c != "supervisor"], anon=LOGIN
    ),
    ("GET", "/web/reports/weekly"): page_access(**PAGE_DESK),
    # Routing and contact on the complaint page: as through the API.
    ("POST", "/web/complaints/{complaint_id}/contacts"): page_access(**PAGE_DESK),
    ("POST", "/web/complaints/{complaint_id}/follow-ups"): page_access(**PAGE_DESK),
    ("POST", "/web/complaints/{complaint_id}/delay-notices"): page_access(**PAGE_DESK),
    ("POST", "/web/complaints/{complaint_id}/upset"): page_access(**PAGE_DESK),
    ("POST", "/web/complaints/{complaint_id}/severe"): page_access(**PAGE_DESK),
    ("POST", "/web/complaints/{complaint_id}/staff-links"): page_access(**PAGE_DESK),
    ("POST", "/web/complaints/{complaint_id}/assignment"): page_access(
        ok=["supervisor"], forbidden=[c for c in CALLERS[1:] if c != "supervisor"], anon=LOGIN
    ),
    ("GET", "/web/supervisor/quality"): page_access(
        ok=["supervisor"], forbidden=[c for c in CALLERS[1:] if c != "supervisor"], anon=LOGIN
    ),
    ("POST", "/web/improvement-actions"): page_access(
        ok=["supervisor"], forbidden=[c for c in CALLERS[1:] if c != "supervisor"], anon=LOGIN
    ),
    ("POST", "/web/improvement-actions/{action_id}"): page_access(
        ok=["supervisor"], forbidden=[c for c in CALLERS[1:] if c != "supervisor"], anon=LOGIN
    ),
    ("GET", "/web/inbox"): page_access(ok=CUSTOMERS, forbidden=STAFF, anon=LOGIN),
    ("POST", "/web/inbox/{message_id}/read"): page_access(**PAGE_CUSTOMER_ONLY),
    ("GET", "/web/notification-preferences"): page_access(ok=CUSTOMERS, forbidden=STAFF, anon=LOGIN),
    ("POST", "/web/notification-preferences"): page_access(ok=CUSTOMERS, forbidden=STAFF, anon=LOGIN),
    ("GET", "/web/surveys"): page_access(ok=CUSTOMERS, forbidden=STAFF, anon=LOGIN),
    ("POST", "/web/surveys/{survey_id}/answers"): page_access(**PAGE_CUSTOMER_ONLY),
    ("GET", "/web/survey-follow-ups"): page_access(**PAGE_DESK),
    ("POST", "/web/survey-follow-ups/{follow_up_id}/closure"): page_access(
        ok=["complaint_handler", "supervisor"], forbidden=[*NOT_DESK, "senior_adjuster"], anon=LOGIN
    ),
    # The customer profile and its tags: as through the API.
    ("GET", "/web/customers/{customer_id}"): page_access(ok=STAFF, forbidden=CUSTOMERS, anon=LOGIN),
    ("POST", "/web/customers/{customer_id}/tags"): page_access(ok=TAGGERS, forbidden=[*CUSTOMERS, "admin"], anon=LOGIN),
    ("POST", "/web/customers/{customer_id}/tags/{tag_id}/remove"): page_access(
        ok=TAGGERS, forbidden=[*CUSTOMERS, "admin"], anon=LOGIN
    ),
}


def _routes_of(routes: Sequence[Any]) -> Iterator[APIRoute]:
    # A router included in another is a route of its own in newer FastAPI (its routes sit under
    # ``original_router``) and flattened into APIRoutes in older ones: walk both shapes.
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        else:
            inner = getattr(route, "original_router", route)
            yield from _routes_of(getattr(inner, "routes", ()))


def _page_routes() -> list[tuple[str, str]]:
    # Every page the app serves: read from the one router api.app mounts (api.web.router), so a
    # pages module included there cannot be left out of this matrix. The web router adds no prefix.
    from api.web.router import router

    return sorted((method, route.path) for route in _routes_of(router.routes) for method in route.methods or ())


PAGE_ROUTES = _page_routes()


def test_every_page_expectation_names_a_real_page_route() -> None:
    assert set(PAGE_EXPECTED) <= set(PAGE_ROUTES), set(PAGE_EXPECTED) - set(PAGE_ROUTES)
    assert all(path == "/" or path.startswith("/web") for _, path in PAGE_ROUTES)


def _sign_in(harness: Harness, headers: dict[str, str]) -> dict[str, str]:
    """The cookies of a browser signed in through the form as the user behind ``headers``."""
    client = harness.client
    email = client.get("/auth/me", headers=headers).json()["email"]
    client.cookies.clear()
    client.get("/web/login")
    response = client.post(
        "/web/login",
        data={"email": email, "password": PASSWORD, "csrf_token": client.cookies[CSRF_COOKIE], "next": "/web"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return {cookie.name: cookie.value for cookie in client.cookies.jar}


def _anonymous_browser(harness: Harness) -> dict[str, str]:
    """The cookies of a browser that opened the sign-in form (it holds the form's token)."""
    harness.client.cookies.clear()
    harness.client.get("/web/login")
    return {cookie.name: cookie.value for cookie in harness.client.cookies.jar}


def _page_form(world: World, path: str, jar: dict[str, str], claim_id: str) -> dict[str, Any]:
    """A valid form for the page (an invalid one would be refused before any role check)."""
    fields: dict[str, Callable[[], dict[str, Any]]] = {
        "/web/login": lambda: {"email": world.owner_email, "password": PASSWORD, "next": "/web"},
        "/web/claims/new": lambda: {
            "policy_number": "PDAA202611000001",
            "policy_start": "2026-01-01",
            "accident_at": "2026-11-20T09:30",
            "description": "matrix",
            "estimated_amount": "800",
        },
        "/web/claims/{claim_id}/dispute": lambda: {"text": "金额太低", "total": "9000"},
        "/web/claims/{claim_id}/estimates/{version}/signature": lambda: {"code": "000000"},
        "/web/claims/{claim_id}/payment": lambda: dict(PAYEE),
        "/web/claims/{claim_id}/training-consent": lambda: {"given": "false"},
        "/web/claims/{claim_id}/payment/failed": lambda: {"reason": "matrix"},
        "/web/claims/{claim_id}/capture": lambda: {"shot": "plate"},
        "/web/notification-preferences": lambda: {"channels": "in_app"},
        "/web/survey-follow-ups/{follow_up_id}/closure": lambda: {
            "channel": "phone",
            "outcome": "explained",
            "customer_calmed": "yes",
        },
        "/web/surveys/{survey_id}/answers": lambda: {
            "convenience": "4",
            "communication": "4",
            "amount_fairness": "4",
            "overall": "4",
        },
        "/web/complaints/{complaint_id}/decision": lambda: {
            "verdict": "justified",
            "remedies": ["voucher"],
            "voucher_type": "代金券",
            "voucher_value": "50",
            "reason": "matrix",
        },
        "/web/complaints/{complaint_id}/escalate": lambda: {"reason": "matrix"},
        "/web/complaints/{complaint_id}/reassessment": lambda: {
            "assessor": "matrix",
            "result": "matrix",
            "line_id": "front_glass/parts",
            "amount": "1500",
        },
        "/web/complaints/{complaint_id}/review": lambda: {"approve": "true", "reason": "matrix"},
        "/web/complaints/{complaint_id}/confirm": lambda: {"satisfied": "true"},
        "/web/complaints/{complaint_id}/contacts": lambda: {
            "channel": "phone",
            "purpose": "calming",
            "outcome": "reached",
            "customer_calmed": "yes",
        },
        "/web/complaints/{complaint_id}/follow-ups": lambda: {"channel": "phone", "outcome": "not_reached"},
        "/web/complaints/{complaint_id}/delay-notices": lambda: {
            "reason": "matrix",
            "new_time": (utcnow() + timedelta(days=2)).astimezone(world.harness.state.tz).strftime("%Y-%m-%dT%H:%M"),
        },
        "/web/complaints/{complaint_id}/upset": lambda: {"reason": "matrix"},
        "/web/complaints/{complaint_id}/severe": lambda: {"reason": "matrix"},
        "/web/complaints/{complaint_id}/staff-links": lambda: {
            "user_id": _user_id(world, "junior_adjuster"),
            "reason": "matrix",
        },
        "/web/complaints/{complaint_id}/assignment": lambda: {
            "assignee_id": _user_id(world, "complaint_handler"),
            "reason": "matrix",
        },
        "/web/improvement-actions": lambda: {**_IMPROVEMENT, "source_topic": "amount.other"},
        "/web/improvement-actions/{action_id}": lambda: {"status": "done"},
        "/web/claims/{claim_id}/estimates": lambda: {"vehicle_class": "midsize"},
        "/web/claims/{claim_id}/estimates/{version}/lines": lambda: {
            "line_id": _first_line_id(world, claim_id),
            "reason": "price_correction",
            "amount": "123.00",
        },
        "/web/claims/{claim_id}/transition": lambda: {"to": "under_review", "reason": "matrix"},
        "/web/claims/{claim_id}/estimates/{version}/operations": lambda: {
            "part": "hood",
            "action": "paint",
            "reason": "hidden_damage",
        },
        "/web/claims/{claim_id}/estimates/{version}/additions": lambda: {
            "kind": "labour",
            "description": "四轮定位",
            "amount": "150",
            "reason": "hidden_damage",
        },
        "/web/claims/{claim_id}/findings/corrections": lambda: _missed_damage_form(world),
        "/web/claims/{claim_id}/assignment": lambda: {"action": "take"},
        "/web/customers/{customer_id}/tags": lambda: {"label": f"标签{uuid.uuid4().hex[:6]}"},
    }
    files: dict[str, Callable[[], dict[str, Any]]] = {
        "/web/claims/{claim_id}/photos": lambda: {"file": ("p.jpg", images.unique_jpeg(), "image/jpeg")},
        "/web/claims/{claim_id}/documents": lambda: {"file": ("d.pdf", images.minimal_pdf(), "application/pdf")},
        "/web/claims/{claim_id}/capture": lambda: {"files": ("p.jpg", images.unique_jpeg(), "image/jpeg")},
        "/web/claims/{claim_id}/capture/{photo_id}/replace": lambda: {
            "file": ("p.jpg", images.unique_jpeg(), "image/jpeg")
        },
    }
    data = {"csrf_token": jar.get(CSRF_COOKIE, ""), **(fields[path]() if path in fields else {})}
    if path == "/web/claims/{claim_id}/documents":
        data["kind"] = "other"
    return {"data": data, **({"files": files[path]()} if path in files else {})}


def _missed_damage_form(world: World) -> dict[str, Any]:
    [correction] = _missed_damage(world)["corrections"]
    x1, y1, x2, y2 = correction.pop("xyxy")
    return {**correction, "x1": x1, "y1": y1, "x2": x2, "y2": y2}


def _first_line_id(world: World, claim_id: str) -> str:
    estimate = world.harness.client.get(
        f"/claims/{claim_id}/estimates/1", headers=world.headers["senior_adjuster"]
    ).json()
    return str(estimate["lines"][0]["line_id"])


def _page_request(world: World, method: str, path: str, jar: dict[str, str]) -> httpx.Response:
    client = world.harness.client
    claim_id = world.fresh_claim() if path.endswith("/transition") else world.claim_id
    claim_id = world.fresh_claim() if path.endswith(("/transition", "/assignment")) else world.claim_id
    if path.endswith(("/assess", "/findings/corrections")):
        claim_id = world.assessed_claim_id
    if "/estimates" in path:
        claim_id = world.estimate_claim(method, path.replace("/lines", "/revisions"), _SPARE_CLAIMS)
    if "/payment" in path:  # a signed claim with its payee given
        claim_id = matrix_claim(world.harness, world.headers[OWNER], "GET", path, _SPARE_CLAIMS)
    complaint_id = ""
    if "{complaint_id}" in path:
        complaint_id = world.complaint(path.replace("/review", "/approve"))
    if path.endswith("/analysis"):  # the page compares the figure the customer gave with the estimate
        complaint_id = _SPARE_CLAIMS.get(path) or _complaint_with_a_figure(world)
        _SPARE_CLAIMS[path] = complaint_id
    photo_id = world.photo_id
    if path.endswith(("/delete", "/replace")):  # each caller removes (or replaces) a photo of its own
        fresh = world.harness.upload_photo(world.headers[OWNER], claim_id, images.unique_jpeg())
        assert fresh.status_code == 201, fresh.text
        photo_id = fresh.json()["id"]
    path = path.replace("{rest:path}", "no-such/page")  # the catch-all 404 page
    url = path.format(
        claim_id=claim_id,
        photo_id=photo_id,
        document_id=world.read_document_id,
        complaint_id=complaint_id,
        action_id=_action_id(world) if "{action_id}" in path else "",
        message_id=world.inbox_message_id if "{message_id}" in path else "",
        survey_id=world.survey_id if "{survey_id}" in path else "",
        follow_up_id=world.follow_up_id() if "{follow_up_id}" in path else "",
        customer_id=_user_id(world, OWNER) if "{customer_id}" in path else "",
        tag_id=_tag_id(world) if "{tag_id}" in path else "",
        version=1,
        name="style.css",
    )
    client.cookies.clear()
    for name, value in jar.items():
        client.cookies.set(name, value)
    kwargs = _page_form(world, path, jar, claim_id) if method == "POST" else {}
    response = client.request(method, url, follow_redirects=False, **kwargs)
    if response.status_code < 400:
        _SPARE_CLAIMS.pop(path.replace("/lines", "/revisions"), None)
    return response


def _complaint_with_a_figure(world: World) -> str:
    created = world.harness.client.post(
        f"/claims/{world.priced_claim_id}/complaints",
        json={"channel": "app", "text": "金额太低", "demand": "期望金额 9000.00", "estimate_version": 1},
        headers=world.headers[OWNER],
    )
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


def _page_error(html: str) -> str:
    section = html.split('data-testid="error"', 1)[-1]
    return " ".join(re.sub(r"<[^>]+>", " ", section).split())[:300]


def _page_outcome(response: httpx.Response) -> Any:
    if response.status_code == 303 and response.headers["location"].startswith("/web/login?next="):
        return LOGIN
    if response.status_code in (FORBIDDEN, NOT_FOUND):
        return response.status_code
    assert response.status_code != 422, f"the matrix's form is invalid: {_page_error(response.text)}"
    assert response.status_code < 400 or response.status_code == 409, response.text[:300]
    return ALLOWED


@pytest.mark.parametrize(("method", "path"), PAGE_ROUTES, ids=[f"{m} {p}" for m, p in PAGE_ROUTES])
def test_page_access_for_every_caller(harness: Harness, method: str, path: str) -> None:
    expected = PAGE_EXPECTED.get((method, path))
    assert expected is not None, f"page {method} {path} has no entry in PAGE_EXPECTED: decide who may use it"
    world = _world(harness)
    _SPARE_CLAIMS.clear()
    jars = {
        caller: _anonymous_browser(harness) if caller == ANON else _sign_in(harness, world.headers[caller])
        for caller in CALLERS
    }
    outcomes = {caller: _page_outcome(_page_request(world, method, path, jars[caller])) for caller in CALLERS}
    assert outcomes == expected
