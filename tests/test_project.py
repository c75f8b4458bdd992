"""The project's own files: packaging, commands and the serving image."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_pyproject_declares_console_script_extras_and_package_data() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert project["project"]["scripts"]["claimsight"] == "api.cli:app"
    extras = project["project"]["optional-dependencies"]
    assert any(req.startswith("torch") for req in extras["train"])
    assert not any(req.startswith(("torch", "ultralytics")) for req in project["project"]["dependencies"])
    assert any(req.startswith("pytest") for req in extras["dev"])
    assert set(project["tool"]["setuptools"]["packages"]["find"]["include"]) >= {
        "api*",
        "inference*",
        "pricing*",
        "training*",
    }
    assert "*.ini" in project["tool"]["setuptools"]["package-data"]["*"]


def test_the_two_commands_and_ci_exist() -> None:
    for script in ("scripts/serve.sh", "scripts/test.sh"):
        assert (ROOT / script).is_file()
    ci = ROOT / ".ci" / "run"
    assert os.access(ci, os.X_OK)
    assert "scripts/test.sh" in ci.read_text()
    readme = (ROOT / "README.md").read_text()
    assert "sh scripts/serve.sh" in readme and "sh scripts/test.sh" in readme


def test_the_image_points_every_model_setting_at_the_models_the_service_serves() -> None:
    """Installed as a package, the service cannot find models/ beside itself: each model path is
    set in the image, to the folder the repository's defaults serve (a new detector moves both)."""
    import re

    from api.config import DEFAULT_BUMPER_END_ROOT, DEFAULT_DAMAGED_PARTS_ROOT, DEFAULT_DETECTOR_DIR, DEFAULT_PARTS_DIR
    from inference.ocr.text_detector import DEFAULT_TEXT_DETECTOR_DIR

    env = dict(re.findall(r"(CLAIMSIGHT_[A-Z_]+)=(/app/\S+)", (ROOT / "Dockerfile").read_text()))
    wanted = {
        "CLAIMSIGHT_DETECTOR__MODEL_DIR": DEFAULT_DETECTOR_DIR,
        "CLAIMSIGHT_PARTS__MODEL_DIR": DEFAULT_PARTS_DIR,
        "CLAIMSIGHT_PARTS__DAMAGED_PARTS_ROOT": DEFAULT_DAMAGED_PARTS_ROOT,
        "CLAIMSIGHT_PARTS__BUMPER_END_ROOT": DEFAULT_BUMPER_END_ROOT,
        "CLAIMSIGHT_OCR__TEXT_DETECTOR_DIR": DEFAULT_TEXT_DETECTOR_DIR,
    }
    assert {name: env.get(name) for name in wanted} == {
        name: "/app/" + path.relative_to(ROOT).as_posix() for name, path in wanted.items()
    }
    assert all(path.is_dir() for path in wanted.values())


def test_serving_image_is_non_root_with_healthcheck_and_no_torch() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert dockerfile.startswith("#") and "FROM python:3.11-slim" in dockerfile
    assert "\nUSER claimsight" in dockerfile
    assert "HEALTHCHECK" in dockerfile and "/health" in dockerfile
    assert 'ARG EXTRAS=""' in dockerfile  # the default image installs no extra (the ray one is opt-in)
    assert 'RUN pip install ".${EXTRAS:+[$EXTRAS]}"' in dockerfile
    instructions = [line for line in dockerfile.splitlines() if not line.lstrip().startswith("#")]
    assert not any("torch" in line or "[train" in line or "[dev" in line for line in instructions)
    assert 'CMD ["claimsight", "serve", "--host", "0.0.0.0"]' in dockerfile
