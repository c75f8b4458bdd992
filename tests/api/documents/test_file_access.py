"""Stored files are served as attachments that never render inline, and raw ID-card images only
to the roles that see ID numbers unmasked."""

from __future__ import annotations

import io
import zipfile

import httpx
import pytest

from api.auth.roles import Role
from tests.fixtures import images
from tests.fixtures.harness import Harness

PDF_WITH_JAVASCRIPT = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R/OpenAction 3 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"3 0 obj<</S/JavaScript/JS(app.alert('pwned'))>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _jpeg_zip_polyglot() -> bytes:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("index.html", "<script>alert(1)</script>")
    return images.jpeg(seed=3, size=(640, 480)) + archive.getvalue()


def _assert_attachment(response: httpx.Response, media_type: str) -> None:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == media_type
    assert response.headers["content-disposition"].startswith("attachment;")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in response.headers["content-security-policy"]


def _upload_document(h: Harness, headers: dict[str, str], claim_id: str, data: bytes, kind: str) -> str:
    response = h.client.post(
        f"/claims/{claim_id}/documents", files={"file": ("f.bin", data)}, data={"kind": kind}, headers=headers
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


@pytest.mark.parametrize(
    ("data", "media_type"),
    [(PDF_WITH_JAVASCRIPT, "application/pdf"), (_jpeg_zip_polyglot(), "image/jpeg")],
    ids=["pdf-with-javascript", "jpeg-zip-polyglot"],
)
def test_documents_are_attachments_with_their_sniffed_type(harness: Harness, data: bytes, media_type: str) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    claim = harness.create_claim(customer)
    document_id = _upload_document(harness, customer, claim["id"], data, "repair_quote")
    response = harness.client.get(f"/claims/{claim['id']}/documents/{document_id}/content", headers=customer)
    _assert_attachment(response, media_type)


def test_photos_are_attachments_too(harness: Harness) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    claim = harness.create_claim(customer)
    photo = harness.upload_photo(customer, claim["id"], images.jpeg(seed=5, size=(640, 480)))
    assert photo.status_code == 201, photo.text
    response = harness.client.get(f"/claims/{claim['id']}/photos/{photo.json()['id']}/content", headers=customer)
    _assert_attachment(response, "image/jpeg")


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.JUNIOR_ADJUSTER, 200),
        (Role.SENIOR_ADJUSTER, 200),
        (Role.SUPERVISOR, 200),
        (Role.COMPLAINT_HANDLER, 403),  # sees ID numbers masked, so not the raw card either
        (Role.ADMIN, 403),
    ],
)
@pytest.mark.parametrize("kind", ["id_card", "driving_licence"])
def test_raw_id_images_only_for_roles_that_see_unmasked_numbers(
    harness: Harness, role: Role, status: int, kind: str
) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    claim = harness.create_claim(customer)
    document_id = _upload_document(harness, customer, claim["id"], images.jpeg(seed=9, size=(640, 400)), kind)
    path = f"/claims/{claim['id']}/documents/{document_id}/content"
    assert harness.client.get(path, headers=customer).status_code == 200  # the card's own customer
    _, staff = harness.login(role)
    response = harness.client.get(path, headers=staff)
    assert response.status_code == status
    if status == 403:
        assert response.json()["type"].endswith(":raw-document-restricted")
        listed = harness.client.get(f"/claims/{claim['id']}/documents", headers=staff)
        assert listed.status_code == 200 and len(listed.json()) == 1  # the list still says it exists


def test_other_documents_stay_readable_by_the_complaint_desk(harness: Harness) -> None:
    _, customer = harness.login(Role.CUSTOMER)
    claim = harness.create_claim(customer)
    document_id = _upload_document(harness, customer, claim["id"], images.jpeg(seed=4, size=(640, 400)), "repair_quote")
    _, handler = harness.login(Role.COMPLAINT_HANDLER)
    response = harness.client.get(f"/claims/{claim['id']}/documents/{document_id}/content", headers=handler)
    assert response.status_code == 200
