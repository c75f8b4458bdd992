"""A tiny ONNX model with a fixed output, so the runtime is tested without the real detector."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from inference.artifact import METADATA_KEY, ModelCard, sha256_file

CLASSES = ["dent", "scratch", "crack", "glass_shatter", "lamp_broken", "tire_flat"]
IMGSZ = 64


def build_fixed_output_model(rows: np.ndarray, imgsz: int = IMGSZ) -> Any:
    """A model whose output is ``rows`` (K, 6) repeated per batch item, whatever the input."""
    from onnx import TensorProto, helper, numpy_helper

    nodes = [
        helper.make_node("ReduceMean", ["images"], ["mean"], axes=[1, 2, 3], keepdims=1),
        helper.make_node("Reshape", ["mean", "shape"], ["mean3"]),
        helper.make_node("Mul", ["mean3", "zero"], ["zeros"]),
        helper.make_node("Add", ["zeros", "rows"], ["output0"]),
    ]
    inits = [
        numpy_helper.from_array(np.array([-1, 1, 1], np.int64), "shape"),
        numpy_helper.from_array(np.zeros(1, np.float32), "zero"),
        numpy_helper.from_array(rows.astype(np.float32)[None], "rows"),
    ]
    graph = helper.make_graph(
        nodes,
        "fixed",
        [helper.make_tensor_value_info("images", TensorProto.FLOAT, ["batch", 3, imgsz, imgsz])],
        [helper.make_tensor_value_info("output0", TensorProto.FLOAT, ["batch", rows.shape[0], 6])],
        initializer=inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    return model


def card_for(**update: object) -> ModelCard:
    """A test card; ``update`` overrides any field (the sha256 is a placeholder until written)."""
    base = ModelCard(
        name="damage-detector",
        version="0.0.0-test",
        classes=CLASSES,
        trained_classes=["dent", "scratch", "glass_shatter", "lamp_broken"],
        imgsz=IMGSZ,
        output_format="end2end",
        opset=17,
        confidence_threshold=0.25,
        sha256="0" * 64,
        dataset_manifest_hash="test",
        training_commit="test",
        architecture="fixed-output test graph",
        licence="test",
    )
    return base.model_copy(update=update)


ModelDirFactory = Callable[..., Path]


@pytest.fixture
def make_model_dir(tmp_path: Path) -> ModelDirFactory:
    """Write ``model.onnx`` + ``model.json``; ``embed`` and ``card_update`` let a test break the pair."""

    def make(
        rows: np.ndarray,
        *,
        embed: bool = True,
        card_update: dict[str, object] | None = None,
        card_fields: dict[str, object] | None = None,
    ) -> Path:
        onnx = pytest.importorskip("onnx", reason="onnx (dev extra) builds the test graphs")
        model_dir = tmp_path / "model"
        model_dir.mkdir(exist_ok=True)
        model = build_fixed_output_model(rows)
        card = card_for(**(card_fields or {}))
        if embed:
            model.metadata_props.add(key=METADATA_KEY, value=card.embedded_json())
        onnx.save(model, str(model_dir / "model.onnx"))
        final = card.model_copy(update={"sha256": sha256_file(model_dir / "model.onnx"), **(card_update or {})})
        (model_dir / "model.json").write_text(json.dumps(final.model_dump()))
        return model_dir

    return make
