"""A seeded world on a live server, for probes that should go deep: one user per role created
through the auth service, real tokens from ``POST /auth/token``, and real ids — a claim with
photos and documents (one read by OCR), an assessed and priced claim, an analysed complaint."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy.orm import Session, sessionmaker

from api.auth import service as auth_service
from api.auth.roles import Role
from api.db.engine import unit_of_work
from tests.fixtures import images
from tests.fixtures.harness import claim_body

PASSWORD = "reliability-password-1"
ANONYMOUS = "anonymous"
OTHER_CUSTOMER = "other_customer"  # a second customer: every seeded id belongs to someone else
ROLES: tuple[str, ...] = (*(role.value for role in Role), OTHER_CUSTOMER, ANONYMOUS)

PRICE_BODY: dict[str, Any] = {
    "vehicle": {"vehicle_class": "compact"},
    "region": "310000",
    "policy_terms": {"fault_deductible_rate": "0.10", "absolute_deductible": {"amount": "100.00", "currency": "CNY"}},
}


@dataclass
class World:
    """Who is who and which ids exist; ``headers[role]`` carries that role's bearer token."""

    emails: dict[str, str]
    headers: dict[str, dict[str, str]]
    claims: dict[str, str]  # "documents", "priced", "fresh" -> claim id (all the customer's)
    photo_ids: list[str]
    document_ids: list[str]
    read_document_id: str
    complaint_id: str
    extra: dict[str, Any] = field(default_factory=dict)

    def owned_ids(self) -> set[str]:
        """Every seeded id of a claim, photo, document or complaint (all the customer's)."""
        return {*self.claims.values(), *self.photo_ids, *self.document_ids, self.read_document_id, self.complaint_id}

    def path_values(self) -> dict[str, list[str | int]]:
        """Candidate values per path parameter name."""
        return {
            "claim_id": list(self.claims.values()),
            "photo_id": list(self.photo_ids),
            "document_id": [*self.document_ids, self.read_document_id],
            "complaint_id": [self.complaint_id],
            "version": [1, 2],
        }


def create_users(session_factory: sessionmaker[Session], *, prefix: str = "") -> dict[str, str]:
    """One user per role through ``api.auth.service.create_user``; returns role -> email."""
    emails: dict[str, str] = {}
    with unit_of_work(session_factory) as session:
        for role in Role:
            email = f"{prefix}{role.value}-{uuid.uuid4().hex[:8]}@example.test"
            auth_service.create_user(session, email=email, password=PASSWORD, role=role)
            emails[role.value] = email
    return emails


def login(client: httpx.Client, email: str) -> dict[str, str]:
    response = client.post("/auth/token", data={"username": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def _ok(response: httpx.Response, status: int = 201) -> dict[str, Any]:
    assert response.status_code == status, f"{response.request.method} {response.request.url}: {response.text}"
    return dict(response.json())


def assess(client: httpx.Client, headers: dict[str, str], claim_id: str) -> dict[str, Any]:
    """Run the claim's assessment job and wait for it (``Prefer: wait``); the job must succeed."""
    response = client.post(f"/claims/{claim_id}/assessments", headers={**headers, "Prefer": "wait=60"})
    job = _ok(response, 202)
    assert job["status"] == "succeeded", f"assessment job of {claim_id}: {job}"
    return job


def upload_photo(client: httpx.Client, headers: dict[str, str], claim_id: str, seed: int) -> dict[str, Any]:
    data = images.jpeg(seed, size=(640, 480))
    return _ok(
        client.post(f"/claims/{claim_id}/photos", files={"file": ("p.jpg", data, "image/jpeg")}, headers=headers)
    )


def seed_world(client: httpx.Client, session_factory: sessionmaker[Session]) -> World:
    """Seed through the API (the server's model runtimes are the fakes of ``faults.use_fakes``)."""
    from tests.api.disputes.helpers import golden_body

    emails = create_users(session_factory)
    headers = {role: login(client, email) for role, email in emails.items()}
    other = create_users(session_factory, prefix="other-")[Role.CUSTOMER.value]
    emails[OTHER_CUSTOMER] = other
    headers[OTHER_CUSTOMER] = login(client, other)
    headers[ANONYMOUS] = {}
    customer, senior = headers[Role.CUSTOMER.value], headers[Role.SENIOR_ADJUSTER.value]

    documents = str(_ok(client.post("/claims", json=claim_body(), headers=customer))["id"])
    photo_ids = [str(upload_photo(client, customer, documents, seed)["id"]) for seed in (11, 12)]
    pdf = client.post(
        f"/claims/{documents}/documents",
        files={"file": ("quote.pdf", images.minimal_pdf(), "application/pdf")},
        data={"kind": "repair_quote"},
        headers=customer,
    )
    card = client.post(
        f"/claims/{documents}/documents",
        files={"file": ("id.png", images.png(3, size=(1000, 700)), "image/png")},
        data={"kind": "id_card"},
        headers=customer,
    )
    card_id = str(_ok(card)["id"])
    reading = client.post(
        f"/claims/{documents}/documents/{card_id}/readings", headers={**customer, "Prefer": "wait=60"}
    )
    assert _ok(reading, 202)["status"] == "succeeded", reading.text

    priced = str(_ok(client.post("/claims", json=claim_body(), headers=customer))["id"])
    photo_ids.append(str(upload_photo(client, customer, priced, 21)["id"]))
    assess(client, senior, priced)
    _ok(client.post(f"/claims/{priced}/estimates", json=PRICE_BODY, headers=senior))
    complaint = _ok(
        client.post(f"/claims/{priced}/complaints", json={"channel": "app", "text": "金额太低"}, headers=customer)
    )
    handler = headers[Role.COMPLAINT_HANDLER.value]
    _ok(client.post(f"/complaints/{complaint['id']}/analysis", json=golden_body(), headers=handler))

    fresh = str(_ok(client.post("/claims", json=claim_body(), headers=customer))["id"])
    return World(
        emails=emails,
        headers=headers,
        claims={"documents": documents, "priced": priced, "fresh": fresh},
        photo_ids=photo_ids,
        document_ids=[str(_ok(pdf)["id"])],
        read_document_id=card_id,
        complaint_id=str(complaint["id"]),
    )
