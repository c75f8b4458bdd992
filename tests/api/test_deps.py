from __future__ import annotations

from typing import cast

from api.deps import DetectorDep
from api.errors import PROBLEM_MEDIA_TYPE
from inference.runtime import DamageDetector
from tests.fixtures.harness import Harness


def test_detector_dep_is_503_until_a_detector_is_loaded(harness: Harness) -> None:
    def detect(detector: DetectorDep) -> dict[str, str]:
        return {"detector": type(detector).__name__}

    harness.client.app.add_api_route("/probe-detector", detect)  # type: ignore[attr-defined]
    harness.state.detector = None  # as on an instance started without a model
    missing = harness.client.get("/probe-detector")
    assert missing.status_code == 503
    assert missing.headers["content-type"] == PROBLEM_MEDIA_TYPE
    assert missing.json()["type"].endswith(":detector-not-loaded")

    class FakeDetector:
        pass

    # Any object will do: the dependency hands over what the state holds.
    harness.state.detector = cast(DamageDetector, FakeDetector())
    assert harness.client.get("/probe-detector").json() == {"detector": "FakeDetector"}
