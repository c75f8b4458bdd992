"""Quantise RapidOCR's text detector to int8 for serving (``models/ocr-text-detector/<version>/``).

    python -m training.ocr_quantize --per-case 4 --seed 424242 --out models/ocr-text-detector/1.1.0

Calibration: synthetic harsh-case pages (``training.ocr_synth.harsh``, a seed of their own, never
the benchmark's) are decoded and read exactly as the service does, by the float32 detector; the
tensors its ONNX session receives are the calibration set. The model is converted to opset 17
(per-channel dequantisation needs an ``axis``), shape-inferred, then quantised statically: QDQ,
int8 weights per output channel in a 7-bit range (``reduce_range``: on a CPU without VNNI, ONNX
Runtime's uint8 x int8 kernels saturate on full-range weights; 1.0.0, made without it, read 81.3 %
of the harsh-case fields there against 91.4 % for float32; it is in git at 41f3b00), uint8
activations, ranges by min/max. Writes ``model.onnx`` and its card ``model.json``
(``inference.ocr.text_detector.TextDetectorCard``).
"""

from __future__ import annotations

import argparse
import io
import json
import random
import tempfile
from collections.abc import Iterator, Sequence
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from inference.artifact import sha256_file
from inference.ocr.engine import RapidOcrEngine, bundled_model_dir
from inference.ocr.text_detector import MODEL_FILE, NAME, TextDetectorCard
from inference.ocr.upload import decode_document, read_page
from training.ocr_synth.augment import degrade
from training.ocr_synth.harsh import CASES, make

BASE_MODEL = "PP-OCRv6_det_small.onnx"
OPSET = 17
Tensor = npt.NDArray[np.float32]


def calibration_pages(per_case: int, seed: int) -> Iterator[bytes]:
    """JPEG bytes of ``per_case`` photographed pages of every harsh case."""
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not secrets
    for index in range(per_case):
        for offset, case in enumerate(CASES):
            made = make(case, rng, index + offset)
            photo, recipe = degrade(made.image, rng, max_side=made.max_side, photocopy=False)
            buffer = io.BytesIO()
            photo.save(buffer, "JPEG", quality=recipe.jpeg_quality)
            yield buffer.getvalue()


class _Recorder:
    """Stands in for RapidOCR's detection session and keeps a copy of every input it runs."""

    def __init__(self, session: Any) -> None:
        self.session = session
        self.inputs: list[Tensor] = []

    def __call__(self, tensor: Tensor) -> Any:
        self.inputs.append(np.array(tensor, np.float32, copy=True))
        return self.session(tensor)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.session, name)


def detector_inputs(pages: Iterator[bytes], threads: int = 2) -> list[Tensor]:
    """The tensors the float32 detector receives while the serving pipeline reads ``pages``."""
    engine = RapidOcrEngine(threads=threads, text_detector=None)
    detector = engine._engine()._load_det_model()
    recorder = _Recorder(detector.session)
    detector.session = recorder
    try:
        for data in pages:
            read_page(decode_document(data), engine)
    finally:
        detector.session = recorder.session
    return recorder.inputs


class _Feed:
    """ONNX Runtime's calibration reader over a list of inputs (one run each)."""

    def __init__(self, name: str, tensors: Sequence[Tensor]) -> None:
        self._feeds = iter([{name: tensor} for tensor in tensors])

    def get_next(self) -> dict[str, Tensor] | None:
        return next(self._feeds, None)


def quantize(source: Path, target: Path, tensors: Sequence[Tensor]) -> None:
    """Write ``source`` quantised statically to int8 (QDQ, per channel) as ``target``."""
    import onnx
    import onnxruntime as ort
    from onnx import version_converter
    from onnxruntime.quantization import CalibrationMethod, QuantFormat, QuantType, quantize_static
    from onnxruntime.quantization.shape_inference import quant_pre_process

    if not tensors:
        raise ValueError("no calibration tensors: the pages produced no detection input")
    with tempfile.TemporaryDirectory() as scratch:
        converted, prepared = Path(scratch) / "opset.onnx", Path(scratch) / "prepared.onnx"
        onnx.save(version_converter.convert_version(onnx.load(str(source)), OPSET), str(converted))
        quant_pre_process(str(converted), str(prepared), skip_symbolic_shape=True)
        name = ort.InferenceSession(str(prepared), providers=["CPUExecutionProvider"]).get_inputs()[0].name
        target.parent.mkdir(parents=True, exist_ok=True)
        quantize_static(
            str(prepared),
            str(target),
            _Feed(name, tensors),
            quant_format=QuantFormat.QDQ,
            per_channel=True,
            activation_type=QuantType.QUInt8,
            weight_type=QuantType.QInt8,
            calibrate_method=CalibrationMethod.MinMax,
            reduce_range=True,
        )


def card(model: Path, base: Path, *, model_version: str, per_case: int, seed: int, tensors: int) -> TextDetectorCard:
    return TextDetectorCard(
        name=NAME,
        version=model_version,
        base_model=base.name,
        base_sha256=sha256_file(base),
        rapidocr=version("rapidocr"),
        onnxruntime=version("onnxruntime"),
        opset=OPSET,
        quantization="static QDQ; int8 weights per output channel in a 7-bit range (reduce_range), uint8 "
        "activations; min/max ranges",
        calibration=(
            f"{tensors} detector inputs from {per_case} pages of each harsh case ({', '.join(CASES)}), "
            f"seed {seed}, decoded and read as the service does (python -m training.ocr_quantize)"
        ),
        sha256=sha256_file(model),
        licence="Apache-2.0 (PaddleOCR's PP-OCRv6 weights, as shipped in the rapidocr wheel)",
        notes=(
            "Detection only; recognition and the angle classifier stay RapidOCR's float32 models. "
            "Fields and latency against the float32 detector: docs/benchmarks/ocr-harsh.md."
        ),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--per-case", type=int, default=4)
    parser.add_argument("--seed", type=int, default=424242)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--version", help="the card's version (default: the name of --out's folder)")
    parser.add_argument("--out", type=Path, default=Path("models") / NAME / "1.1.0")
    args = parser.parse_args(argv)
    base = bundled_model_dir() / BASE_MODEL
    tensors = detector_inputs(calibration_pages(args.per_case, args.seed), threads=args.threads)
    model = args.out / MODEL_FILE
    quantize(base, model, tensors)
    made = card(
        model,
        base,
        model_version=args.version or args.out.name,
        per_case=args.per_case,
        seed=args.seed,
        tensors=len(tensors),
    )
    (args.out / "model.json").write_text(json.dumps(made.model_dump(), indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {model} ({model.stat().st_size / 1e6:.1f} MB) from {len(tensors)} calibration inputs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
