"""Every endpoint × every role: who gets through, who is refused, and how.

The routes are read from the app itself, so a new endpoint without an entry in ``EXPECTED``
fails here until someone decides who may call it.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from api.app import create_app
from api.auth.roles import Role
from api.config import Settings
from tests.api.estimates.helpers import PRICE_BODY
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
    *, ok: list[str], forbidden: list[str] = (), not_found: list[str] = (), anon: Any = UNAUTH
) -> dict[str, Any]:  # type: ignore[assignment]
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
COMPLAINT_READERS = dict(ok=[OWNER, *DESK], forbidden=["junior_adjuster", "admin"], not_found=[OTHER])

EXPECTED: dict[tuple[str, str], dict[str, Any]] = {
    ("GET", "/health"): access(ok=EVERYONE_SIGNED_IN, anon=OK),
    ("GET", "/ready"): access(ok=EVERYONE_SIGNED_IN, anon=OK),
    ("POST", "/auth/token"): access(ok=EVERYONE_SIGNED_IN, anon=OK),
    ("GET", "/auth/me"): access(ok=EVERYONE_SIGNED_IN),
    ("POST", "/auth/logout"): access(ok=EVERYONE_SIGNED_IN),
    ("POST", "/users"): access(ok=["admin"], forbidden=[OWNER, OTHER, *STAFF[:-1]]),
    ("POST", "/claims"): access(ok=[OWNER, OTHER], forbidden=STAFF),
    # The complaint desk: the customer on their own claim or complaint, the desk (complaint handlers,
    # the senior claims team, supervisors); supervisors approve decisions above authority.
    ("POST", "/claims/{claim_id}/complaints"): access(**COMPLAINT_READERS),
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
    ("GET", "/reports/complaints/weekly"): access(ok=DESK, forbidden=NOT_DESK),
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
    # Estimates: adjusters price, revise and approve (a customer is refused by role, before any claim
    # is looked up); the claim's customer and all staff read.
    ("POST", "/claims/{claim_id}/estimates"): access(
        ok=ADJUSTERS, forbidden=[OWNER, OTHER, "complaint_handler", "admin"]
    ),
    ("GET", "/claims/{claim_id}/estimates"): access(**CLAIM_READERS),
    ("GET", "/claims/{claim_id}/estimates/{version}"): access(**CLAIM_READERS),
    ("POST", "/claims/{claim_id}/estimates/{version}/revisions"): access(
        ok=ADJUSTERS, forbidden=[OWNER, OTHER, "complaint_handler", "admin"]
    ),
    ("POST", "/claims/{claim_id}/estimates/{version}/approve"): access(
        ok=ADJUSTERS, forbidden=[OWNER, OTHER, "complaint_handler", "admin"]
    ),
    ("GET", "/claims/{claim_id}/estimates/{version}/report.html"): access(**CLAIM_READERS),
    ("GET", "/claims/{claim_id}/estimates/{version}/report.pdf"): access(**CLAIM_READERS),
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

    def complaint(self, path: str) -> str:
        """A complaint in the state the endpoint acts on (a fresh one where the call changes it)."""
        if not path.endswith(("/decision", "/approve", "/escalate", "/confirm")):
            return self.analysed_complaint_id
        client, desk = self.harness.client, self.headers["complaint_handler"]
        created = client.post(
            f"/claims/{self.claim_id}/complaints", json={"channel": "app", "text": "金额太低"}, headers=desk
        )
        complaint_id = str(created.json()["id"])
        decision: dict[str, Any] = {"verdict": "justified", "remedies": ["pay_difference"], "reason": "matrix"}
        if path.endswith("/approve"):  # above the handler's authority: waits for a supervisor
            decision["compensation"] = {"amount": "99999.00", "currency": "CNY"}
        if path.endswith(("/approve", "/confirm")):  # /confirm: within authority, feedback to confirm
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
    assert harness.client.post(f"/claims/{assessed}/assessments", headers=headers["senior_adjuster"]).is_success
    harness.state.ocr = FakeOcrEngine(ID_FRONT_MERGED)
    card = harness.client.post(
        f"/claims/{claim_id}/documents",
        files={"file": ("id.png", images.png(size=(1000, 700)), "image/png")},
        data={"kind": "id_card"},
        headers=headers[OWNER],
    )
    assert card.status_code == 201, card.text
    read = harness.client.post(f"/claims/{claim_id}/documents/{card.json()['id']}/readings", headers=headers[OWNER])
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
    if path.endswith("/assessments/latest"):
        claim_id = world.assessed_claim_id
    if "/estimates" in path:
        claim_id = world.estimate_claim(method, path, _SPARE_CLAIMS)
    complaint_id = world.complaint(path) if "{complaint_id}" in path else ""
    photo_id = world.photo_id
    if method == "DELETE" and path.endswith("/photos/{photo_id}"):  # each caller removes a photo of its own
        fresh = world.harness.upload_photo(world.headers[OWNER], claim_id, images.jpeg(uuid.uuid4().int % 9999))
        assert fresh.status_code == 201, fresh.text
        photo_id = fresh.json()["id"]
    url = path.format(
        claim_id=claim_id,
        photo_id=photo_id,
        document_id=world.read_document_id if "/readings" in path else world.document_id,
        complaint_id=complaint_id,
        version=1,
    )
    if path == "/reports/complaints/weekly":
        url += "?week=2026-W48"
    headers = world.headers[caller]
    builders: dict[str, Callable[[], dict[str, Any]]] = {
        "/auth/token": lambda: {"data": {"username": world.owner_email, "password": PASSWORD}},
        "/users": lambda: {
            "json": {"email": f"{uuid.uuid4().hex[:8]}@example.test", "password": "long-enough-pw", "role": "customer"}
        },
        "/claims": lambda: {"json": claim_body()},
        "/claims/{claim_id}/photos": lambda: {
            "files": {"file": ("p.jpg", images.jpeg(uuid.uuid4().int % 9999), "image/jpeg")}
        },
        "/claims/{claim_id}/documents": lambda: {"files": {"file": ("d.pdf", images.minimal_pdf(), "application/pdf")}},
        "/claims/{claim_id}/transitions": lambda: {"json": {"to": "under_review", "reason": "matrix"}},
        "/claims/{claim_id}/complaints": lambda: {"json": {"channel": "app", "text": "金额太低"}},
        "/complaints/{complaint_id}": lambda: {"json": {"cause": "process", "reason": "matrix"}},
        "/complaints/{complaint_id}/analysis": lambda: {"json": _golden_body()},
        "/complaints/{complaint_id}/decision": lambda: {
            "json": {"verdict": "justified", "remedies": ["voucher"], "reason": "matrix"}
        },
        "/complaints/{complaint_id}/approve": lambda: {"json": {"approve": True, "reason": "matrix"}},
        "/complaints/{complaint_id}/escalate": lambda: {"json": {"reason": "matrix"}},
        "/complaints/{complaint_id}/confirm": lambda: {"json": {"satisfied": True}},
        "/auth/logout": dict,
        "/claims/{claim_id}/assessments": dict,
        "/claims/{claim_id}/documents/{document_id}/readings": dict,
        "/claims/{claim_id}/documents/{document_id}/readings/latest": lambda: {
            "json": {"field": "name", "value": "张伟"}
        },
        "/claims/{claim_id}/documents/{document_id}/readings/latest/confirm": dict,
        "/claims/{claim_id}/estimates": lambda: {"json": PRICE_BODY},
        "/claims/{claim_id}/estimates/{version}/revisions": lambda: {"json": _HIDDEN_DAMAGE},
        "/claims/{claim_id}/estimates/{version}/approve": dict,
    }
    kwargs = builders[path]() if method in ("POST", "PATCH") else {}
    response = client.request(method, url, headers=headers, **kwargs)
    if response.is_success:
        _SPARE_CLAIMS.pop(path, None)
    return response


_SPARE_CLAIMS: dict[str, str] = {}
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
