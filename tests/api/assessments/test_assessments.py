from __future__ import annotations

from api.auth.roles import Role
from tests.fixtures.fake_detector import FakeDetector
from tests.fixtures.fake_parts import FakePartSegmenter
from tests.fixtures.harness import Harness


def test_assessing_stores_findings_per_photo_with_the_model_version(harness: Harness) -> None:
    detector = FakeDetector()
    harness.state.detector = detector
    harness.state.parts = None  # without a part model every part is unknown, and says why
    _, customer = harness.login(Role.CUSTOMER)
    _, adjuster = harness.login(Role.SENIOR_ADJUSTER)
    claim = harness.create_claim(customer)
    photo_ids = [harness.upload_photo(customer, claim["id"]).json()["id"] for _ in range(2)]

    response = harness.assess(claim["id"], adjuster)

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["model_version"] == "0.0.0-fake" and body["model_sha256"] == "f" * 64
    assert body["not_yet_detectable"] == ["crack", "tire_flat"]
    assert sorted(p["photo_id"] for p in body["photos"]) == sorted(photo_ids)
    (width, height), _ = detector.calls
    finding = body["photos"][0]["findings"][0]
    assert finding["damage_type"] == "dent" and finding["part"] == "unknown"
    assert finding["part_method"] == "no_part_model" and finding["severity"] in {"minor", "moderate", "severe"}
    assert finding["severity_rule"].startswith("R-SEV-")
    assert finding["xyxy"] == [width / 4, height / 4, 3 * width / 4, 3 * height / 4]
    claim_now = harness.client.get(f"/claims/{claim['id']}", headers=adjuster).json()
    assert claim_now["state"] == "under_review"
    latest = harness.client.get(f"/claims/{claim['id']}/assessments/latest", headers=customer).json()
    assert latest["id"] == body["id"]


def test_a_claim_without_photos_is_a_409_and_nothing_moves(harness: Harness) -> None:
    harness.state.detector = FakeDetector()
    _, customer = harness.login(Role.CUSTOMER)
    _, adjuster = harness.login(Role.SENIOR_ADJUSTER)
    claim = harness.create_claim(customer)
    before = harness.row_counts()

    response = harness.assess(claim["id"], adjuster)

    assert response.status_code == 409
    assert response.headers["content-type"].startswith("application/problem+json")
    assert harness.row_counts() == before
    assert harness.client.get(f"/claims/{claim['id']}", headers=adjuster).json()["state"] == "submitted"


def test_customers_cannot_run_an_assessment_and_see_only_their_own(harness: Harness) -> None:
    harness.state.detector = FakeDetector()
    _, customer = harness.login(Role.CUSTOMER)
    _, other = harness.login(Role.CUSTOMER)
    claim = harness.create_claim(customer)
    harness.upload_photo(customer, claim["id"])

    assert harness.assess(claim["id"], customer).status_code == 403
    assert harness.client.get(f"/claims/{claim['id']}/assessments/latest", headers=other).status_code == 404
    assert harness.client.get(f"/claims/{claim['id']}/assessments/latest", headers=customer).status_code == 404


def test_without_a_loaded_detector_assessing_is_a_503_problem(harness: Harness) -> None:
    harness.state.detector = None
    _, customer = harness.login(Role.CUSTOMER)
    _, adjuster = harness.login(Role.SENIOR_ADJUSTER)
    claim = harness.create_claim(customer)
    harness.upload_photo(customer, claim["id"])

    response = harness.assess(claim["id"], adjuster)

    assert response.status_code == 503
    assert response.json()["title"] == "Detector not loaded"


def test_the_detector_card_says_what_cannot_be_detected_yet(harness: Harness) -> None:
    harness.state.detector = FakeDetector()
    _, customer = harness.login(Role.CUSTOMER)

    body = harness.client.get("/models/damage-detector", headers=customer).json()

    assert body["not_yet_detectable"] == ["crack", "tire_flat"]
    assert body["trained_classes"] == ["dent", "scratch", "glass_shatter", "lamp_broken"]


def test_with_a_part_segmenter_the_finding_names_its_part_and_side(harness: Harness) -> None:
    harness.state.detector = FakeDetector()
    harness.state.parts = FakePartSegmenter()
    _, customer = harness.login(Role.CUSTOMER)
    _, adjuster = harness.login(Role.SENIOR_ADJUSTER)
    claim = harness.create_claim(customer)
    harness.upload_photo(customer, claim["id"])

    body = harness.assess(claim["id"], adjuster).json()

    (photo,) = body["photos"]
    (finding,) = photo["findings"]
    assert finding["part"] == "front_left_door" and finding["part_method"] == "mask_overlap"
    # The fake dent covers the whole fake door: damage/part ratio 1.0.
    assert finding["severity"] == "severe" and "part" in finding["severity_rule"]
    assert body["part_model_version"] == "0.0.0-fake"
    assert all({"code", "message_zh", "message_en"} <= set(flag) for flag in photo["quality_flags"])


def test_models_see_a_reduced_photo_and_boxes_come_back_in_photo_pixels(harness: Harness) -> None:
    from tests.fixtures import images

    detector, parts = FakeDetector(), FakePartSegmenter()
    harness.state.detector, harness.state.parts = detector, parts
    _, customer = harness.login(Role.CUSTOMER)
    _, adjuster = harness.login(Role.SENIOR_ADJUSTER)
    claim = harness.create_claim(customer)
    assert harness.upload_photo(customer, claim["id"], images.jpeg(3, size=(2400, 1800))).status_code == 201

    body = harness.assess(claim["id"], adjuster).json()

    assert detector.calls == parts.calls == [(640, 480)]  # decoded at reduced scale, never 2400x1800
    (finding,) = body["photos"][0]["findings"]
    assert finding["xyxy"] == [600.0, 450.0, 1800.0, 1350.0]  # the fake's central box, in the photo's pixels
    assert finding["part"] == "front_left_door" and finding["part_method"] == "mask_overlap"
