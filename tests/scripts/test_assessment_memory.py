from __future__ import annotations

import pytest

from scripts.assessment_memory import REPO_ROOT, measure_assessment_memory


@pytest.mark.slow
def test_one_assessment_is_measured_in_a_fresh_process() -> None:
    if not (REPO_ROOT / "models" / "damage-detector" / "2.0.0" / "model.onnx").is_file():
        pytest.skip("the bundled detector is not in this checkout")
    result = measure_assessment_memory(2.0)

    assert (result.width, result.height) == (1632, 1224)
    assert 0 < result.decode_ms < 1000
    assert 0 < result.peak_mb < result.process_peak_mb
    assert result.peak_mb < 100  # decoded for the models, not at 2 MP
