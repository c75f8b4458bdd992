"""Static int8 quantisation on a tiny opset-11 convolution: QDQ per channel, opset raised, outputs kept."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("onnx")
pytest.importorskip("onnxruntime")

import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

from training.ocr_quantize import OPSET, quantize


def tiny_conv(path: Path) -> None:
    rng = np.random.default_rng(0)
    weight = numpy_helper.from_array(rng.normal(0, 0.3, (4, 3, 3, 3)).astype(np.float32), "w")
    bias = numpy_helper.from_array(rng.normal(0, 0.1, (4,)).astype(np.float32), "b")
    graph = helper.make_graph(
        [
            helper.make_node("Conv", ["x", "w", "b"], ["c"], pads=[1, 1, 1, 1]),
            helper.make_node("Relu", ["c"], ["y"]),
        ],
        "tiny",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, "h", "w"])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4, "h", "w"])],
        [weight, bias],
    )
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 11)]), str(path))


def run(path: Path, x: np.ndarray) -> np.ndarray:
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return np.asarray(session.run(None, {"x": x})[0])


def test_quantised_copy_is_int8_per_channel_and_close_to_the_original(tmp_path: Path) -> None:
    source, target = tmp_path / "float.onnx", tmp_path / "int8.onnx"
    tiny_conv(source)
    rng = np.random.default_rng(1)
    tensors = [rng.uniform(-1, 1, (1, 3, 32, 48)).astype(np.float32) for _ in range(8)]

    quantize(source, target, tensors)

    model = onnx.load(str(target))
    ops = [node.op_type for node in model.graph.node]
    assert {"QuantizeLinear", "DequantizeLinear", "Conv"} <= set(ops)
    assert next(o.version for o in model.opset_import if o.domain in ("", "ai.onnx")) == OPSET
    weights = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
    assert any(a.dtype == np.int8 and a.shape == (4, 3, 3, 3) for a in weights.values())
    scales = [a for name, a in weights.items() if name.startswith("w") and name.endswith("_scale")]
    assert scales and scales[0].shape == (4,)  # one scale per output channel
    x = rng.uniform(-1, 1, (1, 3, 40, 24)).astype(np.float32)  # another size than calibrated
    expected, got = run(source, x), run(target, x)
    assert got.shape == expected.shape
    assert float(np.abs(got - expected).max()) < 0.05 * float(expected.max())


def test_no_calibration_input_is_an_error(tmp_path: Path) -> None:
    tiny_conv(tmp_path / "float.onnx")
    with pytest.raises(ValueError, match="no calibration tensors"):
        quantize(tmp_path / "float.onnx", tmp_path / "int8.onnx", [])
