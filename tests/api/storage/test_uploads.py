from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from PIL import Image

from api.auth.roles import Role
from api.errors import PROBLEM_MEDIA_TYPE
from tests.fixtures import images
from tests.fixtures.blobs import location
from tests.fixtures.harness import Harness

Owner = tuple[dict[str, str], dict[str, Any]]


@pytest.fixture
def owner(harness: Harness) -> Owner:
    _, headers = harness.login(Role.CUSTOMER)
    return headers, harness.create_claim(headers)


@pytest.mark.parametrize(
    ("data", "media_type"),
    [(images.jpeg(1), "image/jpeg"), (images.png(2), "image/png"), (images.webp(3), "image/webp")],
    ids=["jpeg", "png", "webp"],
)
def test_photo_upload_stores_content_addressed_file(
    harness: Harness, owner: Owner, data: bytes, media_type: str
) -> None:
    headers, claim = owner
    # The declared name and type are ignored: the bytes decide.
    response = harness.upload_photo(
        headers, claim["id"], data, filename="x.bin", content_type="application/octet-stream"
    )
    assert response.status_code == 201, response.text
    photo = response.json()
    assert photo["content_type"] == media_type
    assert photo["sha256"] == hashlib.sha256(data).hexdigest()
    assert (photo["width"], photo["height"]) == (480, 320)
    assert harness.state.blobs.read(photo["sha256"]) == data
    sha256 = photo["sha256"]
    assert location(harness.state.blobs, sha256) == f"{sha256[:2]}/{sha256[2:4]}/{sha256}"
    listed = harness.client.get(f"/claims/{claim['id']}/photos", headers=headers).json()
    assert [p["id"] for p in listed] == [photo["id"]]
    content = harness.client.get(f"/claims/{claim['id']}/photos/{photo['id']}/content", headers=headers)
    assert content.status_code == 200 and content.content == data
    assert content.headers["content-type"] == media_type


def test_exif_orientation_is_applied_and_capture_time_kept(harness: Harness, owner: Owner) -> None:
    headers, claim = owner
    taken = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
    local = taken.astimezone(harness.state.tz).replace(tzinfo=None)
    data = images.jpeg(4, size=(480, 320), orientation=6, captured_at=local)  # 6: rotate 90° clockwise
    response = harness.upload_photo(headers, claim["id"], data)
    assert response.status_code == 201, response.text
    photo = response.json()
    assert (photo["width"], photo["height"]) == (320, 480)
    assert datetime.fromisoformat(photo["captured_at"]) == taken
    stored = Image.open(io.BytesIO(harness.state.blobs.read(photo["sha256"])))
    assert stored.size == (320, 480)
    assert stored.getexif().get(images.ORIENTATION, 1) == 1  # upright: no rotation left to apply
    assert photo["sha256"] != hashlib.sha256(data).hexdigest()


def test_capture_time_uses_the_exif_offset_when_present(harness: Harness, owner: Owner) -> None:
    headers, claim = owner
    data = images.jpeg(5, captured_at=datetime(2026, 3, 1, 8, 0, 0), offset="+02:00")
    photo = harness.upload_photo(headers, claim["id"], data).json()
    assert datetime.fromisoformat(photo["captured_at"]) == datetime(2026, 3, 1, 6, 0, tzinfo=UTC)


def test_same_content_is_stored_once(harness: Harness, owner: Owner) -> None:
    headers, claim = owner
    data = images.jpeg(6)
    other_claim = harness.create_claim(headers)
    first = harness.upload_photo(headers, claim["id"], data).json()
    second = harness.upload_photo(headers, other_claim["id"], data).json()
    assert first["id"] != second["id"] and first["sha256"] == second["sha256"]
    assert len(harness.stored_files()) == 1


def _assert_problem(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
    assert response.json()["type"] == f"urn:claimsight:problem:{code}"


@pytest.mark.parametrize(
    ("data", "filename", "status", "code"),
    [
        (b"GIF89a" + b"\x00" * 64, "photo.jpg", 415, "unsupported-file-type"),
        (b"just some text, named like a photo", "photo.jpg", 415, "unsupported-file-type"),
        (images.minimal_pdf(), "photo.png", 415, "unsupported-file-type"),
        (images.truncated_jpeg(7), "photo.jpg", 422, "corrupt-image"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 200, "photo.jpg", 422, "corrupt-image"),
        (images.png_bomb(), "bomb.png", 413, "image-too-large"),
        (b"", "empty.jpg", 422, "empty-file"),
    ],
    ids=["gif", "text", "pdf-as-photo", "truncated-jpeg", "garbage-jpeg", "png-bomb", "empty"],
)
def test_bad_photos_are_precise_problems_and_leave_nothing(
    harness: Harness, owner: Owner, data: bytes, filename: str, status: int, code: str
) -> None:
    headers, claim = owner
    before = harness.snapshot()
    response = harness.upload_photo(headers, claim["id"], data, filename=filename)
    _assert_problem(response, status, code)
    assert harness.snapshot() == before


def test_png_bomb_is_small_on_the_wire() -> None:
    bomb = images.png_bomb()
    assert len(bomb) < 200_000
    with Image.open(io.BytesIO(bomb)) as image:
        assert image.width * image.height > 40_000_000


def test_oversized_file_and_body_are_413(harness_factory: Callable[..., Any]) -> None:
    with harness_factory(storage={"max_photo_bytes": 4096, "max_document_bytes": 4096}) as h:
        _, headers = h.login(Role.CUSTOMER)
        claim = h.create_claim(headers)
        before = h.snapshot()
        big_file = images.jpeg(8, size=(400, 300), quality=100)
        assert 4096 < len(big_file) < 64 * 1024
        _assert_problem(h.upload_photo(headers, claim["id"], big_file), 413, "file-too-large")
        # A body over the limit is refused from its Content-Length, before it is read.
        huge = b"\xff\xd8\xff" + b"\x00" * (200 * 1024)
        _assert_problem(h.upload_photo(headers, claim["id"], huge), 413, "body-too-large")

        # Without a Content-Length (chunked), the body is counted as it arrives.
        def chunks() -> Iterator[bytes]:
            boundary = b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n\r\n'
            yield boundary
            for _ in range(100):
                yield b"\x00" * 4096
            yield b"\r\n--b--\r\n"

        chunked = h.client.post(
            f"/claims/{claim['id']}/photos",
            content=chunks(),
            headers={**headers, "Content-Type": "multipart/form-data; boundary=b"},
        )
        _assert_problem(chunked, 413, "body-too-large")
        assert h.snapshot() == before


def test_upload_without_file_field_is_422(harness: Harness, owner: Owner) -> None:
    headers, claim = owner
    response = harness.client.post(f"/claims/{claim['id']}/photos", data={"nothing": "here"}, headers=headers)
    _assert_problem(response, 422, "validation-error")


def test_upload_to_unknown_or_foreign_claim_is_404_and_leaves_nothing(harness: Harness, owner: Owner) -> None:
    headers, claim = owner
    _, stranger = harness.login(Role.CUSTOMER)
    before = harness.snapshot()
    for claim_id, who in ((claim["id"], stranger), ("00000000-0000-4000-8000-000000000000", headers)):
        _assert_problem(harness.upload_photo(who, claim_id, images.jpeg(9)), 404, "claim-not-found")
    assert harness.snapshot() == before


def test_unknown_photo_id_is_404(harness: Harness, owner: Owner) -> None:
    headers, claim = owner
    response = harness.client.get(
        f"/claims/{claim['id']}/photos/00000000-0000-4000-8000-000000000000/content", headers=headers
    )
    _assert_problem(response, 404, "photo-not-found")


def test_photo_of_another_claim_is_not_served_through_this_one(harness: Harness, owner: Owner) -> None:
    headers, claim = owner
    other_claim = harness.create_claim(headers)
    photo = harness.upload_photo(headers, other_claim["id"], images.jpeg(10)).json()
    response = harness.client.get(f"/claims/{claim['id']}/photos/{photo['id']}/content", headers=headers)
    _assert_problem(response, 404, "photo-not-found")


def test_failure_after_the_file_is_written_removes_it_and_the_row(
    harness: Harness,
    owner: Owner,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    headers, claim = owner
    kept = harness.upload_photo(headers, claim["id"], images.jpeg(11)).json()
    other_claim = harness.create_claim(headers)
    before = harness.snapshot()

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database went away")

    from api.storage import service

    monkeypatch.setattr(service.fraud, "check_photo", explode)
    response = harness.upload_photo(headers, claim["id"], images.jpeg(12))
    assert response.status_code == 500
    assert "database went away" not in response.text
    assert harness.snapshot() == before
    # A failed upload of content that was already stored must not delete the shared file.
    again = harness.upload_photo(headers, other_claim["id"], harness.state.blobs.read(kept["sha256"]))
    assert again.status_code == 500
    assert harness.state.blobs.exists(kept["sha256"])
    assert harness.snapshot() == before


# --- documents -------------------------------------------------------------------------------


def test_document_upload_and_download(harness: Harness, owner: Owner) -> None:
    headers, claim = owner
    pdf = images.minimal_pdf()
    response = harness.client.post(
        f"/claims/{claim['id']}/documents",
        files={"file": ("quote.jpg", pdf, "image/jpeg")},
        data={"kind": "repair_quote"},
        headers=headers,
    )
    assert response.status_code == 201, response.text
    document = response.json()
    assert (document["content_type"], document["kind"]) == ("application/pdf", "repair_quote")
    listed = harness.client.get(f"/claims/{claim['id']}/documents", headers=headers).json()
    assert [d["id"] for d in listed] == [document["id"]]
    content = harness.client.get(f"/claims/{claim['id']}/documents/{document['id']}/content", headers=headers)
    assert content.content == pdf and content.headers["content-type"] == "application/pdf"


@pytest.mark.parametrize(
    ("data", "kind", "status", "code"),
    [
        (images.webp(13), "other", 415, "unsupported-file-type"),  # photos may be WebP, documents not
        (images.minimal_pdf()[:-8], "policy", 422, "corrupt-document"),
        (images.truncated_jpeg(14), "id_card", 422, "corrupt-document"),
        (images.png_bomb(), "other", 413, "image-too-large"),
        (images.minimal_pdf(), "passport", 422, "validation-error"),
    ],
    ids=["webp", "truncated-pdf", "truncated-jpeg", "png-bomb", "unknown-kind"],
)
def test_bad_documents_are_precise_problems_and_leave_nothing(
    harness: Harness, owner: Owner, data: bytes, kind: str, status: int, code: str
) -> None:
    headers, claim = owner
    before = harness.snapshot()
    response = harness.client.post(
        f"/claims/{claim['id']}/documents",
        files={"file": ("d", data, "application/pdf")},
        data={"kind": kind},
        headers=headers,
    )
    _assert_problem(response, status, code)
    assert harness.snapshot() == before
