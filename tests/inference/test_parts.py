"""The part segmenter's runtime: YOLO-seg decoding on tiny fixed-output ONNX graphs."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from inference.artifact import METADATA_KEY, sha256_file
from inference.errors import ModelCardMismatch
from inference.parts import OnnxPartSegmenter, decode_segment_raw, masks_to_image, part_side
from tests.inference.conftest import card_for

onnx = pytest.importorskip("onnx")
from onnx import ModelProto, TensorProto, helper, numpy_helper  # noqa: E402

PARTS = ["front_left_door", "hood", "wheel"]
IMGSZ = 64


def build_seg_model(rows: np.ndarray, protos: np.ndarray) -> ModelProto:
    """Outputs ``rows`` and ``protos`` (each repeated per batch item) whatever the input."""
    nodes = [
        helper.make_node("ReduceMean", ["images"], ["mean"], axes=[1, 2, 3], keepdims=1),
        helper.make_node("Mul", ["mean", "zero"], ["zeros4"]),
        helper.make_node("Reshape", ["zeros4", "shape3"], ["zeros3"]),
        helper.make_node("Add", ["zeros3", "rows"], ["output0"]),
        helper.make_node("Add", ["zeros4", "protos"], ["output1"]),
    ]
    inits = [
        numpy_helper.from_array(np.array([-1, 1, 1], np.int64), "shape3"),
        numpy_helper.from_array(np.zeros(1, np.float32), "zero"),
        numpy_helper.from_array(rows.astype(np.float32)[None], "rows"),
        numpy_helper.from_array(protos.astype(np.float32)[None], "protos"),
    ]
    graph = helper.make_graph(
        nodes,
        "fixed-seg",
        [helper.make_tensor_value_info("images", TensorProto.FLOAT, ["batch", 3, IMGSZ, IMGSZ])],
        [
            helper.make_tensor_value_info("output0", TensorProto.FLOAT, ["batch", *rows.shape]),
            helper.make_tensor_value_info("output1", TensorProto.FLOAT, ["batch", *protos.shape]),
        ],
        initializer=inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    return model


def write_model(tmp_path: Path, rows: np.ndarray, protos: np.ndarray, **card_update: object) -> Path:
    model_dir = tmp_path / "parts"
    model_dir.mkdir(exist_ok=True)
    card = card_for(
        **{"name": "car-parts", "task": "segment", "classes": PARTS, "trained_classes": PARTS, **card_update}
    )
    model = build_seg_model(rows, protos)
    model.metadata_props.add(key=METADATA_KEY, value=card.embedded_json())
    onnx.save(model, str(model_dir / "model.onnx"))
    final = card.model_copy(update={"sha256": sha256_file(model_dir / "model.onnx")})
    (model_dir / "model.json").write_text(json.dumps(final.model_dump()))
    return model_dir


def left_half_protos() -> np.ndarray:
    """One 16x16 prototype: +1 on the left half of the input, -1 on the right."""
    proto = -np.ones((1, IMGSZ // 4, IMGSZ // 4), np.float32)
    proto[:, :, : IMGSZ // 8] = 1
    return proto


def test_masks_come_back_at_image_resolution_and_inside_the_box(tmp_path: Path) -> None:
    # A 128x64 photo letterboxes to scale 0.5 with 16 px of padding above and below.
    rows = np.array(
        [
            [0, 16, 48, 48, 0.9, 0, 1.0],  # front_left_door, input box → image box (0, 0, 96, 64)
            [40, 16, 64, 48, 0.8, 1, -1.0],  # hood with a negated prototype: the right half
            [0, 0, 1, 1, 0.1, 2, 1.0],
        ],
        np.float32,
    )  # below the confidence threshold
    segmenter = OnnxPartSegmenter.load(write_model(tmp_path, rows, left_half_protos()), threads=1)

    found = segmenter.segment(np.zeros((64, 128, 3), np.uint8))

    assert found.mask is not None and found.mask.shape == (2, 64, 128)
    assert [segmenter.card.classes[c] for c in found.class_id] == ["front_left_door", "hood"]
    np.testing.assert_allclose(found.xyxy, [[0, 0, 96, 64], [80, 0, 128, 64]])
    door, hood = found.mask
    assert door[:, :64].all() and not door[:, 64:].any()  # the prototype's left half, at 128 px wide
    assert hood[:, 80:].all() and not hood[:, :80].any()  # the right half, cut to the hood's box


def test_no_parts_gives_empty_masks_of_the_image_size(tmp_path: Path) -> None:
    rows = np.array([[0, 0, 10, 10, 0.05, 0, 1.0]], np.float32)
    segmenter = OnnxPartSegmenter.load(write_model(tmp_path, rows, left_half_protos()))
    found = segmenter.segment(np.zeros((50, 70, 3), np.uint8))
    assert len(found) == 0 and found.mask is not None and found.mask.shape == (0, 50, 70)


def test_untrained_classes_are_never_reported(tmp_path: Path) -> None:
    rows = np.array([[0, 0, 32, 32, 0.9, 2, 1.0], [0, 0, 32, 32, 0.9, 1, 1.0]], np.float32)
    segmenter = OnnxPartSegmenter.load(
        write_model(tmp_path, rows, left_half_protos(), trained_classes=["front_left_door", "hood"])
    )
    assert segmenter.segment(np.zeros((64, 64, 3), np.uint8)).class_id.tolist() == [1]


def test_a_detector_card_or_a_changed_file_is_refused(tmp_path: Path) -> None:
    rows = np.array([[0, 0, 32, 32, 0.9, 0, 1.0]], np.float32)
    with pytest.raises(ModelCardMismatch, match="segment"):
        OnnxPartSegmenter.load(write_model(tmp_path, rows, left_half_protos(), task="detect"))
    model_dir = write_model(tmp_path, rows, left_half_protos())
    (model_dir / "model.onnx").write_bytes((model_dir / "model.onnx").read_bytes() + b"\0")
    with pytest.raises(ModelCardMismatch, match="sha256"):
        OnnxPartSegmenter.load(model_dir)


def test_raw_head_is_decoded_with_nms(tmp_path: Path) -> None:
    # (4 + nc + nm, anchors): two overlapping hoods and one wheel, centre boxes in input pixels
    raw = np.zeros((4 + 3 + 1, 3), np.float32)
    raw[0] = [16, 17, 50]  # cx
    raw[1] = [32, 33, 50]  # cy
    raw[2] = [32, 32, 8]  # w
    raw[3] = [32, 32, 8]  # h
    raw[4 + 1] = [0.9, 0.8, 0.0]  # hood scores
    raw[4 + 2] = [0.0, 0.0, 0.7]  # wheel score
    raw[7] = [1.0, 1.0, 1.0]  # mask coefficient
    xyxy, conf, cls, coef = decode_segment_raw(raw, n_classes=3, confidence=0.25)
    assert cls.tolist() == [1, 2] and conf.tolist() == pytest.approx([0.9, 0.7])
    np.testing.assert_allclose(xyxy[0], [0, 16, 32, 48])
    assert coef.shape == (2, 1)
    segmenter = OnnxPartSegmenter.load(write_model(tmp_path, raw, left_half_protos(), output_format="raw"))
    found = segmenter.segment(np.zeros((64, 64, 3), np.uint8))
    assert found.class_id.tolist() == [1, 2] and found.mask is not None and found.mask[0].sum() == 32 * 32


def test_mask_resize_keeps_letterbox_alignment() -> None:
    # a square photo: no padding, prototype left half → image left half
    masks = masks_to_image(
        np.ones((1, 1), np.float32), left_half_protos(), np.array([[0, 0, 200, 200]], np.float32), (200, 200)
    )
    assert masks[0, :, :100].all() and not masks[0, :, 101:].any()


@pytest.mark.parametrize(
    ("name", "side"),
    [
        ("front_left_door", "left"),
        ("back_right_light", "right"),
        ("left_mirror", "left"),
        ("hood", None),
        ("wheel", None),
    ],
)
def test_part_side_comes_from_the_part_code(name: str, side: str | None) -> None:
    assert part_side(name) == side


def test_the_fake_segmenter_meets_the_protocol_and_matches_the_fake_detector() -> None:
    from inference.matching import match_damage_to_parts
    from inference.parts import PartSegmenter
    from tests.fixtures.fake_detector import FakeDetector
    from tests.fixtures.fake_parts import FakePartSegmenter

    segmenter: PartSegmenter = FakePartSegmenter()
    image = np.zeros((120, 160, 3), np.uint8)
    match = match_damage_to_parts(FakeDetector().detect(image), segmenter.segment(image), segmenter.card.classes)[0]
    assert (match.part, match.side, match.method) == ("front_left_door", "left", "mask_overlap")


def test_many_instances_are_resized_in_chunks_opencv_accepts() -> None:
    coefficients = np.ones((300, 1), np.float32)
    boxes = np.tile(np.array([[0, 0, 100, 50]], np.float32), (300, 1))
    masks = masks_to_image(coefficients, left_half_protos(), boxes, (100, 50))
    assert masks.shape == (300, 50, 100) and masks[:, :, :50].all() and not masks[:, :, 51:].any()
