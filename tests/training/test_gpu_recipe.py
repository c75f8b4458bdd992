"""The GPU recipe's script parses and its README's smoke command uses arguments the trainer accepts."""

from __future__ import annotations

import shlex
import subprocess
from pathlib import Path

GPU = Path(__file__).resolve().parents[2] / "training" / "gpu"


def test_run_script_is_valid_sh_and_passes_arguments_on() -> None:
    result = subprocess.run(["sh", "-n", str(GPU / "run.sh")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert '"$@"' in (GPU / "run.sh").read_text()


def test_readme_smoke_command_names_only_known_options() -> None:
    readme = (GPU / "README.md").read_text()
    smoke = readme.split("-m training.gpu.train", 1)[1].split("```", 1)[0].replace("\\\n", " ")
    options = {word for word in shlex.split(smoke) if word.startswith("--")}
    source = (GPU / "train.py").read_text()
    assert options and all(f'"{option}"' in source for option in options)
