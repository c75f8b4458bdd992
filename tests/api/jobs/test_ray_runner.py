"""The Ray runner: the job API works the same with the models on Ray Serve replicas, a replica
answering with another model is refused, and the default app never imports Ray.

The tests that need Ray start their own local instance (one per module: Ray's start costs
seconds of CPU) and are skipped, with the reason, where Ray is not installed or cannot start.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from api.auth.roles import Role
from api.config import DEFAULT_DETECTOR_DIR
from api.jobs.ray_runner import RemoteDetector, ReplicasFailed
from inference.artifact import load_card
from inference.detections import Detections
from inference.errors import ModelCardMismatch
from tests.fixtures import images
from tests.fixtures.harness import Harness

# Small Ray CPU shares, so the four deployments (detector, parts, photos, OCR) fit the instance the fixture starts.
RAY_JOBS: dict[str, Any] = {
    "runner": "ray",
    "workers": 2,
    "ray": {"cpus_per_replica": 0.5, "ocr_cpus_per_replica": 0.5, "call_timeout_seconds": 60},
}


@pytest.fixture(scope="module")
def ray_instance() -> Iterator[Any]:
    ray = pytest.importorskip("ray", reason="Ray is not installed (pip install -e '.[ray]')")
    serve = pytest.importorskip("ray.serve", reason="Ray Serve is not installed (pip install -e '.[ray]')")
    try:
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, namespace="claimsight-test")
    except Exception as exc:  # no shared memory, no free ports…: the suite still passes
        pytest.skip(f"Ray cannot start here: {type(exc).__name__}: {exc}")
    try:
        yield ray
    finally:
        serve.shutdown()
        ray.shutdown()


def test_an_assessment_job_runs_on_ray_serve_replicas(
    ray_instance: Any, harness_factory: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from api.assessments import analysis

    def not_here(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a photo was decoded in the API process")

    h: Harness
    with harness_factory(jobs=RAY_JOBS) as h:
        assert type(h.state.detector).__name__ == "RemotePhotos"  # the replicas hold the models
        monkeypatch.setattr(analysis, "decode_for_models", not_here)  # the photo replicas decode, not this process
        assert type(h.state.ocr).__name__ == "RemoteOcr"
        _, customer = h.login(Role.CUSTOMER)
        claim_id = str(h.create_claim(customer)["id"])
        assert h.upload_photo(customer, claim_id).status_code == 201
        _, adjuster = h.login(Role.SENIOR_ADJUSTER)

        response = h.client.post(f"/claims/{claim_id}/assessments", headers=adjuster)

        assert response.status_code == 202, response.text
        job = h.follow(response, adjuster)
        assert job["status"] == "succeeded" and job["attempts"] == 1, job
        result = h.client.get(job["result"], headers=customer).json()
        [photo] = h.client.get(f"/claims/{claim_id}/photos", headers=customer).json()
        assert photo["quality_checked"] is True  # checked on the replica, kept with the photo
        assert "unreadable" not in [check["code"] for check in photo["quality"]]
        card = load_card(DEFAULT_DETECTOR_DIR)
        assert result["model_version"] == card.version
        assert h.client.get("/models/damage-detector", headers=customer).json()["sha256"] == card.sha256

        # A document reading is a job too: OCR runs on its replica.
        document = h.client.post(
            f"/claims/{claim_id}/documents",
            files={"file": ("quote.png", images.png(seed=7), "image/png")},
            data={"kind": "repair_quote"},
            headers=customer,
        )
        assert document.status_code == 201, document.text
        reading = h.client.post(f"/claims/{claim_id}/documents/{document.json()['id']}/readings", headers=customer)
        assert reading.status_code == 202, reading.text
        read = h.follow(reading, customer)
        assert read["status"] == "succeeded" and read["kind"] == "document_reading", read


def test_a_replica_whose_model_does_not_match_its_card_stops_the_start(
    ray_instance: Any, harness_factory: Callable[..., Any], tmp_path: Path
) -> None:
    model_dir = tmp_path / "detector"
    shutil.copytree(DEFAULT_DETECTOR_DIR, model_dir)
    card = json.loads((model_dir / "model.json").read_text())
    card["sha256"] = "0" * 64
    (model_dir / "model.json").write_text(json.dumps(card))
    jobs = {**RAY_JOBS, "ray": {**RAY_JOBS["ray"], "max_constructor_retries": 1}}

    starting = harness_factory(
        jobs=jobs, ocr={"enabled": False}, parts={"enabled": False}, detector={"model_dir": model_dir}
    )
    with pytest.raises(ReplicasFailed, match="ModelCardMismatch"), starting:
        pass


class _Answer:
    def __init__(self, value: Any) -> None:
        self.value = value

    def result(self, timeout_s: float) -> Any:
        return self.value


class _Method:
    def __init__(self, sha256: str) -> None:
        self.sha256 = sha256

    def remote(self, image: Any) -> _Answer:
        return _Answer((self.sha256, Detections.empty()))


class _Handle:
    def __init__(self, sha256: str) -> None:
        self.detect = _Method(sha256)


def test_an_answer_from_another_model_is_refused() -> None:
    card = load_card(DEFAULT_DETECTOR_DIR)
    image = np.zeros((64, 64, 3), np.uint8)

    assert len(RemoteDetector(_Handle(card.sha256), card, 1.0).detect(image)) == 0
    with pytest.raises(ModelCardMismatch):
        RemoteDetector(_Handle("f" * 64), card, 1.0).detect(image)
    with pytest.raises(ModelCardMismatch):
        RemoteDetector(_Handle("f" * 64), card, 1.0).detect_batch([image])


def test_the_default_app_never_imports_ray(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from api.app import create_app\n"
        "from api.config import Settings\n"
        f"create_app(Settings(data_dir={str(tmp_path)!r}))\n"
        "import api.jobs.runners\n"
        "assert 'ray' not in sys.modules, 'ray imported'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]


def test_several_workers_with_the_ray_runner_need_a_cluster_address(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn
    from typer.testing import CliRunner

    from api.cli import app as cli
    from api.config import get_settings

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: calls.append(kwargs))
    monkeypatch.setenv("CLAIMSIGHT_JOBS__RUNNER", "ray")
    monkeypatch.setenv("CLAIMSIGHT_AUTH__JWT_SECRET", "s" * 40)
    get_settings.cache_clear()
    try:
        refused = CliRunner().invoke(cli, ["serve", "--workers", "2"])
        monkeypatch.setenv("CLAIMSIGHT_JOBS__RAY__ADDRESS", "127.0.0.1:6379")
        get_settings.cache_clear()
        accepted = CliRunner().invoke(cli, ["serve", "--workers", "2"])
    finally:
        get_settings.cache_clear()

    assert refused.exit_code == 2 and "CLAIMSIGHT_JOBS__RAY__ADDRESS" in refused.output
    assert accepted.exit_code == 0, accepted.output
    assert [call["workers"] for call in calls] == [2]


def test_ray_is_an_extra_and_never_a_serving_requirement() -> None:
    import tomllib

    from tests.test_project import ROOT

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert any(req.startswith("ray[serve]") for req in project["optional-dependencies"]["ray"])
    assert not any(req.startswith("ray") for req in project["dependencies"])


class _Deployment:
    """Stands in for a Serve deployment: records the options it was deployed with."""

    def __init__(self) -> None:
        self.options_given: dict[str, Any] = {}

    def options(self, **options: Any) -> _Deployment:
        self.options_given = options
        return self

    def bind(self, *args: Any) -> str:
        return "bound"


def test_ocr_replicas_and_cpus_are_set_apart_from_the_photo_models(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("ray.serve", reason="Ray Serve is not installed (pip install -e '.[ray]')")
    from ray import serve

    from api.config import Settings
    from api.jobs import ray_deployments
    from api.jobs.ray_runner import Scale, connect_models, scale_of

    monkeypatch.setenv("CLAIMSIGHT_JOBS__RAY__REPLICAS", "3")
    monkeypatch.setenv("CLAIMSIGHT_JOBS__RAY__CPUS_PER_REPLICA", "2")
    monkeypatch.setenv("CLAIMSIGHT_JOBS__RAY__OCR_REPLICAS", "1")
    monkeypatch.setenv("CLAIMSIGHT_JOBS__RAY__OCR_CPUS_PER_REPLICA", "0.5")
    settings = Settings(detector={"enabled": False}, parts={"enabled": False})
    assert scale_of(settings.jobs.ray) == Scale(3, 2.0)
    assert scale_of(settings.jobs.ray, ocr=True) == Scale(1, 0.5)

    ocr = _Deployment()
    monkeypatch.setattr(ray_deployments, "OcrDeployment", ocr)
    monkeypatch.setattr(serve, "start", lambda **kwargs: None)
    monkeypatch.setattr(serve, "run", lambda app, **kwargs: _Handle("0" * 64))
    models = connect_models(settings)

    assert models.ocr is not None and models.detector is None
    assert ocr.options_given["num_replicas"] == 1
    assert ocr.options_given["ray_actor_options"] == {"num_cpus": 0.5}
